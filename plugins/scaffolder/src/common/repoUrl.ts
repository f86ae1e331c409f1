/**
 * The `RepoUrlPicker` value: `host?owner=o&repo=r` (Backstage's form, also carrying
 * `organization`, `workspace`, `project` for hosts that have them). Shared by the picker and the
 * `parseRepoUrl` filter so both read it the same way.
 */
export interface RepoUrlValue {
  host: string;
  repo: string;
  owner?: string;
  organization?: string;
  workspace?: string;
  project?: string;
}

const extraKeys = ['owner', 'organization', 'workspace', 'project'] as const;

/** Parses `host?owner=…&repo=…`; throws an Error naming what is missing. */
export function parseRepoUrlValue(value: string): RepoUrlValue {
  const question = value.indexOf('?');
  const host = (question === -1 ? value : value.slice(0, question)).trim();
  const params = new URLSearchParams(question === -1 ? '' : value.slice(question + 1));
  if (!host || /[\s/@]/.test(host)) {
    throw new Error(`Invalid repository URL "${value}": it must start with a host name`);
  }
  const repo = params.get('repo');
  if (!repo) throw new Error(`Invalid repository URL "${value}": it has no repo=`);
  const result: RepoUrlValue = { host, repo };
  for (const key of extraKeys) {
    const found = params.get(key);
    if (found) result[key] = found;
  }
  return result;
}

/** Builds `host?owner=…&repo=…` (keys in Backstage's order, empty ones left out). */
export function formatRepoUrlValue(value: RepoUrlValue): string {
  const params = new URLSearchParams();
  for (const key of extraKeys) {
    const found = value[key];
    if (found) params.set(key, found);
  }
  params.set('repo', value.repo);
  return `${value.host}?${params.toString()}`;
}
