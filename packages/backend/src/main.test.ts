import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  connectionFor,
  engineSkipReason,
  pgTestDatabasePrefix,
  repositoryRoot,
  startBackendProcess,
  timestampedName,
  withAdminClient,
  type BackendProcess,
} from '@callboard/test-utils';

const dir = mkdtempSync(join(tmpdir(), 'callboard-main-'));
const running: BackendProcess[] = [];

afterAll(async () => {
  await Promise.all(running.map(p => p.stop('SIGKILL')));
  rmSync(dir, { recursive: true, force: true });
});

function configFile(name: string, yaml: string): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

function start(...args: string[]): BackendProcess {
  const backend = startBackendProcess({ args });
  running.push(backend);
  return backend;
}

const embedded = (dataDir: string) =>
  `backend:\n  listen: { port: 0, host: 127.0.0.1 }\n  database:\n    client: pglite\n    connection: { directory: ${dataDir} }\n`;

describe('the backend process (npm run serve)', () => {
  it('exits non-zero on bad config, naming the key and the file', async () => {
    const bad = configFile('bad.yaml', 'backend:\n  listen:\n    port: not-a-port\n');
    const backend = start('--config', bad);
    expect(await backend.exited).toBe(1);
    expect(backend.output()).toMatch(
      /Callboard cannot start: Invalid configuration: backend\.listen\.port: .*\(in .*bad\.yaml\)/,
    );
  });

  it('receives --config through npm (`npm start -- --config file`)', () => {
    // `npm start` runs scripts/start.ts, which builds the app if an input changed and then runs
    // this same main.ts in its own process, so npm's arguments reach it as they reach `serve`
    // (building here could rewrite the dist folder other tests serve, so serve is run directly).
    const scripts = (
      JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.start).toBe('node --import tsx scripts/start.ts');
    expect(scripts.serve).toBe('node --import tsx packages/backend/src/main.ts');
    expect(readFileSync(join(repositoryRoot, 'scripts/start.ts'), 'utf8')).toContain(
      "await import('../packages/backend/src/main')",
    );
    const bad = configFile('through-npm.yaml', 'backend:\n  database:\n    client: mysql\n');
    const result = spawnSync('npm', ['run', 'serve', '--', '--config', bad], {
      cwd: repositoryRoot,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /backend\.database\.client: must be "pglite" \(embedded\) or "pg" .*not "mysql" \(in .*through-npm\.yaml\)/,
    );
  });

  it('serves on the embedded database, keeps a second process off its data directory, and stops on SIGTERM', async () => {
    const config = configFile('embedded.yaml', embedded(join(dir, 'data')));
    const first = start('--config', config);
    const url = await first.ready;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const second = start('--config', config);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(
      /embedded database at .*data is in use by another Callboard process \(pid \d+/,
    );
    // The first one is unaffected.
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);

    // Once the first is gone, the data directory can be opened again, with the data kept.
    const third = start('--config', config);
    const info = (await (await fetch(`${await third.ready}/api/about/info`)).json()) as {
      database: { engine: string };
    };
    expect(info.database.engine).toBe('pglite');
    expect(await third.stop('SIGINT')).toBe(0);
  });

  it('takes over the lock of a process that was killed', async () => {
    const config = configFile('killed.yaml', embedded(join(dir, 'killed-data')));
    const killed = start('--config', config);
    await killed.ready;
    expect(await killed.stop('SIGKILL')).toBe('SIGKILL');
    const next = start('--config', config);
    expect((await fetch(`${await next.ready}/readyz`)).status).toBe(200);
    await next.stop();
  });

  const pgSkip = engineSkipReason('pg');
  it.skipIf(pgSkip)(
    'runs on PostgreSQL when --config selects pg, creating the database if needed',
    async () => {
      const database = timestampedName(pgTestDatabasePrefix);
      const config = configFile(
        'pg.yaml',
        // JSON is YAML: the test server's connection (local cluster or embedded) as it is.
        `backend:\n  listen: { port: 0, host: 127.0.0.1 }\n  database:\n    client: pg\n    connection: ${JSON.stringify(connectionFor(database))}\n`,
      );
      const backend = start('--config', config);
      const url = await backend.ready;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const info = (await (await fetch(`${url}/api/about/info`)).json()) as {
        database: { engine: string; serverVersion: string };
      };
      expect(info.database.engine).toBe('pg');
      expect(info.database.serverVersion).toMatch(/^\d+/);
      expect(await backend.stop()).toBe(0);
      await withAdminClient(client =>
        client.query(`drop database if exists ${database} with (force)`),
      );
    },
  );
});
