import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Lifecycle } from '@callboard/plugin-api/backend';
import { examplesReporter, seedExampleHistory } from './exampleHistory';
import type { VersionsCatalog } from './versionsCatalog';
import type { VersionsService } from './versionsService';

/**
 * `versions.examples: true`: seeds the example history once the catalog serves the example
 * entities. On a fresh install they arrive after start-up, so it tries at start and again on
 * each catalog change until done, then stops listening.
 */
export function startExampleSeeding(options: {
  service: VersionsService;
  knex: Knex;
  catalog: VersionsCatalog;
  logger: Logger;
  lifecycle: Lifecycle;
}): void {
  const { knex, catalog, logger } = options;
  let done = false;
  let running: Promise<void> | undefined;
  let again = false;
  let unsubscribe: (() => void) | undefined;

  const attempt = async () => {
    try {
      done = await seedExampleHistory({
        service: options.service,
        hasRealDeployments: async () =>
          (await knex('versions_deployments')
            .whereNot('reported_by', examplesReporter)
            .first('id')) !== undefined,
        hasDeployments: async entityRef =>
          (await knex('versions_deployments').where('entity_ref', entityRef).first('id')) !==
          undefined,
        entityExists: async ref => (await catalog.getEntityByRef(ref)) !== undefined,
        logger,
      });
    } catch (error) {
      // Examples are a courtesy: a failure is logged and tried again on the next change.
      logger.warn({ err: error }, 'Could not store the example deployments');
    }
    if (done) unsubscribe?.();
  };
  // One attempt at a time; changes during an attempt ask for one more.
  const trigger = () => {
    if (done) return;
    if (running) {
      again = true;
      return;
    }
    running = attempt().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        trigger();
      }
    });
  };

  options.lifecycle.onStarted(() => {
    unsubscribe = catalog.changes.onChange(trigger);
    trigger();
  });
  options.lifecycle.onShutdown(async () => {
    done = true;
    unsubscribe?.();
    await running;
  });
}
