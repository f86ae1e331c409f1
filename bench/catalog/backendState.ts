import { readFileSync } from 'node:fs';

/**
 * Polls `/status` until nothing is queued, leased or waiting to be stitched. On PGlite a long
 * statement blocks the server's event loop; when it outlasts the keep-alive timeout (5 s) the
 * server drops the idle connection the next poll was sent on (ECONNRESET). Such polls are counted
 * and retried, so the stalls show up in the figures instead of ending the run.
 *
 * The poll itself is not free: `/status` counts rows, ~65 ms of database time at 100,000
 * entities, and polling every 200 ms took a quarter of a core from the ingestion it measured.
 * The wait between polls is ten times the last poll's duration (at least 200 ms, at most 1 s),
 * which keeps the harness under a tenth of a core and the reading within 1 % of a long run.
 */
export async function waitUntilIdle(
  api: (path: string) => Promise<Response>,
  minimumEntities: number,
  stalls = { resets: 0 },
) {
  for (;;) {
    let status: {
      entities: number;
      problems: number;
      queue: { due: number; inProgress: number; stitching: number };
    };
    const sent = performance.now();
    try {
      status = (await (await api('/status')).json()) as typeof status;
    } catch (error) {
      if (!/fetch failed/.test(String(error))) throw error;
      stalls.resets++;
      continue;
    }
    const idle =
      status.queue.due === 0 && status.queue.inProgress === 0 && status.queue.stitching === 0;
    if (idle && status.entities >= minimumEntities) return status;
    const wait = Math.min(1_000, Math.max(200, 10 * (performance.now() - sent)));
    await new Promise(resolve => setTimeout(resolve, wait));
  }
}

/** The highest resident memory of a process so far (Linux), in MB. */
export function peakRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return -1;
  }
}

/**
 * Waits for a run of the catalog's table maintenance that started after `since` and finished:
 * after a bulk load it vacuums and analyzes the tables, and until it has, queries read pages
 * whose visibility is not yet recorded (and compete with the vacuum for the two cores). Returns
 * how long that run took.
 */
export async function waitForTableMaintenance(url: string, since: Date): Promise<number> {
  for (;;) {
    try {
      const info = (await (await fetch(`${url}/api/about/info`)).json()) as {
        scheduledTasks: Array<{
          id: string;
          lastRunAt: string | null;
          lastDurationMs: number | null;
        }>;
      };
      const task = info.scheduledTasks.find(t => t.id.endsWith('table-maintenance'));
      if (!task) throw new Error('no table-maintenance task in /api/about/info');
      if (task.lastRunAt && new Date(task.lastRunAt) > since) return task.lastDurationMs ?? 0;
    } catch (error) {
      if (!/fetch failed/.test(String(error))) throw error;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
