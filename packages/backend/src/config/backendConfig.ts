import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { RootConfig } from '@callboard/plugin-api/backend';
import { durationSchema, durationToMilliseconds } from '@callboard/plugin-api/common';

const port = z.coerce.number().int().min(0).max(65535);

/** `listen: { port, host }`, or Backstage's string forms `":7007"` and `"127.0.0.1:7007"`. */
const listenSchema = z.preprocess(
  value => {
    if (typeof value !== 'string') return value;
    const match = /^([^:]*):(\d+)$/.exec(value);
    // Left as is when it does not match, so the object schema reports what is wrong.
    return match ? { port: Number(match[2]), ...(match[1] ? { host: match[1] } : {}) } : value;
  },
  z
    .object(
      { port: port.default(7007), host: z.string().min(1).optional() },
      { error: 'use { port, host } or a "host:port" / ":port" string' },
    )
    .strict()
    .prefault({}),
);

const pgConnectionObject = z
  .object({
    host: z.string().optional(),
    port: port.optional(),
    user: z.string().optional(),
    password: z.string().optional(),
    database: z.string().optional(),
    ssl: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
    connectionString: z.string().optional(),
    // Config layers merge objects: the embedded default's `directory` lingers when a later file
    // switches to pg. It means nothing to a server, so it is accepted and dropped.
    directory: z.string().optional(),
  })
  .strict()
  .transform(({ directory: _directory, ...connection }) => connection);

/** Backstage's SQLite spelling for "no file": the embedded database in memory. */
const inMemoryDirectory = ':memory:';

const databaseSchema = z
  .discriminatedUnion(
    'client',
    [
      z
        .object({
          client: z.literal('pglite'),
          /**
           * `directory` keeps the data on disk; without it, or with `':memory:'` (which a later
           * config file can set over app-config.yaml's directory), the database lives in memory.
           */
          connection: z
            .object({ directory: z.string().min(1).optional() })
            .strict()
            .optional(),
        })
        .strict(),
      z
        .object({
          client: z.literal('pg'),
          connection: z.union([z.string().min(1), pgConnectionObject]),
          pool: z
            .object({
              min: z.number().int().min(0).optional(),
              max: z.number().int().min(1).optional(),
            })
            .strict()
            .optional(),
          /** The connections of API reads, apart from the writers' (default 10). */
          readPool: z
            .object({ max: z.number().int().min(1) })
            .strict()
            .optional(),
        })
        .strict(),
    ],
    {
      error: issue =>
        `must be "pglite" (embedded) or "pg" (a PostgreSQL server), not ${JSON.stringify((issue.input as { client?: unknown } | undefined)?.client)}`,
    },
  )
  .default({ client: 'pglite' });

/**
 * Backstage's `backend.csp`: directive name → its sources, replacing the default for that
 * directive, or `false` to send the directive not at all. A source with `;` or `,` would end the
 * directive or the header early, so it is refused here rather than by helmet at start-up.
 */
const cspSchema = z
  .record(
    z.string(),
    z.union([
      z.array(
        z
          .string()
          .min(1)
          .regex(/^[^;,\s]+$/, 'must be one source, without spaces, commas or semicolons'),
      ),
      z.literal(false),
    ]),
  )
  .superRefine((csp, context) => {
    for (const name of Object.keys(csp)) {
      if (!/^[a-z]+(-[a-z]+)*$/.test(name)) {
        context.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not a directive name (lower case with dashes, such as "img-src")',
        });
      }
    }
    if (csp['default-src'] === false) {
      context.addIssue({
        code: 'custom',
        path: ['default-src'],
        message: 'cannot be switched off; give it the sources it should allow',
      });
    }
  })
  .default({});

/**
 * How replicas tell each other they are alive. A replica not heard from for `timeout` is taken
 * for dead, and the others give its leases back to the queue (ADR 0020). The timeout must span
 * a few missed beats, or a replica whose event loop is busy for a moment would be declared dead.
 */
const heartbeatSchema = z
  .object({
    interval: durationSchema.default({ seconds: 3 }),
    timeout: durationSchema.default({ seconds: 10 }),
  })
  .strict()
  .superRefine((heartbeat, context) => {
    const intervalMs = durationToMilliseconds(heartbeat.interval);
    if (intervalMs < 50) {
      context.addIssue({
        code: 'custom',
        path: ['interval'],
        message: 'must be at least 50 milliseconds',
      });
    } else if (durationToMilliseconds(heartbeat.timeout) < 2 * intervalMs) {
      context.addIssue({
        code: 'custom',
        path: ['timeout'],
        message: 'must be at least twice the interval, so that one late beat is not a death',
      });
    }
  })
  .prefault({});

export const backendConfigSchema = z
  .object({
    /** The public URL of the backend; plugins live at `<baseUrl>/api/<id>`. */
    baseUrl: z.url().optional(),
    listen: listenSchema,
    database: databaseSchema,
    /** Graceful shutdown waits this long for open requests before closing them. */
    shutdownTimeoutMs: z.number().int().min(0).default(10_000),
    csp: cspSchema,
    heartbeat: heartbeatSchema,
  })
  // Backstage configs carry many backend keys we do not use (cors, auth…): ignore them.
  .loose()
  // An absent `backend:` block is parsed as {}, so the defaults of its fields apply.
  .prefault({});

export type DatabaseConfig =
  | { client: 'pglite'; directory?: string }
  | {
      client: 'pg';
      connection: string | z.output<typeof pgConnectionObject>;
      pool?: { min?: number; max?: number };
      readPool?: { max: number };
    };

export interface BackendConfig {
  baseUrl: string;
  listen: { port: number; host?: string };
  database: DatabaseConfig;
  shutdownTimeoutMs: number;
  /** Changes to the Content-Security-Policy: sources per directive, or false to drop it. */
  csp: Record<string, string[] | false>;
  /** Replica heartbeats: how often each beats, and how long a silent one is taken for alive. */
  heartbeat: { intervalMs: number; timeoutMs: number };
}

/**
 * Validates `backend.*`. `DATABASE_URL` in the environment selects PostgreSQL; a relative
 * embedded data directory resolves against the config file that named it.
 */
export function readBackendConfig(
  config: RootConfig,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BackendConfig {
  const raw = config.read('backend', backendConfigSchema);
  const listen = raw.listen;
  const baseUrl = (raw.baseUrl ?? `http://localhost:${listen.port}`).replace(/\/+$/, '');

  let database: DatabaseConfig;
  if (env.DATABASE_URL) {
    database = { client: 'pg', connection: env.DATABASE_URL };
  } else if (raw.database.client === 'pg') {
    database = {
      client: 'pg',
      connection: raw.database.connection,
      pool: raw.database.pool,
      readPool: raw.database.readPool,
    };
  } else {
    const directory = raw.database.connection?.directory;
    database = {
      client: 'pglite',
      directory:
        directory === undefined || directory === inMemoryDirectory
          ? undefined
          : isAbsolute(directory)
            ? directory
            : resolve(config.originDir('backend.database.connection.directory'), directory),
    };
  }
  return {
    baseUrl,
    listen,
    database,
    shutdownTimeoutMs: raw.shutdownTimeoutMs,
    csp: raw.csp,
    heartbeat: {
      intervalMs: durationToMilliseconds(raw.heartbeat.interval),
      timeoutMs: durationToMilliseconds(raw.heartbeat.timeout),
    },
  };
}
