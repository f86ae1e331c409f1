import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBackendConfig } from './backendConfig';
import { createRootConfig } from './createRootConfig';
import type { LoadedConfig } from './loadConfig';

function configOf(data: Record<string, unknown>, file = '/etc/callboard/app-config.yaml') {
  const loaded: LoadedConfig = {
    data,
    sources: [{ file, dir: join(file, '..'), data }],
    rootDir: '/repo',
  };
  return createRootConfig(loaded);
}

describe('readBackendConfig', () => {
  it('defaults to port 7007 on loopback and the embedded database in memory', () => {
    expect(readBackendConfig(configOf({}), {})).toEqual({
      baseUrl: 'http://localhost:7007',
      listen: { port: 7007 },
      database: { client: 'pglite', directory: undefined },
      shutdownTimeoutMs: 10_000,
      csp: {},
      heartbeat: { intervalMs: 3_000, timeoutMs: 10_000 },
    });
  });

  it('takes the heartbeat as durations and refuses a timeout that one late beat would pass', () => {
    const heartbeat = { interval: { milliseconds: 200 }, timeout: { seconds: 1 } };
    expect(readBackendConfig(configOf({ backend: { heartbeat } }), {}).heartbeat).toEqual({
      intervalMs: 200,
      timeoutMs: 1_000,
    });
    const refused: Array<[unknown, RegExp]> = [
      [
        { interval: { seconds: 5 }, timeout: { seconds: 9 } },
        /backend\.heartbeat\.timeout: must be at least twice the interval/,
      ],
      [{ interval: { milliseconds: 10 } }, /backend\.heartbeat\.interval: must be at least 50/],
      [{ every: { seconds: 1 } }, /backend\.heartbeat/],
    ];
    for (const [value, message] of refused) {
      expect(() => readBackendConfig(configOf({ backend: { heartbeat: value } }), {})).toThrow(
        message,
      );
    }
  });

  it("takes Backstage's backend.csp and refuses what would break the header", () => {
    const csp = { 'connect-src': ["'self'", 'https://metrics.example.com'], 'img-src': false };
    expect(readBackendConfig(configOf({ backend: { csp } }), {}).csp).toEqual(csp);
    const refused: Array<[unknown, RegExp]> = [
      [{ 'img-src': ["'self'; script-src *"] }, /backend\.csp\.img-src\[0\]: must be one source/],
      [{ 'img-src': ['https: http:'] }, /one source/],
      [{ ImgSrc: ["'self'"] }, /backend\.csp\.ImgSrc: is not a directive name/],
      [{ 'default-src': false }, /backend\.csp\.default-src: cannot be switched off/],
      [{ 'img-src': 'https:' }, /backend\.csp\.img-src/],
    ];
    for (const [value, message] of refused) {
      expect(() => readBackendConfig(configOf({ backend: { csp: value } }), {})).toThrow(message);
    }
  });

  it("accepts Backstage's string forms of listen", () => {
    expect(readBackendConfig(configOf({ backend: { listen: ':7100' } }), {}).listen).toEqual({
      port: 7100,
    });
    expect(readBackendConfig(configOf({ backend: { listen: '0.0.0.0:7200' } }), {}).listen).toEqual(
      { port: 7200, host: '0.0.0.0' },
    );
    expect(
      readBackendConfig(configOf({ backend: { listen: { port: '7300' } } }), {}).listen.port,
    ).toBe(7300);
  });

  it("keeps the embedded database in memory when a later layer says ':memory:'", () => {
    // What app-config.yaml's directory merged with `--config`'s ':memory:' leaves.
    const config = configOf({
      backend: { database: { client: 'pglite', connection: { directory: ':memory:' } } },
    });
    expect(readBackendConfig(config, {}).database).toEqual({
      client: 'pglite',
      directory: undefined,
    });
  });

  it('resolves a relative data directory against the config file that set it', () => {
    const config = configOf({
      backend: { database: { client: 'pglite', connection: { directory: 'data/db' } } },
    });
    expect(readBackendConfig(config, {}).database).toEqual({
      client: 'pglite',
      directory: '/etc/callboard/data/db',
    });
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    expect(readBackendConfig(configOf({}), { DATABASE_URL: 'postgres://u@h/db' }).database).toEqual(
      {
        client: 'pg',
        connection: 'postgres://u@h/db',
      },
    );
  });

  it("takes Backstage's pg connection object", () => {
    const config = configOf({
      backend: {
        database: {
          client: 'pg',
          connection: { host: 'db', port: 5432, user: 'u', password: 'p', database: 'cb' },
        },
      },
    });
    expect(readBackendConfig(config, {}).database).toMatchObject({
      client: 'pg',
      connection: { host: 'db', database: 'cb' },
    });
  });

  it('ignores the embedded directory a lower config layer leaves behind when a later one selects pg', () => {
    const config = configOf({
      backend: {
        database: {
          client: 'pg',
          connection: { directory: '.callboard/db', host: 'db', database: 'cb' },
        },
      },
    });
    expect(readBackendConfig(config, {}).database).toEqual({
      client: 'pg',
      connection: { host: 'db', database: 'cb' },
      pool: undefined,
    });
  });

  it.each([
    [{ backend: { listen: { port: 99999 } } }, /backend\.listen\.port: /],
    [{ backend: { listen: { port: 'seven' } } }, /backend\.listen\.port: /],
    [{ backend: { listen: 'localhost' } }, /backend\.listen: use \{ port, host \}/],
    [{ backend: { listen: { prot: 7007 } } }, /backend\.listen/],
    [
      { backend: { database: { client: 'better-sqlite3' } } },
      /backend\.database\.client: must be "pglite" \(embedded\) or "pg" .*not "better-sqlite3"/,
    ],
    [{ backend: { database: { client: 'pg' } } }, /backend\.database\.connection: /],
    [
      { backend: { database: { client: 'pglite', connection: { dir: 'x' } } } },
      /backend\.database\.connection: .*dir/,
    ],
    [{ backend: { baseUrl: 'not a url' } }, /backend\.baseUrl: /],
  ])('rejects %j with a path-qualified message', (data, message) => {
    expect(() => readBackendConfig(configOf(data), {})).toThrow(message);
  });
});
