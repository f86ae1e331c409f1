import {
  BadGatewayError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@callboard/plugin-api/common';

/**
 * Why a read failed, as a typed error with a sentence the person who typed the URL can act on.
 * Every reader (DNS check, plain HTTP, git) turns its low-level failure into one of these here,
 * so the API and the import page never answer "Internal server error" for a host that does not
 * resolve or a repository that does not exist. The host is named, never the whole URL with its
 * query (it may hold a signature).
 *
 * - the host cannot be reached (DNS, refused, reset, TLS, timeout): `BadGatewayError` (502)
 * - the forge wants credentials or refuses them (401/403): `NotAllowedError` (403)
 * - nothing there (404): `NotFoundError` (404)
 * - something there, but not a git repository: `InputError` (400)
 */

/**
 * The repository (or folder) is there but holds no `catalog-info.yaml`: an answer of its own for
 * analyze-location (nothing to import yet), a 404 everywhere else.
 */
export class MissingDescriptorError extends NotFoundError {}

/** Node's (getaddrinfo's) codes for a name that does not resolve. */
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

const checkNetwork = "check the URL, or this machine's network, DNS and proxy settings";

export function unresolvableHost(host: string, code?: string): BadGatewayError {
  const why = code === 'EAI_AGAIN' ? ' (the DNS server did not answer in time)' : '';
  return new BadGatewayError(`Could not resolve host ${host}${why} — ${checkNetwork}`);
}

export function refusedConnection(host: string): BadGatewayError {
  return new BadGatewayError(
    `${host} refused the connection — check the URL and port, and that the server is running`,
  );
}

export function closedConnection(host: string): BadGatewayError {
  return new BadGatewayError(
    `${host} closed the connection before answering — try again, or check a proxy or firewall in between`,
  );
}

export function unreachableHost(host: string, code: string): BadGatewayError {
  return new BadGatewayError(
    `${host} cannot be reached from this machine (${code}) — ${checkNetwork}`,
  );
}

export function tlsProblem(host: string, detail: string, trust: string): BadGatewayError {
  return new BadGatewayError(
    `TLS certificate problem with ${host}: ${detail.replace(/\.$/, '')} — fix the server's certificate, or trust its certificate authority (${trust})`,
  );
}

export function connectTimeout(host: string): BadGatewayError {
  return new BadGatewayError(`Connecting to ${host} timed out — ${checkNetwork}`);
}

/** The forge answered 401 or 403: credentials are missing, wrong, or not enough for this URL. */
export function forgeRefused(options: {
  host: string;
  what: string;
  status?: string;
  /** `integrations.github[0]` when a token was sent, else undefined. */
  configuredKey?: string;
  /** `integrations.github`: where a token would go. */
  integrationKey: string;
}): NotAllowedError {
  const answered = `${options.host} answered ${options.status ?? '401/403'}`;
  return new NotAllowedError(
    options.configuredKey
      ? `The git host refused the credentials of ${options.configuredKey} for ${options.what} (${answered}) — check that the token may read it, and that it exists`
      : `${options.what} needs credentials (or does not exist): ${answered} — configure a token for ${options.host} under ${options.integrationKey}, and check the URL`,
  );
}

export function repositoryNotFound(what: string, tokenKey?: string): NotFoundError {
  return new NotFoundError(
    `${what} was not found (404)${tokenKey ? ` or the token of ${tokenKey} cannot read it` : ''} — check the URL and that the repository exists`,
  );
}

export function notAGitRepository(what: string, host: string): InputError {
  return new InputError(
    `${what} is not a git repository: ${host} did not answer as a git server — use the repository's clone URL or its browse URL on the forge`,
  );
}

/** Node's TLS verification codes (`CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`, …). */
function isTlsCode(code: string): boolean {
  return /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code);
}

/**
 * A socket-level failure of Node's http(s) client (or of the DNS lookup) as a typed error;
 * anything unknown is returned as it was.
 */
export function connectionFailure(error: unknown, host: string): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') {
    return (error as Error | undefined)?.message === 'socket hang up'
      ? closedConnection(host)
      : error;
  }
  if (dnsCodes.has(code)) return unresolvableHost(host, code);
  if (code === 'ECONNREFUSED') return refusedConnection(host);
  if (code === 'ECONNRESET' || code === 'EPIPE') return closedConnection(host);
  if (code === 'ETIMEDOUT') return connectTimeout(host);
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN') {
    return unreachableHost(host, code);
  }
  if (isTlsCode(code)) {
    return tlsProblem(host, (error as Error).message, 'NODE_EXTRA_CA_CERTS');
  }
  return error;
}

/**
 * What git (through curl) wrote to stderr when it could not talk to the host, as a typed error;
 * undefined when stderr says something else (the caller then looks for HTTP statuses).
 */
export function gitTransportFailure(stderr: string, host: string): BadGatewayError | undefined {
  if (/Could not resolve (host|proxy)/i.test(stderr)) return unresolvableHost(host);
  if (/Connection refused|Couldn't connect to server/i.test(stderr)) {
    return refusedConnection(host);
  }
  const tls =
    /SSL certificate problem: ([^\n]+)/i.exec(stderr) ??
    // GnuTLS goes on with `. CAfile: <path> CRLfile: none`: a server path, left out.
    /(server certificate verification failed)/i.exec(stderr) ??
    /((?:SSL|TLS|gnutls)[^\n]*(?:handshake|certificate)[^\n]*)/i.exec(stderr);
  if (tls?.[1]) return tlsProblem(host, tls[1].trim(), 'GIT_SSL_CAINFO');
  if (/(Operation|Connection) timed out|Timeout was reached/i.test(stderr)) {
    return connectTimeout(host);
  }
  if (/No route to host|Network is unreachable/i.test(stderr)) {
    return unreachableHost(host, 'no route');
  }
  if (/Connection reset|Empty reply from server|Recv failure|RPC failed/i.test(stderr)) {
    return closedConnection(host);
  }
  return undefined;
}

/**
 * The location cannot answer what was asked of it: a plain http(s) URL has no folders to list,
 * no commits and no tags (only a git host configured under integrations, or a file folder, has).
 */
export class UnsupportedReadError extends InputError {}

/** The files a tree read selected hold more bytes together than the caller's `maxBytes`. */
export class ReadTooLargeError extends InputError {}
