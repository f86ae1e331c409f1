import { z } from 'zod';

/**
 * The versions plugin's HTTP contract, shared by the backend, the portal and CI scripts.
 * Versions are opaque strings: semver when they parse as semver (`1.2.3`, `v1.2.3`), otherwise
 * dates, build numbers or commit ids, ordered by time and never rejected.
 */

export const environmentTiers = ['development', 'testing', 'staging', 'production'] as const;
export const environmentTierSchema = z.enum(environmentTiers);
export type EnvironmentTier = z.infer<typeof environmentTierSchema>;

export const deploymentStatuses = ['in_progress', 'succeeded', 'failed', 'rolled_back'] as const;
export const deploymentStatusSchema = z.enum(deploymentStatuses);
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

/** Longest version, commit, target or idempotency key accepted: these are keys, not documents. */
export const maxVersionLength = 200;
/** How far ahead of this server's clock a reported time may be (CI runners' clocks drift). */
export const maxClockSkewMs = 5 * 60 * 1000;

const shortText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(maxVersionLength, `${what} must be at most ${maxVersionLength} characters`);

/** An ISO 8601 time with a zone, not in the future beyond the allowed clock skew. */
const reportedTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-12-07T22:00:00Z' })
  .refine(value => Date.parse(value) <= Date.now() + maxClockSkewMs, {
    message: 'must not be in the future',
  });

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000, 'must be at most 2000 characters');

export const environmentSchema = z.object({
  name: z.string(),
  title: z.string(),
  tier: environmentTierSchema,
  /** Where it came from: app-config (`versions.environments`) or a Resource entity's ref. */
  source: z.string(),
});
export type Environment = z.infer<typeof environmentSchema>;

export const environmentsResponseSchema = z.object({ items: z.array(environmentSchema) });
export type EnvironmentsResponse = z.infer<typeof environmentsResponseSchema>;

export const deploymentRequestSchema = z.strictObject({
  entityRef: z.string().min(1).max(1000),
  environment: z.string().min(1).max(maxVersionLength),
  version: shortText('version'),
  commit: shortText('commit').optional(),
  status: deploymentStatusSchema,
  startedAt: reportedTime.optional(),
  finishedAt: reportedTime.optional(),
  url: httpUrl.optional(),
  /** A cluster, region or instance inside the environment. */
  target: shortText('target').optional(),
  /** A retried post with the same key stores nothing new and answers the stored deployment. */
  idempotencyKey: shortText('idempotencyKey').optional(),
});
export type DeploymentRequest = z.infer<typeof deploymentRequestSchema>;

