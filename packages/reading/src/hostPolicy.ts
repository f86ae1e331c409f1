import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { NotAllowedError } from '@callboard/plugin-api/common';
import { classifyAddress } from './ipAddresses';
import { unresolvableHost } from './readingErrors';
import type { ReadingAllowRule, ReadingConfig } from './readingConfig';

export type GitHostKind = 'github' | 'gitlab' | 'git';

/** A host whose URLs are git repositories, with the credentials configured for it. */
export interface GitHost {
  kind: GitHostKind;
  /** The config key that makes it a git host, for messages (`integrations.github`). */
  configKey: string;
  /** `Authorization` header value, when the integration has a token. Secret. */
  authorization?: string;
  /** Strings that must never appear in an error message or log line. */
  secrets: string[];
  /**
   * Whether `…/blob/<ref>/<path>` and `…/tree/<ref>/<path>` are pages a person can open: on the
   * forges and this backend's own git server, not on a plain git host (smart HTTP only), where
   * they would be 404s.
   */
  browsable: boolean;
}

/** Where to connect for a URL that passed the checks. */
export interface ResolvedHost {
  /** The host name without IPv6 brackets. */
  hostname: string;
  port: number;
  /** The addresses that were checked; connect only to these (DNS may answer differently later). */
  addresses: Array<{ address: string; family: 4 | 6 }>;
}

export interface HostPolicy {
  /** The git host a URL belongs to, or undefined for a plain http(s) host. */
  gitHostFor(url: URL): GitHost | undefined;
  /**
   * Throws `NotAllowedError` unless the URL's host is an integration host or matches
   * `backend.reading.allow`; then resolves it and refuses loopback, private, link-local and other
   * non-public addresses unless `backend.reading.allow` lists the host (with its port) exactly.
   */
  check(url: URL, signal?: AbortSignal): Promise<ResolvedHost>;
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Splits `name[:port]` (IPv6 in brackets) into its parts. */
function splitHost(host: string): { name: string; port?: number } {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!match?.[1]) return { name: host };
  return { name: match[1], port: match[2] === undefined ? undefined : Number(match[2]) };
}

/**
 * Whether a configured host (`name`, `name:port`, `*.name`) matches a URL. A host without a port
 * matches the scheme's default port only, as `url.host` comparisons in Backstage do.
 */
export function hostMatches(configured: string, url: URL): boolean {
  const { name, port } = splitHost(configured.toLowerCase());
  const hostname = url.hostname.toLowerCase();
  const nameMatches = name.startsWith('*.')
    ? hostname.endsWith(name.slice(1)) && hostname.length > name.length - 1
    : hostname === name;
  if (!nameMatches) return false;
  return port === undefined ? url.port === '' : port === effectivePort(url);
}

function ruleMatches(rule: ReadingAllowRule, url: URL): boolean {
  if (!hostMatches(rule.host, url)) return false;
  return rule.paths === undefined || rule.paths.some(path => url.pathname.startsWith(path));
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function gitHost(kind: GitHostKind, index: number, username?: string, token?: string): GitHost {
  const configKey = `integrations.${kind}`;
  const browsable = kind !== 'git';
  if (token === undefined || username === undefined) {
    return { kind, configKey, secrets: [], browsable };
  }
  const authorization = basic(username, token);
  return {
    kind,
    browsable,
    configKey: `${configKey}[${index}]`,
    authorization,
    secrets: [token, authorization.slice('Basic '.length), `${username}:${token}`],
  };
}

/**
 * `<baseUrl>/api/…` of this backend: served by the portal itself (the scaffolder's repositories),
 * so readable as a git host on any address, loopback included, with no config.
 */
function ownApiMatcher(baseUrl: string | undefined): (url: URL) => boolean {
  if (baseUrl === undefined) return () => false;
  const own = new URL(baseUrl);
  const apiPath = `${own.pathname.replace(/\/+$/, '')}/api/`;
  return url =>
    url.protocol === own.protocol && hostMatches(own.host, url) && url.pathname.startsWith(apiPath);
}

export function createHostPolicy(config: ReadingConfig): HostPolicy {
  const { integrations, allow } = config;
  const isOwnApi = ownApiMatcher(config.ownBaseUrl);

  const gitHostFor = (url: URL): GitHost | undefined => {
    const github = integrations.github.findIndex(entry => hostMatches(entry.host, url));
    if (github !== -1) {
      return gitHost('github', github, 'x-access-token', integrations.github[github]?.token);
    }
    const gitlab = integrations.gitlab.findIndex(entry => hostMatches(entry.host, url));
    if (gitlab !== -1) {
      return gitHost('gitlab', gitlab, 'oauth2', integrations.gitlab[gitlab]?.token);
    }
    const git = integrations.git.findIndex(entry => hostMatches(entry.host, url));
    if (git !== -1) {
      const entry = integrations.git[git];
      // This backend's own repositories have browse pages even when its host is also listed.
      const host = gitHost('git', git, entry?.username, entry?.token);
      return isOwnApi(url) ? { ...host, browsable: true } : host;
    }
    if (hostMatches('github.com', url)) return gitHost('github', 0);
    if (hostMatches('gitlab.com', url)) return gitHost('gitlab', 0);
    if (isOwnApi(url)) {
      return { kind: 'git', configKey: 'backend.baseUrl', secrets: [], browsable: true };
    }
    return undefined;
  };

  const assertListed = (url: URL) => {
    if (gitHostFor(url) || allow.some(rule => ruleMatches(rule, url))) return;
    const hostRules = allow.filter(rule => hostMatches(rule.host, url));
    if (hostRules.length > 0) {
      const paths = hostRules.flatMap(rule => rule.paths ?? []);
      throw new NotAllowedError(
        `Reading from ${url.host} is not allowed for the path ${url.pathname}: backend.reading.allow lists this host only for paths starting with ${paths.map(path => JSON.stringify(path)).join(', ')}`,
      );
    }
    throw new NotAllowedError(
      `Reading from ${url.host} is not allowed: it is not an integration host (integrations.github, integrations.gitlab, integrations.git) and does not match backend.reading.allow; add { host: ${JSON.stringify(url.host)} } to backend.reading.allow to read plain files from it`,
    );
  };

  /** A non-public address is fine only when an allow rule names exactly this host and port. */
  const explicitlyAllowed = (url: URL) =>
    isOwnApi(url) || allow.some(rule => !rule.host.startsWith('*.') && hostMatches(rule.host, url));

  return {
    gitHostFor,
    async check(url, signal) {
      assertListed(url);
      const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = effectivePort(url);
      let addresses: ResolvedHost['addresses'];
      const literal = isIP(hostname);
      if (literal !== 0) {
        addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
      } else {
        try {
          const found = await lookup(hostname, { all: true, verbatim: true });
          addresses = found.map(({ address, family }) => ({
            address,
            family: family === 6 ? 6 : 4,
          }));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw unresolvableHost(url.host, code);
        }
        signal?.throwIfAborted();
      }
      if (addresses.length === 0) {
        throw unresolvableHost(url.host);
      }
      if (!explicitlyAllowed(url)) {
        for (const { address } of addresses) {
          const kind = classifyAddress(address);
          if (kind !== undefined) {
            const resolves = literal !== 0 ? 'it is' : `it resolves to ${address},`;
            throw new NotAllowedError(
              `Reading from ${url.host} is not allowed: ${resolves} a ${kind} address. To read from it anyway, add { host: ${JSON.stringify(url.host)} } to backend.reading.allow (the exact host and port; wildcards do not count)`,
            );
          }
        }
      }
      return { hostname, port, addresses };
    },
  };
}
