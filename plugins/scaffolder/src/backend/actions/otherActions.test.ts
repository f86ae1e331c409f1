import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createCatalogWriteAction } from './catalog/catalogWriteAction';
import { createDebugLogAction } from './debug/debugLogAction';
import { createDebugWaitAction } from './debug/debugWaitAction';
import { createBuiltinActions } from './index';
import { createActionTestKit, createTestReader, type ActionTestKit } from './test/actionTestKit';

describe('catalog:write, debug:log, debug:wait and the built-in list', () => {
  let reader: RepositoryReader;
  let kit: ActionTestKit;

  beforeAll(() => {
    reader = createTestReader();
    kit = createActionTestKit(reader);
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await reader.close();
    kit.cleanup();
  });

  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
    spec: { type: 'service', lifecycle: 'experimental', owner: 'group:default/team-a' },
  };

  it('writes an entity as YAML, to catalog-info.yaml by default', async () => {
    const write = createCatalogWriteAction();
    await kit.run(write, { entity });
    const text = readFileSync(join(kit.workspace, 'catalog-info.yaml'), 'utf8');
    expect(parse(text)).toEqual(entity);
    expect(text).toMatch(/^apiVersion: backstage.io\/v1alpha1\nkind: Component\n/);
    await kit.run(write, { entity, filePath: 'deploy/component.yaml' });
    expect(parse(readFileSync(join(kit.workspace, 'deploy/component.yaml'), 'utf8'))).toEqual(
      entity,
    );
    await expect(kit.run(write, { entity, filePath: '../catalog-info.yaml' })).rejects.toThrow(
      /outside the workspace/,
    );
  });

  it('logs a message and the workspace', async () => {
    await kit.run(createCatalogWriteAction(), { entity });
    const log = createDebugLogAction();
    expect((await kit.run(log, { message: 'hello' })).logs).toEqual(['hello']);
    expect((await kit.run(log, { listWorkspace: true })).logs).toEqual([
      'The workspace has 1 files\n  catalog-info.yaml',
    ]);
    const [contents] = (await kit.run(log, { listWorkspace: 'with-contents' })).logs;
    expect(contents).toContain('catalog-info.yaml:\napiVersion: backstage.io/v1alpha1');
  });

  it('waits, at most ten minutes, and stops when the task is cancelled', async () => {
    // A clock of the test's own: it records what the action asked for and answers at once.
    const asked: number[] = [];
    const wait = createDebugWaitAction({
      sleep: async milliseconds => {
        asked.push(milliseconds);
      },
    });
    expect((await kit.run(wait, { milliseconds: 50 })).logs).toEqual(['Waiting 50 ms']);
    await kit.run(wait, { minutes: 1, seconds: 2, milliseconds: 3 });
    expect(asked).toEqual([50, 62_003]);
    await kit.run(wait, { minutes: 10 });
    expect(asked.at(-1)).toBe(600_000);
    await expect(kit.run(wait, { minutes: 11 })).rejects.toThrow(
      'debug:wait waits at most 10 minutes, not 660 seconds',
    );
    expect(asked).toHaveLength(3);

    // The real clock: five minutes, cut short by the cancellation (which the test would
    // otherwise wait out, past its own timeout), with the cancellation's reason.
    const cancel = new AbortController();
    const running = kit.run(createDebugWaitAction(), { minutes: 5 }, { signal: cancel.signal });
    cancel.abort(new Error('cancelled'));
    await expect(running).rejects.toThrow('cancelled');
  });

  it('lists the built-in actions with documented JSON schemas', () => {
    const actions = createBuiltinActions();
    expect(actions.map(action => action.id)).toEqual([
      'fetch:plain',
      'fetch:plain:file',
      'fetch:template',
      'fetch:template:file',
      'fs:rename',
      'fs:delete',
      'catalog:write',
      'debug:log',
      'debug:wait',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun, action.id).toBe(true);
      expect(action.examples?.length, action.id).toBeGreaterThan(0);
      const schema = z.toJSONSchema(action.input) as {
        type: string;
        properties: Record<string, { description?: string }>;
      };
      expect(schema.type, action.id).toBe('object');
      for (const [name, property] of Object.entries(schema.properties)) {
        expect(property.description, `${action.id} ${name}`).toBeTruthy();
      }
    }
  });
});
