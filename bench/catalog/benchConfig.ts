import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes the backend config of a catalog bench into `dir` and returns its path: the database (a
 * PostgreSQL database by name, or an embedded data directory), reading from the bench's git
 * server, no config locations, no periodic re-reads during the run, every kind allowed from
 * registered locations (the generated org comes through a registered URL).
 * BENCH_PROCESSING='{"batchSize":1000}' replaces `catalog.processing` (experiments).
 */
export function writeBenchConfig(
  dir: string,
  options: { database: { pg: string } | { pgliteDirectory: string }; gitHost: string },
): string {
  const path = join(dir, 'config.json');
  writeFileSync(
    path,
    JSON.stringify({
      backend: {
        listen: { port: 0, host: '127.0.0.1' },
        database:
          'pg' in options.database
            ? {
                client: 'pg',
                connection: {
                  host: '127.0.0.1',
                  port: 5432,
                  user: 'postgres',
                  database: options.database.pg,
                },
              }
            : { client: 'pglite', connection: { directory: options.database.pgliteDirectory } },
        reading: { allow: [{ host: options.gitHost }] },
      },
      integrations: { git: [{ host: options.gitHost }] },
      catalog: {
        locations: [],
        processingInterval: { minutes: 60 },
        ...(process.env.BENCH_PROCESSING
          ? { processing: JSON.parse(process.env.BENCH_PROCESSING) as unknown }
          : {}),
        rules: [
          {
            allow: [
              'Component',
              'API',
              'System',
              'Domain',
              'Resource',
              'Group',
              'User',
              'Location',
            ],
          },
        ],
      },
    }),
  );
  return path;
}
