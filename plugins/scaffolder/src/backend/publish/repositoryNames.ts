import { InputError } from '@callboard/plugin-api/common';
import { repositoryNamePattern } from '../config/scaffolderConfig';

/**
 * Checks an owner or repository name from a `RepoUrlPicker` value. Names become path segments
 * (of a folder on disk, of a URL), so only letters, digits, `.`, `_` and `-` are accepted, never
 * starting with a dot or dash (`..`, `.git`, `-x` are refused), and never ending in `.git` or
 * `.lock`, which git treats specially.
 */
export function checkRepositoryName(kind: 'owner' | 'repo', name: string): string {
  if (!repositoryNamePattern.test(name) || /\.(git|lock)$/i.test(name)) {
    throw new InputError(
      `Invalid ${kind} name ${JSON.stringify(name)}: use letters, digits, ".", "_" and "-" (at most 100, starting with a letter or digit, not ending in .git)`,
    );
  }
  return name;
}

/** Refuses an owner outside the target's `allowedOwners`. */
export function checkAllowedOwner(
  owner: string,
  allowedOwners: readonly string[] | undefined,
  host: string,
): void {
  if (allowedOwners && !allowedOwners.includes(owner)) {
    throw new InputError(
      `The owner ${JSON.stringify(owner)} is not allowed on ${host}: use one of ${allowedOwners.join(', ')}`,
    );
  }
}

/**
 * A branch name git accepts (the rules of `git check-ref-format --branch`, stricter where it is
 * cheap): no `..`, `@{`, control characters, spaces or `~^:?*[\`; segments not starting with `.`
 * and not ending in `.lock`; not starting with `-`.
 */
export function checkBranchName(branch: string): string {
  const valid =
    branch.length > 0 &&
    branch.length <= 200 &&
    /^[A-Za-z0-9._/+-]+$/.test(branch) &&
    !branch.startsWith('-') &&
    !branch.includes('..') &&
    !branch.endsWith('.') &&
    branch !== 'HEAD' &&
    branch
      .split('/')
      .every(part => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
  if (!valid) throw new InputError(`Invalid branch name ${JSON.stringify(branch)}`);
  return branch;
}
