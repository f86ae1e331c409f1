import type { PluginDatabase } from '@callboard/plugin-api/backend';
import { taskChannels } from './taskStore';

/**
 * Wakes event streams when their task has new events. One LISTEN per replica; events written by
 * any replica arrive as NOTIFY with the task id, so a browser connected to one replica follows a
 * task another replica runs.
 */
export function createTaskEventHub(options: { database: PluginDatabase }) {
  const waiters = new Map<string, Set<() => void>>();
  let unlisten: (() => Promise<void>) | undefined;

  return {
    async start() {
      unlisten = await options.database.listen(taskChannels.events, taskId => {
        for (const wake of waiters.get(taskId) ?? []) wake();
      });
    },
    async stop() {
      await unlisten?.();
      for (const set of waiters.values()) for (const wake of set) wake();
      waiters.clear();
    },
    /** Calls `wake` whenever the task has new events; returns the unsubscribe function. */
    subscribe(taskId: string, wake: () => void): () => void {
      let set = waiters.get(taskId);
      if (!set) waiters.set(taskId, (set = new Set()));
      set.add(wake);
      return () => {
        set.delete(wake);
        if (set.size === 0) waiters.delete(taskId);
      };
    },
  };
}

export type TaskEventHub = ReturnType<typeof createTaskEventHub>;
