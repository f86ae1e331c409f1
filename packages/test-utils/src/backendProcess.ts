import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { repositoryRoot } from '@callboard/backend';

export interface BackendProcess {
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the URL once the backend logged that it is ready. */
  ready: Promise<string>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Sends a signal (default SIGTERM) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * Runs the real entry point (`packages/backend/src/main.ts`) as its own process, as `npm run
 * serve` does: for tests of exit codes, signals, locks and several replicas.
 */
export function startBackendProcess(
  options: {
    args?: string[];
    env?: Record<string, string>;
    /** Options for node itself, e.g. `--cpu-prof` for a profile of a benchmark run. */
    nodeArgs?: string[];
  } = {},
): BackendProcess {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      resolve(repositoryRoot, 'packages/backend/src/main.ts'),
      ...(options.args ?? []),
    ],
    {
      cwd: repositoryRoot,
      env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'production', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  let resolveReady: (url: string) => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<string>((resolvePromise, rejectPromise) => {
    resolveReady = resolvePromise;
    rejectReady = rejectPromise;
  });
  // Callers that only care about the exit must not see an unhandled rejection.
  ready.catch(() => undefined);
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of output.split('\n')) {
      if (line.includes('Callboard is ready')) {
        try {
          resolveReady((JSON.parse(line) as { url: string }).url);
        } catch {
          // A partial line; the next chunk completes it.
        }
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = once(child, 'exit').then(([code, signal]) => {
    rejectReady(
      new Error(`The backend exited before it was ready (${String(code ?? signal)}):\n${output}`),
    );
    return (code as number | null) ?? (signal as string);
  });
  return {
    child,
    output: () => output,
    ready,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
