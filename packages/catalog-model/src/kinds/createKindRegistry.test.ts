import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { extractEntityRelations } from '../relations/extractEntityRelations';
import { aComponent } from '../test/entities';
import { validateEntity } from '../validation/validateEntity';
import { coreKinds } from './coreKinds';
import { createKindRegistry, defaultKindRegistry } from './createKindRegistry';
import type { KindDefinition } from './KindDefinition';

// What a plugin would contribute: a new kind with its own spec rules and one relation field.
const environmentKind: KindDefinition = {
  kind: 'Environment',
  apiVersions: ['callboard.dev/v1alpha1'],
  specSchema: z.looseObject({
    owner: z.string().min(1),
    tier: z.enum(['dev', 'staging', 'production']),
  }),
  relationFields: [
    { path: 'spec.owner', relation: 'ownedBy', reverse: 'ownerOf', defaultKind: 'Group' },
  ],
};

const production = {
  apiVersion: 'callboard.dev/v1alpha1',
  kind: 'Environment',
  metadata: { name: 'production', namespace: 'ops' },
  spec: { owner: 'sre', tier: 'production' },
};

describe('createKindRegistry', () => {
  it('lists the core kinds', () => {
    expect(defaultKindRegistry.kinds()).toEqual([
      'API',
      'Component',
      'Domain',
      'Group',
      'Location',
      'Resource',
      'System',
      'Template',
      'User',
    ]);
  });

  it('rejects a kind no definition covers', () => {
    expect(validateEntity(production).ok).toBe(false);
  });

  it('accepts a plugin kind once its definition is registered, with its own rules', () => {
    const registry = createKindRegistry([...coreKinds, environmentKind]);
    expect(validateEntity(production, { registry })).toEqual({ ok: true, entity: production });
    const broken = { ...production, spec: { tier: 'prod' } };
    expect(validateEntity(broken, { registry })).toEqual({
      ok: false,
      problems: [
        {
          path: ['spec', 'owner'],
          field: 'spec.owner',
          message: 'spec.owner is required for kind Environment',
        },
        {
          path: ['spec', 'tier'],
          field: 'spec.tier',
          message:
            'spec.tier must be one of "dev", "staging", "production", but found the string "prod"',
        },
      ],
    });
    expect(extractEntityRelations(production, { registry }).relations).toEqual([
      { source: 'environment:ops/production', type: 'ownedBy', target: 'group:ops/sre' },
      { source: 'group:ops/sre', type: 'ownerOf', target: 'environment:ops/production' },
    ]);
  });

  it('extends without changing the original registry', () => {
    const extended = defaultKindRegistry.extend([environmentKind]);
    expect(extended.kinds()).toContain('Environment');
    expect(defaultKindRegistry.kinds()).not.toContain('Environment');
  });

  it('accepts an entity when any of several definitions for its kind accepts it', () => {
    // A plugin adding a looser Component variant does not need to replace the core one.
    const looseComponent: KindDefinition = {
      kind: 'Component',
      apiVersions: ['backstage.io/v1alpha1'],
      specSchema: z.looseObject({ owner: z.string() }),
      relationFields: [],
    };
    const entity = aComponent({ spec: { lifecycle: undefined } });
    expect(validateEntity(entity).ok).toBe(false);
    expect(
      validateEntity(entity, { registry: defaultKindRegistry.extend([looseComponent]) }).ok,
    ).toBe(true);
  });

  it('lets a spec-type definition replace the generic one for that type', () => {
    const resolve = (type: string) =>
      defaultKindRegistry.resolve({
        kind: 'API',
        apiVersion: 'backstage.io/v1alpha1',
        spec: { type },
      });
    expect(resolve('mcp-server')).toMatchObject({
      ok: true,
      definitions: [{ specType: 'mcp-server' }],
    });
    expect(resolve('openapi')).toMatchObject({ ok: true, definitions: [{ kind: 'API' }] });
    expect(resolve('openapi')).not.toMatchObject({ definitions: [{ specType: 'mcp-server' }] });
  });

  it('reports spec.type when only typed definitions exist and none matches', () => {
    const registry = createKindRegistry([{ ...environmentKind, specType: 'cloud' }]);
    expect(
      registry.resolve({
        kind: 'Environment',
        apiVersion: 'callboard.dev/v1alpha1',
        spec: { type: 'x' },
      }),
    ).toEqual({
      ok: false,
      field: 'spec.type',
      message: 'spec.type must be one of "cloud" for kind Environment',
    });
  });

  it('refuses malformed definitions', () => {
    expect(() => createKindRegistry([{ ...environmentKind, kind: 'my kind' }])).toThrow(
      /invalid kind/,
    );
    expect(() => createKindRegistry([{ ...environmentKind, apiVersions: [] }])).toThrow(
      /no apiVersions/,
    );
    expect(() => createKindRegistry([{ ...environmentKind, apiVersions: ['a/b/c'] }])).toThrow(
      /invalid apiVersion/,
    );
    expect(() =>
      createKindRegistry([
        {
          ...environmentKind,
          relationFields: [{ path: 'metadata.owner', relation: 'ownedBy', reverse: 'ownerOf' }],
        },
      ]),
    ).toThrow(/must be under spec/);
  });
});
