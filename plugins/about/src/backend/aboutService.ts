import type { BackendInfo } from '@callboard/plugin-api/backend';
import type { AboutInfo } from '../common';

export interface AboutService {
  getInfo(): Promise<AboutInfo>;
}

export function createAboutService(options: { info: BackendInfo }): AboutService {
  const { info } = options;
  return {
    async getInfo() {
      const [serverVersion, tasks, replicas] = await Promise.all([
        info.databaseServerVersion(),
        info.scheduledTasks(),
        info.replicas(),
      ]);
      return {
        name: 'Callboard',
        version: info.version,
        nodeVersion: process.version,
        startedAt: info.startedAt.toISOString(),
        instanceId: info.instanceId,
        database: { engine: info.engine, serverVersion },
        plugins: info.pluginIds().map(id => ({ id })),
        scheduledTasks: tasks.map(task => ({
          id: task.id,
          nextRunAt: task.nextRunAt?.toISOString() ?? null,
          lastRunAt: task.lastRunAt?.toISOString() ?? null,
          lastDurationMs: task.lastDurationMs,
          lastError: task.lastError,
          leasedBy: task.leasedBy,
        })),
        replicas: replicas.map(replica => ({
          ...replica,
          startedAt: replica.startedAt.toISOString(),
          heartbeatAt: replica.heartbeatAt.toISOString(),
        })),
      };
    },
  };
}
