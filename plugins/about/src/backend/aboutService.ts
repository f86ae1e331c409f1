import type { BackendInfo } from '@callboard/plugin-api/backend';
import type { AboutInfo } from '../common';

export interface AboutService {
  getInfo(): Promise<AboutInfo>;
}

export function createAboutService(options: { info: BackendInfo }): AboutService {
  const { info } = options;
  return {
    async getInfo() {
      const [serverVersion, tasks] = await Promise.all([
        info.databaseServerVersion(),
        info.scheduledTasks(),
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
      };
    },
  };
}
