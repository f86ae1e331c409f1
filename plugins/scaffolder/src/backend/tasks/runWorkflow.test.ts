import nunjucks from 'nunjucks';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../common';
import { defineAction, type AnyActionDefinition } from '../actions/types';
import type { ScaffolderReader } from '../ScaffolderDeps';
import { createTemplateRenderer } from '../templating/createTemplateRenderer';
import { customFilters } from '../templating/filters';
import { stringMethods } from '../templating/sandbox';
import { unlimitedQuota } from '../workspace/workspaceQuota';
import { runWorkflow } from './runWorkflow';
import type { EventBody } from './taskStore';

const deployKey = 'Deploy-Key-4242-xyz';
/** The secret in the forms a template could turn it into. */
const forms = [
  deployKey,
  [...deployKey].reverse().join(''),
  deployKey.toUpperCase(),
  deployKey.toLowerCase(),
  Buffer.from(deployKey).toString('base64'),
  deployKey.slice(1, -1),
];
const containsSecret = (text: string) => forms.some(form => text.includes(form));

const filters = [
  ...Object.keys((new nunjucks.Environment() as unknown as { filters: object }).filters),
  ...Object.keys(customFilters),
].sort();

const renderer = createTemplateRenderer();
afterAll(() => renderer.close());

/** What each action saw, by action id. */
const received: Record<string, unknown[]> = {};
const record = (id: string, input: unknown) => (received[id] ??= []).push(input);

const actions = new Map<string, AnyActionDefinition>(
  [
    defineAction({
      id: 'test:log',
      description: 'logs and outputs its message',
      input: z.object({ message: z.unknown() }),
      async handler(context) {
        record('test:log', context.input);
        context.logger.info(String(context.input.message));
        context.output('message', context.input.message);
      },
    }),
    defineAction({
      id: 'test:deploy',
      description: 'uses a token it never shows',
      input: z.object({ token: z.string(), target: z.string() }),
      secretInputs: ['token'],
      async handler(context) {
        record('test:deploy', context.input);
        context.output('deployed', context.input.target);
      },
    }),
  ].map(action => [action.id, action as AnyActionDefinition]),
);

const unusedReader = {} as ScaffolderReader;

async function run(spec: Partial<TaskSpec>) {
  const log: EventBody[] = [];
  const full: TaskSpec = {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    steps: [],
    output: {},
    parameters: { name: 'svc' },
    user: {},
    templateInfo: { entityRef: 'template:default/t' },
    ...spec,
  };
  try {
    const result = await runWorkflow({
      taskId: 'task-1',
      spec: full,
      secrets: { token: 'Token-7777-abc' },
      environment: { parameters: { region: 'eu' }, secrets: { deployKey } },
      actions,
      renderer,
      reader: unusedReader,
      workspacePath: '/nonexistent',
      workspaceQuota: unlimitedQuota,
      createTemporaryDirectory: () => Promise.reject(new Error('unused')),
      signal: new AbortController().signal,
      isDryRun: false,
      log: body => log.push(body),
    });
    return { ok: true as const, output: result.output, log };
  } catch (error) {
    return { ok: false as const, message: (error as Error).message, log };
  }
}

const logStep = (message: string) => ({
  id: 'say',
  name: 'Say',
  action: 'test:log',
  input: { message },
});