export const deploymentSchema = z.object({
  id: z.string(),
  entityRef: z.string(),
  environment: z.string(),
  target: z.string().nullable(),
  version: z.string(),
  commit: z.string().nullable(),
  status: deploymentStatusSchema,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** When this server received the report. */
  reportedAt: z.string(),
  url: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  /** The subject of the token that reported it (`ci`). */
  reportedBy: z.string(),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentsQuerySchema = z.strictObject({
  entityRef: z.string().min(1).max(1000).optional(),
  environment: z.string().min(1).max(maxVersionLength).optional(),
  status: deploymentStatusSchema.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type DeploymentsQuery = z.infer<typeof deploymentsQuerySchema>;

export const deploymentsPageSchema = z.object({
  /** Newest first. */
  items: z.array(deploymentSchema),
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor: z.string().optional(),
});
export type DeploymentsPage = z.infer<typeof deploymentsPageSchema>;

export const releaseRequestSchema = z.strictObject({
  entityRef: z.string().min(1).max(1000),
  version: shortText('version'),
  commit: shortText('commit').optional(),
  date: reportedTime.optional(),
  url: httpUrl.optional(),
});
export type ReleaseRequest = z.infer<typeof releaseRequestSchema>;

export const releaseSchema = z.object({
  entityRef: z.string(),
  version: z.string(),
  commit: z.string().nullable(),
  /** The reported date; null for a tag (the ref listing carries no date). */
  date: z.string().nullable(),
  url: z.string().nullable(),
  /** `tag`: read from the source repository; `reported`: posted to the API. */
  source: z.enum(['tag', 'reported']),
});
export type Release = z.infer<typeof releaseSchema>;

export const runningVersionSchema = z.object({
  version: z.string(),
  commit: z.string().nullable(),
  status: deploymentStatusSchema,
  deployedAt: z.string(),
  url: z.string().nullable(),
});
export type RunningVersion = z.infer<typeof runningVersionSchema>;

export const entityVersionsSchema = z.object({
  entityRef: z.string(),
  environments: z.array(
    z.object({
      name: z.string(),
      tier: environmentTierSchema,
      current: runningVersionSchema.nullable(),
      previous: runningVersionSchema.nullable(),
      /** One entry per target (cluster, region) reported; `target: null` is the environment as a whole. */
      targets: z.array(
        z.object({
          target: z.string().nullable(),
          current: runningVersionSchema.nullable(),
          previous: runningVersionSchema.nullable(),
        }),
      ),
    }),
  ),
  /** Newest first (semver order; opaque versions by date). */
  releases: z.array(releaseSchema.extend({ deployedTo: z.array(z.string()) })),
  /** Drift in words: "production is 3 releases behind staging". */
  drift: z.array(z.string()),
  /** Why releases may be stale (tags that could not be read), or null. */
  releasesProblem: z.string().nullable(),
});
export type EntityVersions = z.infer<typeof entityVersionsSchema>;

export const impactQuerySchema = z.strictObject({
  entityRef: z.string().min(1).max(1000),
  range: z.string().min(1).max(maxVersionLength),
  environment: z.string().min(1).max(maxVersionLength).optional(),
});
export type ImpactQuery = z.infer<typeof impactQuerySchema>;

export const contactSchema = z.object({
  /** The Group or User the contact belongs to. */
  entityRef: z.string(),
  type: z.enum(['email', 'chat']),
  /** The annotation it came from, for chat contacts (`slack.com/channel`). */
  annotation: z.string().optional(),
  value: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

export const impactResponseSchema = z.object({
  items: z.array(
    z.object({
      entityRef: z.string(),
      environment: z.string(),
      tier: environmentTierSchema,
      target: z.string().nullable(),
      version: z.string(),
      deployedAt: z.string(),
      owner: z.string().nullable(),
      contacts: z.array(contactSchema),
    }),
  ),
  /** Environments (and targets) where it cannot be said: nothing reported, or not semver. */
  unknown: z.array(
    z.object({
      environment: z.string(),
      target: z.string().nullable(),
      version: z.string().nullable(),
      reason: z.string(),
    }),
  ),
});
export type ImpactResponse = z.infer<typeof impactResponseSchema>;

export const overviewQuerySchema = z.strictObject({
  /** An owner's entity ref (`group:default/team-a`). */
  owner: z.string().min(1).max(1000).optional(),
  /** A system's entity ref (`system:default/shop`). */
  system: z.string().min(1).max(1000).optional(),
  tier: environmentTierSchema.optional(),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

/** `/versions` at a glance: every environment in order, and what each component runs there. */
export const overviewResponseSchema = z.object({
  /** In order, development → production; only the asked tier when filtered. */
  environments: z.array(environmentSchema),
  components: z.array(
    z.object({
      entityRef: z.string(),
      title: z.string().nullable(),
      owner: z.string().nullable(),
      system: z.string().nullable(),
      /** The running version per environment and target (`target: null`: the whole environment). */
      places: z.array(
        z.object({
          environment: z.string(),
          target: z.string().nullable(),
          current: runningVersionSchema,
        }),
      ),
      /** Drift in words, as on the component's Versions tab; empty when none. */
      drift: z.array(z.string()),
    }),
  ),
});
export type OverviewResponse = z.infer<typeof overviewResponseSchema>;

/** Routes under `/api/versions`. */
export const versionsRoutes = {
  environments: '/environments',
  entity: '/entities/:kind/:namespace/:name',
  deployments: '/deployments',
  releases: '/releases',
  impact: '/impact',
  overview: '/overview',
} as const;

/** The path of one entity's versions, for clients. */
export function entityVersionsPath(ref: { kind: string; namespace: string; name: string }): string {
  const part = encodeURIComponent;
  return `/entities/${part(ref.kind)}/${part(ref.namespace)}/${part(ref.name)}`;
}
