import type { Logger } from 'pino';
import type { DeploymentRequest } from '../common';
import type { VersionsService } from './versionsService';

/**
 * A small, made-up history for the example organisation (examples/catalog), so a fresh
 * `npm start` shows versions on the tab, the overview and the impact page. Hours are before
 * the moment of seeding; every entry has an idempotency key, so two replicas seeding at once
 * store it once.
 */
const exampleHistory: ReadonlyArray<{
  entityRef: string;
  releases: string[];
  deployments: Array<
    Pick<DeploymentRequest, 'environment' | 'version' | 'status'> & {
      hoursAgo: number;
      target?: string;
    }
  >;
}> = [
  {
    entityRef: 'component:default/payments-service',
    releases: ['1.2.0', '1.3.0', '1.4.0'],
    deployments: [
      { environment: 'production', version: '1.2.0', status: 'succeeded', hoursAgo: 240 },
      { environment: 'staging', version: '1.3.0', status: 'succeeded', hoursAgo: 120 },
      { environment: 'production', version: '1.3.0', status: 'succeeded', hoursAgo: 96 },
      { environment: 'development', version: '1.4.0', status: 'succeeded', hoursAgo: 30 },
      { environment: 'staging', version: '1.4.0', status: 'failed', hoursAgo: 6 },
    ],
  },
  {
    entityRef: 'component:default/checkout-web',
    releases: ['3.4.1', '3.5.0'],
    deployments: [
      { environment: 'production', version: '3.4.1', status: 'succeeded', hoursAgo: 200 },
      { environment: 'staging', version: '3.5.0', status: 'succeeded', hoursAgo: 20 },
      { environment: 'development', version: '3.5.0', status: 'succeeded', hoursAgo: 22 },
    ],
  },
  {
    entityRef: 'component:default/inventory-service',
    releases: ['0.8.2', '0.9.0'],
    deployments: [
      {
        environment: 'production',
        target: 'eu-west-1',
        version: '0.9.0',
        status: 'succeeded',
        hoursAgo: 50,
      },
      {
        environment: 'production',
        target: 'us-east-1',
        version: '0.8.2',
        status: 'succeeded',
        hoursAgo: 300,
      },
      { environment: 'staging', version: '0.9.0', status: 'succeeded', hoursAgo: 70 },
    ],
  },
  {
    entityRef: 'component:default/notification-worker',
    releases: [],
    deployments: [
      { environment: 'development', version: 'build-412', status: 'succeeded', hoursAgo: 3 },
    ],
  },
];

/** The refs of the example entities this history is for. */
export const exampleEntityRefs = exampleHistory.map(entry => entry.entityRef);

/** Who the example deployments are reported by; anything else is a real report. */
export const examplesReporter = 'examples';

/**
 * Stores the example history while nothing real was ever deployed: for each example entity the
 * catalog serves that has no deployment yet, in the environments configured. The catalog brings
 * the entities one by one on a fresh install, so this is called again as they arrive. Returns
 * whether it is done: every example entity seeded, or a real deployment reported.
 */
export async function seedExampleHistory(options: {
  service: VersionsService;
  /** Whether a deployment not reported by `examplesReporter` exists. */
  hasRealDeployments(): Promise<boolean>;
  hasDeployments(entityRef: string): Promise<boolean>;
  entityExists(entityRef: string): Promise<boolean>;
  logger: Pick<Logger, 'info'>;
  now?: number;
}): Promise<boolean> {
  const { service } = options;
  if (await options.hasRealDeployments()) return true;
  const now = options.now ?? Date.now();
  const environments = new Set((await service.environments()).map(env => env.name));
  let pending = 0;
  for (const entry of exampleHistory) {
    if (await options.hasDeployments(entry.entityRef)) continue;
    if (!(await options.entityExists(entry.entityRef))) {
      pending++;
      continue;
    }
    for (const version of entry.releases) {
      await service.reportRelease({ entityRef: entry.entityRef, version });
    }
    let stored = 0;
    for (const [index, step] of entry.deployments.entries()) {
      if (!environments.has(step.environment)) continue;
      const at = new Date(now - step.hoursAgo * 3_600_000).toISOString();
      await service.reportDeployment(
        {
          entityRef: entry.entityRef,
          environment: step.environment,
          version: step.version,
          status: step.status,
          startedAt: at,
          finishedAt: at,
          ...(step.target ? { target: step.target } : {}),
          idempotencyKey: `example:${entry.entityRef}:${index}`,
        },
        examplesReporter,
      );
      stored++;
    }
    options.logger.info(
      `Stored ${stored} example deployments of ${entry.entityRef} (versions.examples: true)`,
    );
  }
  return pending === 0;
}
