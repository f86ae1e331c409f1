import { formatRepoUrlValue, type PublishTargetDescription } from '../../common';

/**
 * The `RepoUrlPicker`'s three inputs and the value they make: `host?owner=o&repo=r` (Backstage's
 * form, built with the shared `formatRepoUrlValue`). A half-filled picker still has a value, so
 * that validation can say which part is missing instead of only "required".
 */
export interface RepoUrlParts {
  host: string;
  owner: string;
  repo: string;
}

export const emptyRepoUrlParts: RepoUrlParts = { host: '', owner: '', repo: '' };

/** The value to store; undefined while every input is empty. */
export function buildRepoUrlValue(parts: RepoUrlParts): string | undefined {
  const host = parts.host.trim();
  const owner = parts.owner.trim();
  const repo = parts.repo.trim();
  if (!host && !owner && !repo) return undefined;
  if (host && repo) return formatRepoUrlValue({ host, owner: owner || undefined, repo });
  const params = new URLSearchParams();
  if (owner) params.set('owner', owner);
  if (repo) params.set('repo', repo);
  const query = params.toString();
  return `${host}?${query}`;
}

/** Reads a stored value back into the inputs, leniently: missing parts are empty. */
export function readRepoUrlValue(value: unknown): RepoUrlParts {
  if (typeof value !== 'string' || !value) return { ...emptyRepoUrlParts };
  const question = value.indexOf('?');
  const host = question === -1 ? value : value.slice(0, question);
  const params = new URLSearchParams(question === -1 ? '' : value.slice(question + 1));
  return {
    host: host.trim(),
    owner: params.get('owner') ?? '',
    repo: params.get('repo') ?? '',
  };
}

/** `ui:options` of the picker that limit what may be chosen. */
export interface RepoUrlRules {
  allowedHosts?: string[];
  allowedOwners?: string[];
  allowedRepos?: string[];
}

export function readRepoUrlRules(options: Record<string, unknown>): RepoUrlRules {
  return {
    allowedHosts: stringList(options.allowedHosts),
    allowedOwners: stringList(options.allowedOwners),
    allowedRepos: stringList(options.allowedRepos),
  };
}

/** The hosts to offer: the configured targets, narrowed to the template's `allowedHosts`. */
export function availableTargets(
  targets: readonly PublishTargetDescription[],
  rules: RepoUrlRules,
): PublishTargetDescription[] {
  if (!rules.allowedHosts) return [...targets];
  const allowed = new Set(rules.allowedHosts.map(host => host.toLowerCase()));
  return targets.filter(target => allowed.has(target.host.toLowerCase()));
}

/**
 * The owners to offer for a host, or undefined when any may be typed: the template's
 * `allowedOwners` and the target's, whichever exist (both: those in both).
 */
export function ownerChoices(
  target: PublishTargetDescription | undefined,
  rules: RepoUrlRules,
): string[] | undefined {
  const fromTarget = target?.allowedOwners;
  const fromTemplate = rules.allowedOwners;
  if (fromTarget && fromTemplate) return fromTemplate.filter(owner => fromTarget.includes(owner));
  return fromTemplate ?? fromTarget;
}

export type RepoUrlProblems = Partial<Record<keyof RepoUrlParts, string>>;

/** A path segment a git host accepts: letters, digits, `.`, `-`, `_`, not starting with `.`. */
const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** What is wrong with each input, worded for the person filling the form. */
export function repoUrlProblems(
  parts: RepoUrlParts,
  rules: RepoUrlRules,
  targets?: readonly PublishTargetDescription[],
): RepoUrlProblems {
  const problems: RepoUrlProblems = {};
  const host = parts.host.trim();
  const owner = parts.owner.trim();
  const repo = parts.repo.trim();

  const target = targets?.find(item => item.host.toLowerCase() === host.toLowerCase());
  if (!host) {
    problems.host = 'Choose where the repository will be created.';
  } else if (rules.allowedHosts && !rules.allowedHosts.some(item => sameText(item, host))) {
    problems.host = `This template publishes only to ${rules.allowedHosts.join(', ')}.`;
  } else if (targets && !target) {
    problems.host = `${host} is not a publish target of this Callboard.`;
  }

  const owners = ownerChoices(target, rules);
  if (!owner) {
    problems.owner = owners
      ? 'Choose the owner: the organisation or group the repository belongs to.'
      : 'Enter the owner: the organisation or group the repository belongs to.';
  } else if (owners && !owners.includes(owner)) {
    problems.owner = owners.length
      ? `Choose one of the allowed owners: ${owners.join(', ')}.`
      : 'No owner is allowed here: the template and the publish target have none in common.';
  } else if (!owner.split('/').every(part => segment.test(part))) {
    problems.owner =
      'An owner is made of letters, digits, ".", "-" and "_" (groups separated by "/").';
  }

  if (!repo) {
    problems.repo = 'Enter a name for the new repository.';
  } else if (rules.allowedRepos && !rules.allowedRepos.includes(repo)) {
    problems.repo = `Choose one of the allowed repositories: ${rules.allowedRepos.join(', ')}.`;
  } else if (!segment.test(repo) || repo.endsWith('.git')) {
    problems.repo =
      'A repository name is made of letters, digits, ".", "-" and "_", without ".git" at the end.';
  }
  return problems;
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string' && item.length > 0);
}
