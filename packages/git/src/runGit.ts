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

/** The transports a command may use: only the ones its remote needs. */
export type GitTransport = 'http' | 'ssh' | 'file';

const transportProtocols: Record<GitTransport, string[]> = {
  http: ['http', 'https'],
  ssh: ['ssh'],
  file: ['file'],
};

/**
 * Configuration every command runs with. Repositories and workspaces come from outside (a
 * registered URL, a template), so nothing in them may run code on the host: no hooks, no
 * fsmonitor, no submodules. No credential helpers or prompts; no redirects (an auth header would
 * follow them to another host); no signing; no background maintenance; no sample hooks copied by
 * `git init`.
 */
const hardening: Array<[string, string]> = [
  ['core.hooksPath', '/dev/null'],
  ['init.templateDir', ''],
  ['credential.helper', ''],
  ['core.askPass', ''],
  ['http.followRedirects', 'false'],
  ['core.fsmonitor', 'false'],
  ['core.autocrlf', 'false'],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['push.gpgSign', 'false'],
  ['submodule.recurse', 'false'],
  ['fetch.recurseSubmodules', 'false'],
  ['fetch.writeCommitGraph', 'false'],
  ['gc.autoDetach', 'false'],
  ['maintenance.auto', 'false'],
  ['advice.detachedHead', 'false'],
];

export interface GitCommand {
  args: string[];
  /** The `HOME` of the command: a private folder, so no user's global config is read. */
  home: string;
  /** A git directory (bare repository) to run in, as `GIT_DIR`. */
  gitDir?: string;
  /** The working directory (default: `gitDir`, else `home`). */
  cwd?: string;
  /** Transports the command may use (default: none, for purely local commands). */
  transports?: GitTransport[];
  /** Extra configuration for this command only (auth header, ssh command). Values may be secret. */
  config?: Array<[string, string]>;
  /** Extra environment (author and committer identity). */
  env?: Record<string, string>;
  /** Written to the command's stdin. */
  input?: string;
  /** Aborting kills the command and its children. */
  signal: AbortSignal;
  /** More output than this kills the command (default 16 MiB). */
  maxOutputBytes?: number;
  /** Strings to remove from error messages. */
  secrets?: readonly string[];
}

/** A git command that failed; `message` and `stderr` have every secret removed. */
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

/** Replaces every secret (longest first), URL credentials and auth header values in a text. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('***');
  }
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
  const transports = command.transports ?? [];
  // An SSH agent is the only way to an SSH remote without a key file (HOME is private).
  if (transports.includes('ssh') && process.env.SSH_AUTH_SOCK) {
    env.SSH_AUTH_SOCK = process.env.SSH_AUTH_SOCK;
  }
  const protocols = transports.flatMap(transport => transportProtocols[transport]);
  const config: Array<[string, string]> = [
    ['protocol.allow', 'never'],
    ...protocols.map((protocol): [string, string] => [`protocol.${protocol}.allow`, 'always']),
    ...hardening,
    ...(command.config ?? []),
  ];
  Object.assign(env, command.env ?? {}, {
    HOME: command.home,
    XDG_CONFIG_HOME: command.home,
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
    // An empty list would allow every protocol: name one that does not exist instead.
    GIT_ALLOW_PROTOCOL: protocols.length > 0 ? protocols.join(':') : 'none',
    // Config through the environment: unlike `-c`, it is not visible in the process list, so an
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
 * by this very process) and resolves with its stdout. The command runs in its own process group,
 * so aborting kills `git-remote-https`, `ssh` and friends too.
 */
export function runGit(command: GitCommand): Promise<Buffer> {
  const maxOutputBytes = command.maxOutputBytes ?? 16 * 1024 * 1024;
  return new Promise<Buffer>((resolve, reject) => {
    if (command.signal.aborted) {
      reject(command.signal.reason);
      return;
    }
    const child = spawn('git', command.args, {
      cwd: command.cwd ?? command.gitDir ?? command.home,
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
          ? new Error(
              'Callboard reads and publishes repositories with the system git, which is not installed',
            )
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
