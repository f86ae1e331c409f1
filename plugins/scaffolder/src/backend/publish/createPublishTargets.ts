import { isAbsolute } from 'node:path';
import type { ScaffolderConfig } from '../config/scaffolderConfig';
import type { PublishTarget } from './PublishTarget';
import { createFolderTarget } from './folderTarget';
import { createGitTarget } from './gitTarget';
import { parseIntegrations } from './integrationCredentials';

export interface CreatePublishTargetsOptions {
  /** `scaffolder.targets`, validated. */
  targets: ScaffolderConfig['targets'];
  /**
   * Makes a target's relative path (`directory`, `sshKeyFile`) absolute: against the folder of
   * the config file that set it. Absolute paths are passed in too and must come back unchanged.
   */
  resolvePath: (path: string) => string;
  /** `backend.baseUrl`: folder targets' repositories are served below it. */
  baseUrl: string;
  /** The merged `integrations` block of app-config (credentials of http remotes). */
  integrations: unknown;
}

/**
 * One `PublishTarget` per configured entry. Throws (naming `scaffolder.targets[i]`) for two
 * targets with one host, for more than one folder target (the git router serves one folder at
 * `/api/scaffolder/git`, so two would share URLs), and for a remote that is neither http(s) nor
 * ssh or that carries credentials.
 */
export function createPublishTargets(options: CreatePublishTargetsOptions): PublishTarget[] {
  const integrations = parseIntegrations(options.integrations);
  const resolvePath = (path: string) => {
    const resolved = options.resolvePath(path);
    if (!isAbsolute(resolved)) throw new Error(`resolvePath gave a relative path for ${path}`);
    return resolved;
  };

  const hosts = new Map<string, number>();
  let folderIndex: number | undefined;
  return options.targets.map((config, index) => {
    const key = `scaffolder.targets[${index}]`;
    const earlier = hosts.get(config.host);
    if (earlier !== undefined) {
      throw new Error(
        `${key}: the host ${JSON.stringify(config.host)} is already used by scaffolder.targets[${earlier}]; every target needs its own host`,
      );
    }
    hosts.set(config.host, index);
    const common = {
      host: config.host,
      title: config.title ?? config.host,
      ...(config.allowedOwners ? { allowedOwners: config.allowedOwners } : {}),
    };
    if (config.type === 'folder') {
      if (folderIndex !== undefined) {
        throw new Error(
          `${key}: only one folder target is supported (scaffolder.targets[${folderIndex}] is one); its repositories are served at /api/scaffolder/git`,
        );
      }
      folderIndex = index;
      return createFolderTarget({
        ...common,
        directory: resolvePath(config.directory),
        baseUrl: options.baseUrl,
      });
    }
    try {
      return createGitTarget({
        ...common,
        remote: config.remote,
        ...(config.browseUrl ? { browseUrl: config.browseUrl } : {}),
        ...(config.sshKeyFile ? { sshKeyFile: resolvePath(config.sshKeyFile) } : {}),
        integrations,
      });
    } catch (error) {
      throw new Error(`${key}: ${(error as Error).message}`, { cause: error });
    }
  });
}
