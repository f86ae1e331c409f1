import { z } from 'zod';

/**
 * The parts of app-config's `integrations` block that publishing reads: the same keys the
 * catalog's readers use (Backstage's), so one token serves reading and publishing. Other keys
 * and integration types are tolerated.
 */
const integrationsSchema = z
  .looseObject({
    github: z
      .array(
        z.looseObject({ host: z.string().default('github.com'), token: z.string().optional() }),
      )
      .default([]),
    gitlab: z
      .array(
        z.looseObject({ host: z.string().default('gitlab.com'), token: z.string().optional() }),
      )
      .default([]),
    git: z
      .array(
        z.looseObject({
          host: z.string(),
          username: z.string().optional(),
          token: z.string().optional(),
        }),
      )
      .default([]),
  })
  .default({ github: [], gitlab: [], git: [] });

export type IntegrationsBlock = z.output<typeof integrationsSchema>;

/** Validates the merged `integrations` block; throws a zod error for a malformed one. */
export function parseIntegrations(integrations: unknown): IntegrationsBlock {
  return integrationsSchema.parse(integrations ?? undefined);
}

/** HTTP credentials for one remote: the `Authorization` header value and what to mask. */
export interface HttpCredentials {
  /** `integrations.git[0]`, for log lines (never the token). */
  source: string;
  authorization: string;
  secrets: string[];
}

function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'https:' ? '443' : '80';
}

/** A configured `host` or `host:port` matches a URL; without a port, only the default port. */
function hostMatches(configured: string, url: URL): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(configured.trim().toLowerCase());
  if (!match) return false;
  if (match[1] !== url.hostname.toLowerCase()) return false;
  return match[2] === undefined ? url.port === '' : match[2] === effectivePort(url);
}

function basic(source: string, username: string, token: string): HttpCredentials {
  const encoded = Buffer.from(`${username}:${token}`).toString('base64');
  return {
    source,
    authorization: `Basic ${encoded}`,
    secrets: [token, encoded, `${username}:${token}`],
  };
}

/**
 * The credentials `integrations` configures for an http(s) remote: GitHub tokens as
 * `x-access-token:<token>`, GitLab tokens as `oauth2:<token>`, generic git hosts as
 * `<username>:<token>`, all sent as Basic auth (what every forge's smart HTTP accepts).
 */
export function credentialsFor(
  integrations: IntegrationsBlock,
  url: URL,
): HttpCredentials | undefined {
  const github = integrations.github.findIndex(entry => hostMatches(entry.host, url));
  const githubToken = integrations.github[github]?.token;
  if (github !== -1) {
    return githubToken
      ? basic(`integrations.github[${github}]`, 'x-access-token', githubToken)
      : undefined;
  }
  const gitlab = integrations.gitlab.findIndex(entry => hostMatches(entry.host, url));
  const gitlabToken = integrations.gitlab[gitlab]?.token;
  if (gitlab !== -1) {
    return gitlabToken ? basic(`integrations.gitlab[${gitlab}]`, 'oauth2', gitlabToken) : undefined;
  }
  const git = integrations.git.findIndex(entry => hostMatches(entry.host, url));
  const entry = integrations.git[git];
  if (entry?.token) {
    return basic(`integrations.git[${git}]`, entry.username ?? 'git', entry.token);
  }
  return undefined;
}

/**
 * Credentials for a token the step supplied (`publish:git`'s `token`), sent as the forge expects
 * it: the user name the host's integration entry implies, in the order `credentialsFor` looks
 * (`x-access-token` for GitHub, `oauth2` for GitLab, the configured `username` for a git host),
 * and `x-access-token` for a host no integration names.
 */
export function tokenCredentialsFor(
  integrations: IntegrationsBlock,
  url: URL,
  token: string,
): HttpCredentials {
  const source = "the step's token";
  if (integrations.github.some(entry => hostMatches(entry.host, url))) {
    return basic(source, 'x-access-token', token);
  }
  if (integrations.gitlab.some(entry => hostMatches(entry.host, url))) {
    return basic(source, 'oauth2', token);
  }
  const git = integrations.git.find(entry => hostMatches(entry.host, url));
  return basic(source, git ? (git.username ?? 'git') : 'x-access-token', token);
}
