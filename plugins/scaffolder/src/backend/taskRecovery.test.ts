import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  engineSkipReason,
  eventually,
  startBackendProcess,
  type BackendProcess,
  type TestDatabase,
} from '@callboard/test-utils';
import type { SerializedTask, SerializedTaskEvent } from '../common';

const template = (name: string, seconds: number, recovery?: 'startOver') => `---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${name}
spec:
  type: test
  ${recovery ? `EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: ${recovery} }` : ''}
  steps:
    - id: wait
      action: debug:wait
      input:
        seconds: ${seconds}
`;

/**
 * A backend killed (SIGKILL: no shutdown hook runs) while it runs tasks. Whoever runs next on the
 * same database — the restarted process, or another replica — ends each task: failed with a
 * message, or run again to completion when the template asked to start over. None stays
 * "processing".
 */
describe('tasks whose backend was killed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callboard-task-recovery-'));
  const processes: BackendProcess[] = [];
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(processes.map(p => p.stop('SIGKILL')));
    await Promise.all(databases.map(d => d.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  const writeConfig = (name: string, database: unknown) => {
    writeFileSync(
      join(dir, 'templates.yaml'),
      template('long-task', 120) + template('short-task', 12, 'startOver'),
    );
    const path = join(dir, `${name}.yaml`);
    writeFileSync(
      path,
      JSON.stringify({
        backend: { listen: { port: 0, host: '127.0.0.1' }, database },
        catalog: { locations: [{ type: 'file', target: './templates.yaml' }] },
        scaffolder: { taskLeaseTimeout: { seconds: 2 } },
      }),
    );
    return path;
  };

  const start = (config: string) => {
    const backend = startBackendProcess({ args: ['--config', config] });
    processes.push(backend);
    return backend;
  };

  const api = async <T>(url: string, path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${url}/api/scaffolder${path}`, {
      ...init,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return (await response.json()) as T;
  };

  const startTasks = async (url: string) => {
    await eventually(
      async () => {
        for (const name of ['long-task', 'short-task']) {
          const response = await fetch(
            `${url}/api/catalog/entities/by-name/template/default/${name}`,
          );
          expect(response.status).toBe(200);
        }
      },
      { timeoutMs: 30_000 },
    );
    const ids: string[] = [];
    for (const name of ['long-task', 'short-task']) {
      const { id } = await api<{ id: string }>(url, '/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({ templateRef: `template:default/${name}`, values: {} }),
      });
      ids.push(id);
    }
    await eventually(async () => {
      for (const id of ids) {
        const events = await api<SerializedTaskEvent[]>(url, `/v2/tasks/${id}/events`);
        expect(events.some(event => event.body.status === 'processing')).toBe(true);
      }
    });
    return { long: ids[0]!, short: ids[1]! };
  };

  const expectEnded = async (url: string, ids: { long: string; short: string }) => {
    const long = await eventually(
      async () => {
        const task = await api<SerializedTask>(url, `/v2/tasks/${ids.long}`);
        expect(task.status).toBe('failed');
        return task;
      },
      { timeoutMs: 30_000 },
    );
    expect(long.status).toBe('failed');
    const events = await api<SerializedTaskEvent[]>(url, `/v2/tasks/${ids.long}/events`);
    expect(events.at(-1)).toMatchObject({
      type: 'completion',
      body: { status: 'failed', message: expect.stringMatching(/stopped before it finished/) },
    });
    const short = await eventually(
      async () => {
        const task = await api<SerializedTask>(url, `/v2/tasks/${ids.short}`);
        expect(task.status).toBe('completed');
        return task;
      },
      { timeoutMs: 30_000 },
    );
    expect(short.status).toBe('completed');
    const shortEvents = await api<SerializedTaskEvent[]>(url, `/v2/tasks/${ids.short}/events`);
    expect(shortEvents.map(event => event.type)).toContain('recovered');
    // Never run twice at once: the failed task's step started once; the restarted one started
    // once per attempt, the second only after the first replica's lease ran out.
    const starts = (list: SerializedTaskEvent[]) =>
      list.filter(event => event.body.status === 'processing');
    expect(starts(events)).toHaveLength(1);
    const shortStarts = starts(shortEvents);
    expect(shortStarts).toHaveLength(2);
    const recovered = shortEvents.find(event => event.type === 'recovered')!;
    expect(shortStarts[1]!.id).toBeGreaterThan(recovered.id);
  };

  it('the embedded database: the restarted backend ends what the killed one was running', async () => {
    const config = writeConfig('embedded', {
      client: 'pglite',
      connection: { directory: join(dir, 'db') },
    });
    const first = start(config);
    const ids = await startTasks(await first.ready);
    await first.stop('SIGKILL');
    const second = start(config);
    await expectEnded(await second.ready, ids);
  });

  it.skipIf(engineSkipReason('pg'))(
    'PostgreSQL: another replica takes over the tasks of one that died',
    async () => {
      const database = await createTestDatabase('pg');
      databases.push(database);
      const config = writeConfig('replicas', { client: 'pg', connection: database.connection });
      const first = start(config);
      const firstUrl = await first.ready;
      const ids = await startTasks(firstUrl);
      const second = start(config);
      const secondUrl = await second.ready;
      // Both replicas are up; only the first holds the tasks.
      expect((await api<SerializedTask>(secondUrl, `/v2/tasks/${ids.long}`)).status).toBe(
        'processing',
      );
      await first.stop('SIGKILL');
      await expectEnded(secondUrl, ids);
    },
  );
});
