import { z } from 'zod';
import type { RootConfig } from '@callboard/plugin-api/backend';
import { durationSchema, durationToMilliseconds } from '@callboard/plugin-api/common';

/** `host` or `host:port`, as it appears in a URL (no scheme, no path). */
const hostSchema = z
  .string()
  .trim()
  .min(1)
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[^\s/:@[\]?#]+)(:\d{1,5})?$/,
    'use a host name with an optional port, such as "git.example.com" or "127.0.0.1:8080" (no scheme or path)',
  )
  .transform(host => host.toLowerCase());

/** An allow-list host: like `hostSchema`, or `*.example.com` for every subdomain. */
const allowHostSchema = z
  .string()
  .trim()
  .min(1)
  .regex(
    /^(\*\.)?(\[[0-9a-fA-F:.]+\]|[^\s/:@[\]?#*]+)(:\d{1,5})?$/,
    'use a host name with an optional port ("docs.example.com", "127.0.0.1:8080") or "*.example.com"',
  )
  .transform(host => host.toLowerCase());

const tokenSchema = z.string().min(1);

/** `integrations.github[]` (Backstage's keys; `apps` and other keys are accepted and unused). */
export const githubIntegrationSchema = z.looseObject({
  host: hostSchema.default('github.com'),
  token: tokenSchema.optional(),
  apiBaseUrl: z.url().optional(),
  rawBaseUrl: z.url().optional(),
});

/** `integrations.gitlab[]` (Backstage's keys). */
export const gitlabIntegrationSchema = z.looseObject({
  host: hostSchema.default('gitlab.com'),
  token: tokenSchema.optional(),
  baseUrl: z.url().optional(),
});

/** `integrations.git[]`: any other smart-HTTP git host with `…/blob/<ref>/<path>` browse URLs. */
export const gitIntegrationSchema = z
  .looseObject({
    host: hostSchema,
    username: z.string().min(1).optional(),
    token: tokenSchema.optional(),
  })
  .refine(value => value.token === undefined || value.username !== undefined, {
    message: 'a token needs a username (sent as Basic username:token)',
    path: ['username'],
  });

/** The `integrations` block; other integration types (bitbucket, azure, …) are tolerated. */
export const integrationsConfigSchema = z
  .looseObject({
    github: z.array(githubIntegrationSchema).default([]),
    gitlab: z.array(gitlabIntegrationSchema).default([]),
    git: z.array(gitIntegrationSchema).default([]),
  })
  .default({ github: [], gitlab: [], git: [] });

/** `backend.reading.allow[]` (Backstage's key). */
export const readingAllowRuleSchema = z
  .object({
    host: allowHostSchema,
    /** Only URLs whose path starts with one of these are allowed (default: any path). */
    paths: z.array(z.string().startsWith('/', 'a path starts with "/"')).min(1).optional(),
  })
  .strict();

/** The `backend.reading` block. */
export const backendReadingConfigSchema = z
  .looseObject({ allow: z.array(readingAllowRuleSchema).default([]) })
  .default({ allow: [] });

/** The `catalog.reading` block: limits of every read. */
export const catalogReadingConfigSchema = z
  .object({
    /** The whole read (DNS, git or HTTP, every redirect) must finish within this. */
    timeout: durationSchema
      .refine(
        duration => durationToMilliseconds(duration) > 0,
        'the timeout must be longer than zero',
      )
      .default({ seconds: 30 }),
    /** Every file read, and every response body, is at most this many bytes. */
    maxFileBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** A glob may match at most this many files. */
    maxFiles: z.number().int().positive().default(5000),
    /** A repository's refs and commits fetched this recently are reused unless `fresh` is asked. */
    fetchCacheSeconds: z.number().nonnegative().default(10),
  })
  .strict()
  .default({
    timeout: { seconds: 30 },
    maxFileBytes: 10 * 1024 * 1024,
    maxFiles: 5000,
    fetchCacheSeconds: 10,
  });

export type IntegrationsConfig = z.output<typeof integrationsConfigSchema>;
export type ReadingAllowRule = z.output<typeof readingAllowRuleSchema>;

/** Everything the readers need, from three places of app-config. */
export interface ReadingConfig {
  /** `integrations.{github,gitlab,git}`. */
  integrations: IntegrationsConfig;
  /** `backend.reading.allow`. */
  allow: ReadingAllowRule[];
  /**
   * This backend's public URL (`backend.baseUrl`). What it serves under `/api/` (the scaffolder's
   * git server, where new repositories live) is always readable as a git host, whatever the port
   * or host: the portal trusts itself (ADR 0021).
   */
  ownBaseUrl?: string;
  /** `catalog.reading`, with durations in milliseconds. */
  limits: {
    timeoutMs: number;
    maxFileBytes: number;
    maxFiles: number;
    fetchCacheMs: number;
  };
}

/**
 * The reading config in app-config's own shape, for tests and tools that hold plain objects:
 * `readingConfigSchema.parse({ integrations: {...}, backend: { reading: { allow } } })`. Other
 * keys of `backend` and `catalog` are ignored.
 */
export const readingConfigSchema = z
  .looseObject({
    integrations: integrationsConfigSchema,
    backend: z
      .looseObject({ reading: backendReadingConfigSchema })
      .default({ reading: { allow: [] } }),
    catalog: z
      .looseObject({ reading: catalogReadingConfigSchema })
      .default({ reading: catalogReadingConfigSchema.parse(undefined) }),
  })
  .transform((raw): ReadingConfig =>
    toReadingConfig(raw.integrations, raw.backend.reading, raw.catalog.reading),
  );

function toReadingConfig(
  integrations: IntegrationsConfig,
  backendReading: z.output<typeof backendReadingConfigSchema>,
  catalogReading: z.output<typeof catalogReadingConfigSchema>,
): ReadingConfig {
  return {
    integrations,
    allow: backendReading.allow,
    limits: {
      timeoutMs: durationToMilliseconds(catalogReading.timeout),
      maxFileBytes: catalogReading.maxFileBytes,
      maxFiles: catalogReading.maxFiles,
      fetchCacheMs: catalogReading.fetchCacheSeconds * 1000,
    },
  };
}

/**
 * Reads `integrations`, `backend.reading` and `catalog.reading` from the backend's config, and
 * takes the backend's own public URL (see `ownBaseUrl`). A bad value throws the backend's
 * `ConfigError` naming the exact key and the file it came from.
 */
export function readReadingConfig(rootConfig: RootConfig, ownBaseUrl?: string): ReadingConfig {
  const config = toReadingConfig(
    rootConfig.read('integrations', integrationsConfigSchema),
    rootConfig.read('backend.reading', backendReadingConfigSchema),
    rootConfig.read('catalog.reading', catalogReadingConfigSchema),
  );
  return ownBaseUrl === undefined ? config : { ...config, ownBaseUrl };
}