describe('secrets in a workflow', () => {
  it('hands a secret to an input declared to accept it, and to nothing else', async () => {
    delete received['test:deploy'];
    const done = await run({
      steps: [
        {
          id: 'deploy',
          name: 'Deploy',
          action: 'test:deploy',
          input: { token: '${{ environment.secrets.deployKey | trim }}', target: 'prod' },
        },
      ],
      output: { target: '${{ steps.deploy.output.deployed }}' },
    });
    expect(done).toMatchObject({ ok: true, output: { target: 'prod' } });
    expect(received['test:deploy']).toEqual([{ token: deployKey, target: 'prod' }]);

    const refused = await run({
      steps: [
        {
          id: 'deploy',
          name: 'Deploy',
          action: 'test:deploy',
          input: { token: 'x', target: '${{ environment.secrets.deployKey | reverse }}' },
        },
      ],
    });
    expect(refused).toMatchObject({
      ok: false,
      message:
        'Step "Deploy" (test:deploy) failed: step deploy input target would reveal a secret (environment.secrets.deployKey)',
    });
    expect(received['test:deploy']).toHaveLength(1);
  });

  it('refuses every filter and string method applied to a secret in an input, before the action runs', async () => {
    delete received['test:log'];
    const expressions = [
      ...filters.map(filter => `environment.secrets.deployKey | ${filter}`),
      ...[...stringMethods].map(method => `environment.secrets.deployKey.${method}()`),
      'secrets.token | upper',
    ];
    for (const expression of expressions) {
      const outcome = await run({ steps: [logStep(`key: \${{ ${expression} }}`)] });
      expect(outcome.ok, expression).toBe(false);
      const message = outcome.ok ? '' : outcome.message;
      const name = expression.startsWith('secrets.')
        ? 'secrets.token'
        : 'environment.secrets.deployKey';
      expect([
        `Step "Say" (test:log) failed: step say input message would reveal a secret (${name})`,
        `Step "Say" (test:log) failed: Cannot render "input": Cannot render ${JSON.stringify(`key: \${{ ${expression} }}`)}: it failed after reading a secret (${name}); the error is not shown, as it could contain the secret`,
      ]).toContain(message);
      expect(containsSecret(JSON.stringify(outcome)), expression).toBe(false);
    }
    expect(received['test:log']).toBeUndefined();
  });

  it('refuses a secret in the output, its links and texts, and in conditions and loops', async () => {
    const cases: Array<[Partial<TaskSpec>, string]> = [];
    for (const filter of filters) {
      const expression = `\${{ environment.secrets.deployKey | ${filter} }}`;
      cases.push(
        [{ output: { value: expression } }, `output value`],
        [{ output: { links: [{ title: 'Open', url: expression }] } }, `output links[0].url`],
        [{ output: { text: [{ title: 'Key', content: expression }] } }, `output text[0].content`],
      );
    }
    for (const method of stringMethods) {
      cases.push([
        { output: { links: [{ url: `\${{ environment.secrets.deployKey.${method}() }}` }] } },
        'output links[0].url',
      ]);
    }
    for (const [spec, place] of cases) {
      const outcome = await run(spec);
      const described = JSON.stringify(spec);
      expect(outcome.ok, described).toBe(false);
      const message = outcome.ok ? '' : outcome.message;
      if (!message.includes('failed after reading a secret')) {
        expect(message, described).toBe(
          `${place} would reveal a secret (environment.secrets.deployKey)`,
        );
      }
      expect(containsSecret(JSON.stringify(outcome)), described).toBe(false);
    }

    const condition = await run({
      steps: [{ ...logStep('hi'), if: '${{ environment.secrets.deployKey == "x" }}' }],
    });
    expect(condition).toMatchObject({
      ok: false,
      message:
        'Step "Say" (test:log) failed: step say condition would reveal a secret (environment.secrets.deployKey)',
    });
    const loop = await run({
      steps: [
        { ...logStep('${{ each.value }}'), each: '${{ environment.secrets.deployKey.split("") }}' },
      ],
    });
    expect(loop).toMatchObject({
      ok: false,
      message:
        'Step "Say" (test:log) failed: step say each would reveal a secret (environment.secrets.deployKey)',
    });
  });

  it('keeps rendering everything that does not read a secret', async () => {
    const outcome = await run({
      steps: [logStep('${{ parameters.name }} in ${{ environment.parameters.region }}')],
      output: {
        links: [
          {
            title: 'Has a key',
            url: 'https://example.com/${{ "deployKey" in environment.secrets }}',
          },
        ],
        said: '${{ steps.say.output.message }}',
      },
    });
    expect(outcome).toMatchObject({
      ok: true,
      output: {
        links: [{ title: 'Has a key', url: 'https://example.com/true' }],
        said: 'svc in eu',
      },
    });
  });
});
