import { spawn } from 'node:child_process';

/** Environment variables passed through to git: paths, proxies and TLS trust, nothing else. */
const passedEnv = [
  'PATH',
  'TMPDIR',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'all_proxy',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CURL_CA_BUNDLE',
];

/**
 * Configuration every command runs with. Only http(s) transports (no `ext::`, `file://`, ssh),
 * no credential helpers or prompts, no redirects (a redirect could leave the allowed host, and
 * the auth header with it), no hooks, no background maintenance.
 */
const hardening: Array<[string, string]> = [
  ['protocol.allow', 'never'],
  ['protocol.http.allow', 'always'],
  ['protocol.https.allow', 'always'],
  ['credential.helper', ''],
  ['core.askPass', ''],
  ['http.followRedirects', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.fsmonitor', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['fetch.writeCommitGraph', 'false'],
  ['gc.autoDetach', 'false'],
  ['maintenance.auto', 'false'],
  ['advice.detachedHead', 'false'],
];

export interface GitCommand {
  args: string[];
  /** The git directory (bare repository) to run in; omitted for `ls-remote`. */
  gitDir?: string;
  /** The `HOME` of the command (a folder the reader owns; global config is never read). */
  home: string;
  /** Extra configuration for this command only (auth header, pinned addresses). */
  config?: Array<[string, string]>;
  input?: string;
  /** Aborting kills the command and its children. */
  signal: AbortSignal;
  /** More output than this kills the command (default 16 MiB). */
  maxOutputBytes?: number;
  /** Strings to remove from error messages. */
  secrets?: string[];
}

/** A git command that failed; `stderr` has every secret removed. */
export class GitCommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'GitCommandError';
  }
}

/** Replaces every secret (longest first) in a text. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('***');
  }
  // Credentials in URLs and auth headers, whatever their origin.
  return result
    .replace(/(https?:\/\/)[^/@\s:]+:[^/@\s]+@/gi, '$1***@')
    .replace(/(authorization:\s*\w+\s+)\S+/gi, '$1***');
}

function environment(command: GitCommand): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of passedEnv) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  const config = [...hardening, ...(command.config ?? [])];
  Object.assign(env, {
    HOME: command.home,
    LC_ALL: 'C',
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_PROTOCOL_FROM_USER: '0',
    GIT_ALLOW_PROTOCOL: 'http:https',
    // Config through the environment: unlike `-c`, it is not visible in the process list, so the
    // auth header stays private to this user.
    GIT_CONFIG_COUNT: String(config.length),
  });
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  if (command.gitDir) env.GIT_DIR = command.gitDir;
  return env;
}

/**
 * Runs the system git asynchronously (never blocking the event loop: a repository may be served
 * by this very process in tests) and resolves with its stdout. The command runs in its own
 * process group, so aborting kills `git-remote-https` and friends too.
 */
export function runGit(command: GitCommand): Promise<Buffer> {
  const maxOutputBytes = command.maxOutputBytes ?? 16 * 1024 * 1024;
  return new Promise<Buffer>((resolve, reject) => {
    if (command.signal.aborted) {
      reject(command.signal.reason);
      return;
    }
    const child = spawn('git', command.args, {
      cwd: command.gitDir ?? command.home,
      env: environment(command),
      stdio: [command.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: unknown;
    const kill = (reason: unknown) => {
      failure ??= reason;
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    };
    const onAbort = () => kill(command.signal.reason);
    command.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxOutputBytes) {
        kill(
          new GitCommandError(
            `git ${command.args[0]} produced more than ${maxOutputBytes} bytes`,
            '',
            null,
          ),
        );
        return;
      }
      stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += chunk.toString('utf8');
    });
    if (command.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(command.input);
    }
    child.on('error', error => {
      command.signal.removeEventListener('abort', onAbort);
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        code === 'ENOENT'
          ? new Error('The catalog reads repositories with the system git, which is not installed')
          : error,
      );
    });
    child.on('close', (exitCode, signal) => {
      command.signal.removeEventListener('abort', onAbort);
      if (failure !== undefined) {
        reject(failure);
        return;
      }
      if (exitCode === 0) {
        resolve(Buffer.concat(stdout));
        return;
      }
      const cleaned = scrub(stderr.trim(), command.secrets);
      const reason = signal ? `was killed by ${signal}` : `exited with ${exitCode}`;
      reject(
        new GitCommandError(`git ${command.args[0]} ${reason}: ${cleaned}`, cleaned, exitCode),
      );
    });
  });
}
