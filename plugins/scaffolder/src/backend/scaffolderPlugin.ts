import { isAbsolute, resolve } from 'node:path';
import { definePlugin } from '@callboard/plugin-api/backend';
import { durationToMilliseconds } from '@callboard/plugin-api/common';
import { scaffolderPluginId, scaffolderRoutes } from '../common';
import { createBuiltinActions } from './actions';
import type { AnyActionDefinition } from './actions/types';
import { createCatalogFetchAction } from './actions/catalog/catalogFetchAction';
import { createCatalogRegisterAction } from './actions/catalog/catalogRegisterAction';
import { scaffolderConfigSchema, type ScaffolderConfig } from './config/scaffolderConfig';
import { scaffolderMigrations } from './database/migrations';
import { createPublishGitAction } from './actions/publish/publishGitAction';
import { createGitRepositoryRouter, createPublishTargets } from './publish';
import { createScaffolderRouter } from './router/createScaffolderRouter';
import type { ScaffolderDeps } from './ScaffolderDeps';
import { createTaskService } from './tasks/createTaskService';
import { createTaskWorker } from './tasks/createTaskWorker';
import { runDryRun } from './tasks/runDryRun';
import { createTaskEventHub } from './tasks/taskEventHub';
import { createTaskStore } from './tasks/taskStore';
import { createTemplateRenderer } from './templating';
import { createDiskBudget } from './workspace/workspaceQuota';

/** Software templates: the task API at `/api/scaffolder`, the task worker, publishing. */
export const scaffolderPlugin = definePlugin<ScaffolderConfig, ScaffolderDeps, void>({
  id: scaffolderPluginId,
  configSchema: scaffolderConfigSchema,
  migrations: scaffolderMigrations,
  setup(context, deps) {
    const { config, logger, database, lifecycle } = context;
    const configDir = context.rootConfig.originDir('scaffolder');
    const inConfigDir = (path: string) => (isAbsolute(path) ? path : resolve(configDir, path));

    const targets = createPublishTargets({
      targets: config.targets,
      resolvePath: inConfigDir,
      baseUrl: context.baseUrl,
      integrations: context.rootConfig.get('integrations'),
    });
    const actionList: AnyActionDefinition[] = [
      ...createBuiltinActions(),
      createPublishGitAction({
        targets,
        defaultAuthor: config.defaultAuthor,
        defaultCommitMessage: config.defaultCommitMessage,
      }),
      createCatalogRegisterAction({ catalog: deps.catalog }),
      createCatalogFetchAction({ catalog: deps.catalog }),
    ];
    const actions = new Map(actionList.map(action => [action.id, action]));
    const renderer = createTemplateRenderer({
      workers: config.rendering.workers,
      timeoutMs: durationToMilliseconds(config.rendering.timeout),
      maxMemoryMb: config.rendering.maxMemoryMb,
    });
    const diskBudget = createDiskBudget(config.workspaceQuota);
    const store = createTaskStore({ database, instanceId: context.instance.id });
    // Tasks of a replica that stopped beating are ended or restarted at once (ADR 0020).
    context.instance.registerLeases({
      id: 'tasks',
      countByOwner: store.leasesByOwner,
      release: store.releaseOwnedBy,
    });
    const tasks = createTaskService({ store, catalog: deps.catalog });
    const hub = createTaskEventHub({ database });
    const workingDirectory = config.workingDirectory && inConfigDir(config.workingDirectory);
    const worker = createTaskWorker({
      store,
      database,
      logger: logger.child({ component: 'worker' }),
      instanceId: context.instance.id,
      concurrency: config.concurrency,
      leaseMs: durationToMilliseconds(config.taskLeaseTimeout),
      taskTimeoutMs: durationToMilliseconds(config.taskTimeout),
      ...(workingDirectory ? { workingDirectory } : {}),
      actions,
      renderer,
      reader: context.reader,
      environment: config.defaultEnvironment,
      diskBudget,
    });

    context.router.use(
      scaffolderRoutes.gitRepositories,
      createGitRepositoryRouter({ targets, logger: logger.child({ component: 'git' }) }),
    );
    context.router.use(
      createScaffolderRouter({
        store,
        tasks,
        hub,
        actions,
        targets: () =>
          targets.map(target => ({
            host: target.host,
            title: target.title,
            type: target.type,
            ...(target.allowedOwners ? { allowedOwners: target.allowedOwners } : {}),
          })),
        dryRun: request =>
          runDryRun({
            spec: baseUrl =>
              tasks.prepareDryRun(request.template, request.values, request.secrets, baseUrl),
            directoryContents: request.directoryContents,
            secrets: request.secrets ?? {},
            environment: config.defaultEnvironment,
            actions,
            renderer,
            reader: context.reader,
            ...(workingDirectory ? { workingDirectory } : {}),
            diskBudget,
            signal: request.signal,
          }),
      }),
    );

    lifecycle.onStarted(async () => {
      await hub.start();
      await worker.start();
      logger.info(
        { targets: targets.map(target => target.host), actions: actions.size },
        'scaffolder started',
      );
    });
    lifecycle.onShutdown(async () => {
      await worker.stop();
      await hub.stop();
      await renderer.close();
    });
  },
});
