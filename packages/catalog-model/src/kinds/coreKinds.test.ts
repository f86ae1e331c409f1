import { describe, expect, it } from 'vitest';
import {
  aComponent,
  aDomain,
  aGroup,
  aLocation,
  anApi,
  aResource,
  aSystem,
  aTemplate,
  aUser,
} from '../test/entities';
import { validateEntity } from '../validation/validateEntity';
import { aiResourceKinds } from './aiResourceKinds';
import { coreKinds } from './coreKinds';
import { createKindRegistry } from './createKindRegistry';

const messages = (input: unknown, options?: Parameters<typeof validateEntity>[1]) => {
  const result = validateEntity(input, options);
  return result.ok ? [] : result.problems.map(p => p.message);
};

const builders = { aComponent, anApi, aResource, aSystem, aDomain, aGroup, aUser, aLocation };

describe('core kinds', () => {
  it.each(Object.entries(builders))(
    '%s is valid under backstage.io/v1alpha1 and v1beta1',
    (_, build) => {
      expect(messages(build())).toEqual([]);
      expect(messages({ ...build(), apiVersion: 'backstage.io/v1beta1' })).toEqual([]);
      expect(messages({ ...build(), apiVersion: 'scaffolder.backstage.io/v1beta3' })).toHaveLength(
        1,
      );
    },
  );

  it.each(Object.entries(builders))('%s requires spec', (_, build) => {
    const { spec: _spec, ...rest } = build();
    expect(messages(rest)).toEqual([`spec is required for kind ${rest.kind}`]);
  });

  it('allows unknown spec keys, as the schemas do', () => {
    expect(messages(aComponent({ spec: { customThing: { a: [1] } } }))).toEqual([]);
  });

  describe('Component', () => {
    it('requires type, lifecycle and owner as non-empty strings', () => {
      expect(messages(aComponent({ spec: { type: undefined, lifecycle: '', owner: 5 } }))).toEqual([
        'spec.type is required for kind Component',
        'spec.lifecycle must not be empty',
        'spec.owner must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });

    it('types the optional ref fields', () => {
      expect(
        messages(
          aComponent({
            spec: {
              system: 'sys',
              subcomponentOf: 'parent',
              providesApis: ['a'],
              consumesApis: ['b'],
              dependsOn: ['resource:db'],
              dependencyOf: ['component:x'],
            },
          }),
        ),
      ).toEqual([]);
      expect(
        messages(aComponent({ spec: { system: [], providesApis: 'a', consumesApis: [''] } })),
      ).toEqual([
        'spec.system must be a string, but found a list',
        'spec.providesApis must be a list, but found the string "a"',
        'spec.consumesApis[0] must not be empty',
      ]);
    });

    it('checks dependencyOf only by parsing its refs (it is not in the schema)', () => {
      expect(messages(aComponent({ spec: { dependencyOf: 'component:x' } }))).toEqual([]);
      expect(messages(aComponent({ spec: { dependencyOf: null } }))).toEqual([]);
      expect(
        messages(aComponent({ spec: { dependencyOf: [{ kind: 'Component', name: 'x' }] } })),
      ).toEqual([]);
      expect(messages(aComponent({ spec: { dependencyOf: [5] } }))).toEqual([
        'spec.dependencyOf[0] must be an entity reference such as "component:my-service", but found the number 5',
      ]);
    });
  });

  describe('API', () => {
    it('requires a definition', () => {
      expect(messages(anApi({ spec: { definition: undefined } }))).toEqual([
        'spec.definition is required for kind API',
      ]);
    });

    it('accepts the mcp-server sub-type with remotes instead of a definition', () => {
      const mcp = anApi({
        spec: {
          type: 'mcp-server',
          definition: undefined,
          remotes: [{ type: 'streamable-http', url: 'http://x/mcp' }],
        },
      });
      expect(messages(mcp)).toEqual([]);
      expect(messages(anApi({ spec: { type: 'mcp-server', remotes: [] } }))).toEqual([
        'spec.remotes must list at least 1 item(s)',
      ]);
      expect(messages(anApi({ spec: { type: 'mcp-server', remotes: [{ type: 'sse' }] } }))).toEqual(
        ['spec.remotes[0].url is required for kind API'],
      );
      // A definition does not stand in for remotes once the type says mcp-server.
      expect(messages(anApi({ spec: { type: 'mcp-server' } }))).toEqual([
        'spec.remotes is required for kind API',
      ]);
    });
  });

  it('Resource requires type and owner', () => {
    expect(messages(aResource({ spec: { type: undefined, owner: undefined } }))).toEqual([
      'spec.type is required for kind Resource',
      'spec.owner is required for kind Resource',
    ]);
  });

  it('System and Domain require an owner, and type is optional', () => {
    expect(messages(aSystem({ spec: { type: 'product', domain: 'd' } }))).toEqual([]);
    expect(messages(aSystem({ spec: { owner: undefined } }))).toEqual([
      'spec.owner is required for kind System',
    ]);
    expect(messages(aDomain({ spec: { subdomainOf: 'parent', type: '' } }))).toEqual([
      'spec.type must not be empty',
    ]);
  });

  it('Group requires type and children (which may be empty)', () => {
    expect(
      messages(
        aGroup({
          spec: { children: [], members: ['jane'], parent: 'org', profile: { email: 'a@b.c' } },
        }),
      ),
    ).toEqual([]);
    expect(messages(aGroup({ spec: { type: undefined, children: undefined } }))).toEqual([
      'spec.type is required for kind Group',
      'spec.children is required for kind Group',
    ]);
    expect(messages(aGroup({ spec: { profile: { displayName: '' } } }))).toEqual([
      'spec.profile.displayName must not be empty',
    ]);
  });

  it('User requires memberOf (which may be empty), as the schema says', () => {
    expect(
      messages(aUser({ spec: { memberOf: ['team-a'], profile: { picture: 'https://x/p.png' } } })),
    ).toEqual([]);
    expect(messages(aUser({ spec: { memberOf: undefined } }))).toEqual([
      'spec.memberOf is required for kind User',
    ]);
  });

  it('Location requires nothing but checks presence and targets', () => {
    expect(messages(aLocation({ spec: { targets: undefined } }))).toEqual([]);
    expect(
      messages(
        aLocation({ spec: { type: 'url', target: 'https://x/a.yaml', presence: 'optional' } }),
      ),
    ).toEqual([]);
    expect(messages(aLocation({ spec: { presence: 'sometimes', targets: [''] } }))).toEqual([
      'spec.targets[0] must not be empty',
      'spec.presence must be one of "required", "optional", but found the string "sometimes"',
    ]);
  });

  describe('Template', () => {
    it('is valid under scaffolder.backstage.io/v1beta3 only', () => {
      expect(messages(aTemplate())).toEqual([]);
      expect(messages({ ...aTemplate(), apiVersion: 'backstage.io/v1alpha1' })).toEqual([
        'apiVersion "backstage.io/v1alpha1" is not supported for kind Template; use scaffolder.backstage.io/v1beta3',
      ]);
    });

    it('requires type and steps; each step needs an action', () => {
      expect(messages(aTemplate({ spec: { type: undefined, steps: undefined } }))).toEqual([
        'spec.type is required for kind Template',
        'spec.steps is required for kind Template',
      ]);
      expect(
        messages(aTemplate({ spec: { steps: [{ id: 'x' }, { action: 'a', if: 5, input: [] }] } })),
      ).toEqual([
        'spec.steps[0].action is required for kind Template',
        'spec.steps[1].input must be a mapping (key: value pairs), but found a list',
        'spec.steps[1].if must be a string (an expression such as "${{ parameters.enabled }}") or true/false',
      ]);
      expect(messages(aTemplate({ spec: { steps: { fetch: { action: 'x' } } } }))).toEqual([
        'spec.steps must be a list, but found a mapping (key: value pairs)',
      ]);
    });

    it('accepts parameters as one page or a list of pages, and checks inside either', () => {
      const page = {
        title: 'Fill in',
        required: ['name'],
        properties: { name: { type: 'string' } },
      };
      expect(messages(aTemplate({ spec: { parameters: page } }))).toEqual([]);
      expect(messages(aTemplate({ spec: { parameters: [page, page] } }))).toEqual([]);
      expect(
        messages(
          aTemplate({
            spec: { parameters: [page, 'x', { 'backstage:permissions': { tags: [5] } }] },
          }),
        ),
      ).toEqual([
        'spec.parameters[1] must be a mapping (key: value pairs), but found the string "x"',
        'spec.parameters[2]["backstage:permissions"].tags[0] must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });

    it('wants string values for output keys other than links and text', () => {
      expect(
        messages(
          aTemplate({
            spec: {
              output: {
                links: [{ title: 'Repo', url: '${{ steps.publish.output.remoteUrl }}' }],
                extra: 'x',
              },
            },
          }),
        ),
      ).toEqual([]);
      expect(
        messages(aTemplate({ spec: { output: { count: 5, text: [{ content: 5 }] } } })),
      ).toEqual([
        'spec.output.text[0].content must be a string, but found the number 5 (put the value in quotes to make it a string)',
        'spec.output.count must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });
  });
});

describe('AiResource (alpha, opt-in)', () => {
  const registry = createKindRegistry([...coreKinds, ...aiResourceKinds]);
  const skill = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'AiResource',
    metadata: { name: 'frontend-design' },
    spec: { type: 'skill', lifecycle: 'production', owner: 'team-a', agents: ['claude-code'] },
  };

  it('is rejected by the default registry, as by a default Backstage', () => {
    expect(messages(skill)).toEqual([
      expect.stringMatching(/^kind "AiResource" is not known to this catalog/),
    ]);
  });

  it('validates each sub-type when registered', () => {
    expect(messages(skill, { registry })).toEqual([]);
    expect(
      messages({ ...skill, spec: { ...skill.spec, compatibility: 'x'.repeat(501) } }, { registry }),
    ).toEqual(['spec.compatibility must be at most 500 characters long (it has 501)']);
    expect(
      messages(
        { ...skill, spec: { type: 'rule', lifecycle: 'production', owner: 'team-a' } },
        { registry },
      ),
    ).toEqual([
      'spec.category is required for kind AiResource',
      'spec.rationale is required for kind AiResource',
    ]);
    expect(
      messages(
        { ...skill, spec: { type: 'prompt', lifecycle: 'production', owner: 'team-a' } },
        { registry },
      ),
    ).toEqual([]);
    expect(messages({ ...skill, apiVersion: 'backstage.io/v1beta1' }, { registry })).toEqual([
      'apiVersion "backstage.io/v1beta1" is not supported for kind AiResource; use backstage.io/v1alpha1',
    ]);
  });
});
