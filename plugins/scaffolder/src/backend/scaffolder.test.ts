import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEntity, type Entity } from '@callboard/catalog-model';
import {
  engineSkipReason,
  eventually,
  startGitServer,
  startTestServer,
  testEngines,
  type TestGitServer,
  type TestServer,
} from '@callboard/test-utils';
import type { SerializedTask, SerializedTaskEvent } from '../common';
import nunjucks from 'nunjucks';
import { customFilters } from './templating/filters';
import { stringMethods } from './templating/sandbox';
import { freePort, gitClone, gitLog, readEventStream } from './test/scaffolderTestKit';

/** Every filter a template can name: nunjucks' built-ins and the scaffolder's own. */
const filterNames = [
  ...Object.keys((new nunjucks.Environment() as unknown as { filters: object }).filters),
  ...Object.keys(customFilters),
].sort();

const deployKey = 'Deploy-Key-4242-xyz';
const token = 'Token-7777-abc';
/** A secret in the forms a template could turn it into. */
const formsOf = (secret: string) => [
  secret,
  [...secret].reverse().join(''),
  secret.toUpperCase(),
  secret.toLowerCase(),
];
const revealsSecret = (text: string) =>
  [...formsOf(deployKey), ...formsOf(token)].some(form => text.includes(form));

/** Template text with `%{{ }}` for `${{ }}` (which a JS template literal would interpolate). */
const t = (text: string) => text.replaceAll('%{{', '${{');

const templates: Record<string, string> = {
  'catalog-info.yaml': t(`apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: test-templates
spec:
  targets:
    - ./*/template.yaml
`),
  'service/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-service
  title: Test service
spec:
  owner: group:default/platform
  type: service
  parameters:
    - title: About
      required: [name, owner]
      properties:
        owner:
          type: string
          ui:field: OwnerPicker
        name:
          type: string
          pattern: '^[a-z][a-z0-9-]*$'
          ui:field: EntityNamePicker
    - title: Where
      required: [repoUrl]
      properties:
        repoUrl:
          type: string
          ui:field: RepoUrlPicker
  steps:
    - id: fetch
      name: Fetch skeleton
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: %{{ parameters.name }}
          owner: %{{ parameters.owner }}
    - id: publish
      name: Publish
      action: publish:git
      input:
        repoUrl: %{{ parameters.repoUrl }}
        gitAuthorName: Test Author
        gitAuthorEmail: author@example.com
    - id: register
      name: Register
      action: catalog:register
      input:
        repoContentsUrl: %{{ steps['publish'].output.repoContentsUrl }}
        catalogInfoPath: /catalog-info.yaml
  output:
    links:
      - title: Repository
        url: %{{ steps['publish'].output.remoteUrl }}
      - title: Open in catalog
        icon: catalog
        entityRef: %{{ steps['register'].output.entityRef }}
      - title: Never shown
        url: https://example.com
        if: %{{ false }}
`),
  'service/skeleton/catalog-info.yaml': t(`apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: %{{ values.name }}
spec:
  type: service
  lifecycle: experimental
  owner: %{{ values.owner }}
`),
  'service/skeleton/README.md': t('# %{{ values.name }}\n\nOwned by %{{ values.owner }}.\n'),
  'service/skeleton/.gitignore': 'node_modules/\n',
  'flow/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-flow
spec:
  type: test
  parameters:
    properties:
      names:
        type: array
        items: { type: string }
      shout: { type: boolean, default: false }
  steps:
    - id: greet
      action: debug:log
      each: %{{ parameters.names }}
      input:
        message: 'hello %{{ each.value }} (#%{{ each.key }})'
    - id: shout
      if: %{{ parameters.shout }}
      action: debug:log
      input:
        message: HELLO
  output:
    count: %{{ parameters.names | length }}
    first: %{{ parameters.names[0] | upper }}
`),
  'wait/template.yaml': `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-wait
spec:
  type: test
  steps:
    - id: wait
      action: debug:wait
      input:
        seconds: 60
`,
  'escape/template.yaml': `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-escape
spec:
  type: test
  parameters:
    properties:
      url: { type: string }
      targetPath: { type: string }
  steps:
    - id: fetch
      action: fetch:plain:file
      input:
        url: \${{ parameters.url }}
        targetPath: \${{ parameters.targetPath }}
`,
  'leak/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-leak
spec:
  type: test
  parameters:
    properties:
      expression: { type: string }
  steps:
    - id: hello
      action: debug:log
      input:
        message: hello
    - id: leak
      name: Leak
      action: debug:log
      input:
        message: 'the key is %{{ environment.secrets.deployKey | reverse }}'
  output:
    links:
      - title: Key
        url: https://example.com/%{{ environment.secrets.deployKey | upper }}
`),
  'token/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-token
spec:
  type: test
  steps:
    - id: secret
      action: debug:log
      input:
        message: 'the token is %{{ secrets.token | lower }}'
`),
  'user-token/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-user-token
spec:
  type: test
  steps:
    - id: write
      action: catalog:write
      input:
        entity:
          apiVersion: backstage.io/v1alpha1
          kind: Component
          metadata:
            name: with-user-token
          spec:
            type: service
            lifecycle: experimental
            owner: platform
    - id: publish
      action: publish:git
      input:
        repoUrl: local?owner=acme&repo=with-user-token
        token: %{{ secrets.token }}
  output:
    remoteUrl: %{{ steps.publish.output.remoteUrl }}
`),
  'bomb/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-bomb
spec:
  type: test
  steps:
    - id: bomb
      name: Bomb
      action: debug:log
      input:
        message: '{% set m = range(10000).map(range(10000).concat) %}{% set f = m.flat() %}'
`),
  'big/template.yaml': t(`apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-big
spec:
  type: test
  steps:
    - id: fetch
      name: Fetch
      action: fetch:template
      input:
        url: ./skeleton
`),
  'big/skeleton/a.txt': t('%{{ "x".repeat(1200000) }}'),
  'broken/template.yaml': `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: test-broken
spec:
  type: test
  steps:
    - id: nope
      action: does:not-exist
`,
};

const org = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: platform
spec:
  type: team
  children: []
`;

describe.each(testEngines)('scaffolder on %s', engine => {
  const skip = engineSkipReason(engine);
  let server: TestServer;
  let git: TestGitServer;
  const dir = mkdtempSync(join(tmpdir(), 'callboard-scaffolder-test-'));
  const repositories = join(dir, 'repositories');
  const work = join(dir, 'work');
  mkdirSync(work);
  let base: string;

  const api = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${base}/api/scaffolder${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init?.headers },
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  };
  const createTask = async (templateRef: string, values: unknown, secrets?: unknown) =>
    api('/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({ templateRef, values, ...(secrets ? { secrets } : {}) }),
    });
  const runToEnd = async (id: string) => {
    const { events } = await readEventStream(`${base}/api/scaffolder/v2/tasks/${id}/eventstream`);
    const task = (await api(`/v2/tasks/${id}`)).body as SerializedTask;
    return { events, task, completion: events.at(-1) as SerializedTaskEvent };
  };

  beforeAll(async () => {
    if (skip) return;
    git = await startGitServer();
    const repo = await git.createRepository('acme/templates.git', templates);
    const orgRepo = await git.createRepository('acme/org.git', { 'catalog-info.yaml': org });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await startTestServer({
      engine,
      config: {
        backend: {
          listen: { port, host: '127.0.0.1' },
          baseUrl: base,
          // Only the fixture git server: the backend's own git server needs no config.
          reading: { allow: [{ host: git.host }] },
        },
        integrations: { git: [{ host: git.host }] },
        catalog: {
          locations: [
            { type: 'url', target: repo.blobUrl('catalog-info.yaml') },
            { type: 'url', target: orgRepo.blobUrl('catalog-info.yaml') },
          ],
        },
        scaffolder: {
          targets: [{ host: 'local', type: 'folder', title: 'Here', directory: repositories }],
          taskLeaseTimeout: { seconds: 3 },
          workingDirectory: work,
          rendering: { maxMemoryMb: 64 },
          workspaceQuota: { perRunMb: 1, totalMb: 100 },
          defaultEnvironment: { secrets: { deployKey } },
        },
      },
    });
    await eventually(
      async () => {
        for (const name of [
          'test-service',
          'test-flow',
          'test-wait',
          'test-escape',
          'test-broken',
          'test-leak',
          'test-token',
          'test-user-token',
          'test-bomb',
          'test-big',
        ]) {
          const response = await fetch(
            `${base}/api/catalog/entities/by-name/template/default/${name}`,
          );
          expect(response.status, name).toBe(200);
        }
        const group = await fetch(`${base}/api/catalog/entities/by-name/group/default/platform`);
        expect(group.status).toBe(200);
      },
      { timeoutMs: 30_000 },
    );
  });
  afterAll(async () => {
    await server?.close();
    await git?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(skip)('serves the form pages of a template', async () => {
    const { status, body } = await api(
      '/v2/templates/default/template/test-service/parameter-schema',
    );
    expect(status).toBe(200);
    const schema = body as {
      title: string;
      steps: Array<{ title: string; schema: Record<string, unknown> }>;
    };
    expect(schema.title).toBe('Test service');
    expect(schema.steps.map(step => step.title)).toEqual(['About', 'Where']);
    expect(schema.steps[0]!.schema.required).toEqual(['name', 'owner']);
    // The form shows fields in the order the author wrote them (the catalog keeps key order).
    expect(Object.keys(schema.steps[0]!.schema.properties as object)).toEqual(['owner', 'name']);

    expect((await api('/v2/templates/default/template/nope/parameter-schema')).status).toBe(404);
  });

  it.skipIf(skip)('lists the actions with JSON Schemas of their input', async () => {
    const { body } = await api('/v2/actions');
    const actions = body as Array<{ id: string; schema: { input?: { properties?: object } } }>;
    const ids = actions.map(action => action.id);
    for (const id of [
      'fetch:template',
      'fetch:plain',
      'fetch:plain:file',
      'fs:rename',
      'fs:delete',
      'publish:git',
      'catalog:register',
      'catalog:write',
      'catalog:fetch',
      'debug:log',
    ]) {
      expect(ids).toContain(id);
    }
    const publish = actions.find(action => action.id === 'publish:git')!;
    expect(Object.keys(publish.schema.input?.properties ?? {})).toContain('repoUrl');
  });

  it.skipIf(skip)('answers the publish targets for the repository picker', async () => {
    const { body } = await api('/v2/targets');
    expect(body).toEqual([{ host: 'local', title: 'Here', type: 'folder' }]);
  });

  it.skipIf(skip)(
    'refuses values that do not match the template, listing every failure',
    async () => {
      const { status, body } = await createTask('template:default/test-service', {
        name: 'Bad Name',
      });
      expect(status).toBe(400);
      const { errors, error } = body as {
        errors: Array<{ stack: string }>;
        error: { name: string };
      };
      expect(error.name).toBe('InputError');
      const stacks = errors.map(e => e.stack).join('\n');
      expect(stacks).toMatch(/instance.name .*pattern/);
      expect(stacks).toMatch(/requires property "owner"/);
      expect(stacks).toMatch(/requires property "repoUrl"/);
    },
  );

  it.skipIf(skip)(
    'runs the service template: streams the steps, publishes a repository, registers it',
    async () => {
      const created = await createTask('template:default/test-service', {
        name: 'payments-api',
        owner: 'group:default/platform',
        repoUrl: 'local?owner=acme&repo=payments-api',
      });
      expect(created.status).toBe(201);
      const { id } = created.body as { id: string };
      const { events, task, completion } = await runToEnd(id);

      expect(task.status).toBe('completed');
      expect(task.createdBy).toBe('user:default/guest');
      const stepStates = events
        .filter(event => event.body.stepId && event.body.status)
        .map(event => `${event.body.stepId}:${event.body.status}`);
      expect(stepStates).toEqual([
        'fetch:processing',
        'fetch:completed',
        'publish:processing',
        'publish:completed',
        'register:processing',
        'register:completed',
      ]);
      expect(completion.type).toBe('completion');
      const links = (completion.body.output as { links: Array<Record<string, string>> }).links;
      expect(links).toEqual([
        { title: 'Repository', url: `${base}/api/scaffolder/git/acme/payments-api.git` },
        { title: 'Open in catalog', icon: 'catalog', entityRef: 'component:default/payments-api' },
      ]);

      // The repository: cloned over HTTP from the portal, rendered, authored as asked.
      const clone = join(dir, 'clone-payments');
      await gitClone(links[0]!.url!, clone);
      expect(readFileSync(join(clone, 'README.md'), 'utf8')).toBe(
        '# payments-api\n\nOwned by group:default/platform.\n',
      );
      expect(existsSync(join(clone, '.gitignore'))).toBe(true);
      expect(await gitLog(clone, '%an <%ae>')).toBe('Test Author <author@example.com>');
      const descriptor = parseYaml(
        readFileSync(join(clone, 'catalog-info.yaml'), 'utf8'),
      ) as Entity;
      expect(validateEntity(descriptor).ok).toBe(true);

      // The catalog serves it, owned by the chosen group.
      const entity = (await (
        await fetch(`${base}/api/catalog/entities/by-name/component/default/payments-api`)
      ).json()) as Entity;
      expect(entity.spec?.owner).toBe('group:default/platform');
      expect(entity.relations).toContainEqual({
        type: 'ownedBy',
        targetRef: 'group:default/platform',
      });

      // Publishing to the same repository again is refused, and says why.
      const again = await createTask('template:default/test-service', {
        name: 'payments-api',
        owner: 'group:default/platform',
        repoUrl: 'local?owner=acme&repo=payments-api',
      });
      const second = await runToEnd((again.body as { id: string }).id);
      expect(second.task.status).toBe('failed');
      expect(second.completion.body.message).toMatch(/Publish.*already/i);
    },
  );

  it.skipIf(skip)(
    'runs each, skips a false if, and renders the output with its types',
    async () => {
      const created = await createTask('test-flow', { names: ['ada', 'grace'] });
      const { id } = created.body as { id: string };
      const { events, task, completion } = await runToEnd(id);
      expect(task.status).toBe('completed');
      const messages = events.map(event => event.body.message);
      expect(messages).toContain('hello ada (#0)');
      expect(messages).toContain('hello grace (#1)');
      expect(messages).not.toContain('HELLO');
      expect(events).toContainEqual(
        expect.objectContaining({
          body: expect.objectContaining({ stepId: 'shout', status: 'skipped' }),
        }),
      );
      expect(completion.body.output).toEqual({ count: 2, first: 'ADA' });
    },
  );

  it.skipIf(skip)(
    'refuses a template that would show a secret in any form, before the step runs',
    async () => {
      const leak = await runToEnd(((await createTask('test-leak', {})).body as { id: string }).id);
      expect(leak.task.status).toBe('failed');
      expect(leak.completion.body.message).toBe(
        'Step "Leak" (debug:log) failed: step leak input message would reveal a secret (environment.secrets.deployKey)',
      );
      const messages = leak.events.map(event => event.body.message);
      expect(messages).toContain('hello');
      expect(messages.filter(message => message.startsWith('the key is'))).toEqual([]);

      const own = await runToEnd(
        ((await createTask('test-token', {}, { token })).body as { id: string }).id,
      );
      expect(own.task.status).toBe('failed');
      expect(own.completion.body.message).toBe(
        'Step "debug:log" (debug:log) failed: step secret input message would reveal a secret (secrets.token)',
      );

      // A built-in action's declared secret input (publish:git's token) takes the user's token.
      const published = await runToEnd(
        ((await createTask('test-user-token', {}, { token })).body as { id: string }).id,
      );
      expect(published.task.status).toBe('completed');
      expect(published.completion.body.output).toEqual({
        remoteUrl: expect.stringMatching(/with-user-token\.git$/),
      });

      // Nothing anyone who can list tasks sees holds a secret: events, task rows, the list.
      const stored = JSON.stringify([
        leak.events,
        own.events,
        published.events,
        leak.task,
        own.task,
        published.task,
        (await api('/v2/tasks')).body,
      ]);
      expect(revealsSecret(stored)).toBe(false);
    },
  );

  it.skipIf(skip)(
    'refuses a secret in a dry run’s files and output, and answers nothing derived from it',
    async () => {
      const template = {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'dry-leak' },
        spec: {
          type: 'test',
          steps: [
            {
              id: 'fetch',
              name: 'Fetch',
              action: 'fetch:template',
              input: {
                url: './skeleton',
                values: { key: '${{ environment.secrets.deployKey | replace("-", "") }}' },
              },
            },
          ],
        },
      };
      const skeleton = [
        {
          path: 'skeleton/key.txt',
          base64Content: Buffer.from('${{ values.key }}').toString('base64'),
        },
      ];
      const files = await api('/v2/dry-run', {
        method: 'POST',
        body: JSON.stringify({ template, values: {}, directoryContents: skeleton }),
      });
      expect(files.status).toBe(200);
      const result = files.body as {
        log: Array<{ body: { message: string; status?: string } }>;
        directoryContents: unknown[];
        output: unknown;
      };
      expect(result.log.at(-1)!.body).toEqual({
        message:
          'Step "Fetch" (fetch:template) failed: step fetch input values.key would reveal a secret (environment.secrets.deployKey)',
        status: 'failed',
      });
      expect(result.directoryContents).toEqual([]);
      expect(result.output).toEqual({});
      expect(revealsSecret(JSON.stringify(files.body))).toBe(false);
      expect(JSON.stringify(files.body)).not.toContain(deployKey.replaceAll('-', ''));

      // Every filter and string method, into a skeleton file.
      const expressions = [
        ...filterNames.map(filter => `environment.secrets.deployKey | ${filter}`),
        ...[...stringMethods].map(method => `environment.secrets.deployKey.${method}()`),
      ];
      for (const expression of expressions) {
        const value = `\${{ ${expression} }}`;
        const { body } = await api('/v2/dry-run', {
          method: 'POST',
          body: JSON.stringify({
            template: {
              ...template,
              spec: {
                ...template.spec,
                steps: [
                  {
                    ...template.spec.steps[0]!,
                    input: { url: './skeleton', values: { key: value } },
                  },
                ],
              },
            },
            values: {},
            directoryContents: skeleton,
          }),
        });
        const answer = body as typeof result;
        expect([
          'Step "Fetch" (fetch:template) failed: step fetch input values.key would reveal a secret (environment.secrets.deployKey)',
          `Step "Fetch" (fetch:template) failed: Cannot render "input": Cannot render ${JSON.stringify(value)}: it failed after reading a secret (environment.secrets.deployKey); the error is not shown, as it could contain the secret`,
        ]).toContain(answer.log.at(-1)!.body.message);
        expect(answer.directoryContents, expression).toEqual([]);
        expect(revealsSecret(JSON.stringify(body)), expression).toBe(false);
      }

      const output = await api('/v2/dry-run', {
        method: 'POST',
        body: JSON.stringify({
          template: {
            ...template,
            spec: {
              type: 'test',
              steps: [],
              output: {
                links: [{ title: 'Key', url: '${{ environment.secrets.deployKey | lower }}' }],
              },
            },
          },
          values: {},
          directoryContents: [],
        }),
      });
      const answered = output.body as typeof result;
      expect(answered.log.at(-1)!.body).toEqual({
        message: 'output links[0].url would reveal a secret (environment.secrets.deployKey)',
        status: 'failed',
      });
      expect(answered.output).toEqual({});
      expect(revealsSecret(JSON.stringify(output.body))).toBe(false);
    },
  );

  it.skipIf(skip)(
    'stops a template at the heap cap, naming the step, and answers meanwhile',
    async () => {
      const { id } = (await createTask('test-bomb', {})).body as { id: string };
      const ended = runToEnd(id);
      // The replica answers while the render runs (or after it failed): it never waits on it.
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const { task, completion } = await ended;
      expect(task.status).toBe('failed');
      expect(completion.body.message).toBe(
        'Step "Bomb" (debug:log) failed: Cannot render "input": template rendering exceeded 5 s / 64 MB',
      );
    },
  );

  it.skipIf(skip)(
    'fails a task that writes more than its workspace quota, and removes its workspace',
    async () => {
      const { id } = (await createTask('test-big', {})).body as { id: string };
      const { task, completion } = await runToEnd(id);
      expect(task.status).toBe('failed');
      expect(completion.body.message).toBe(
        'Step "Fetch" (fetch:template) failed: Writing a.txt would take the workspace to 1.15 MB, over its quota of 1 MB (scaffolder.workspaceQuota.perRunMb)',
      );
      await eventually(() => expect(readdirSync(work)).toEqual([]));
    },
  );

  it.skipIf(skip)('cancels a running task', async () => {
    const { id } = (await createTask('test-wait', {})).body as { id: string };
    await eventually(async () => {
      expect(((await api(`/v2/tasks/${id}`)).body as SerializedTask).status).toBe('processing');
    });
    expect((await api(`/v2/tasks/${id}/cancel`, { method: 'POST' })).body).toEqual({
      status: 'cancelled',
    });
    const { task, completion, events } = await runToEnd(id);
    expect(task.status).toBe('cancelled');
    expect(events.map(event => event.type)).toContain('cancelled');
    expect(completion.body.status).toBe('cancelled');
  });

  it.skipIf(skip)(
    'refuses templates that reach outside their workspace or the template',
    async () => {
      const attempts: Array<[Record<string, string>, RegExp]> = [
        [{ url: '/etc/passwd', targetPath: 'x' }, /not allowed/i],
        [{ url: 'file:///etc/passwd', targetPath: 'x' }, /not allowed/i],
        [{ url: '../../../../../../etc/passwd', targetPath: 'x' }, /outside|not allowed|leave/i],
        [{ url: './template.yaml', targetPath: '../../outside.yaml' }, /outside the workspace/i],
      ];
      for (const [values, message] of attempts) {
        const { id } = (await createTask('test-escape', values)).body as { id: string };
        const { task, completion } = await runToEnd(id);
        expect(task.status, JSON.stringify(values)).toBe('failed');
        expect(completion.body.message, JSON.stringify(values)).toMatch(message);
        expect(completion.body.message).not.toMatch(/root:x:0/);
      }
    },
  );

  it.skipIf(skip)('fails a task whose action does not exist, and retries it', async () => {
    const { id } = (await createTask('test-broken', {})).body as { id: string };
    const first = await runToEnd(id);
    expect(first.task.status).toBe('failed');
    expect(first.completion.body.message).toMatch(/does:not-exist.*not registered/);

    const retried = await api(`/v2/tasks/${id}/retry`, { method: 'POST', body: '{}' });
    expect(retried).toEqual({ status: 201, body: { id } });
    const after = first.completion.id;
    const { events } = await readEventStream(
      `${base}/api/scaffolder/v2/tasks/${id}/eventstream?after=${after}`,
    );
    expect(events[0]!.type).toBe('recovered');
    expect(events.at(-1)!.type).toBe('completion');
    expect(events.every(event => event.id > after)).toBe(true);

    expect(((await api(`/v2/tasks/${id}`)).body as SerializedTask).status).toBe('failed');

    // Only a failed or cancelled task can run again.
    const done = (await createTask('test-flow', { names: [] })).body as { id: string };
    expect((await runToEnd(done.id)).task.status).toBe('completed');
    const conflict = await api(`/v2/tasks/${done.id}/retry`, { method: 'POST', body: '{}' });
    expect(conflict.status).toBe(409);
  });

  it.skipIf(skip)('lists tasks, filtered by status and creator', async () => {
    const failed = (await api('/v2/tasks?status=failed')).body as {
      tasks: SerializedTask[];
      totalTasks: number;
    };
    expect(failed.totalTasks).toBeGreaterThan(0);
    expect(failed.tasks.every(task => task.status === 'failed')).toBe(true);
    const mine = (await api('/v2/tasks?createdBy=user:default/guest&limit=2')).body as {
      tasks: SerializedTask[];
      totalTasks: number;
    };
    expect(mine.tasks).toHaveLength(2);
    expect(mine.totalTasks).toBeGreaterThan(2);
    const nobody = (await api('/v2/tasks?createdBy=user:default/nobody')).body as {
      totalTasks: number;
    };
    expect(nobody.totalTasks).toBe(0);
    expect((await api('/v2/tasks/not-a-task')).status).toBe(404);
  });

  it.skipIf(skip)('dry-runs a template against given files without publishing', async () => {
    const template = parseYaml(templates['service/template.yaml']!) as Entity;
    const file = (path: string) => ({
      path: path.replace('service/', ''),
      base64Content: Buffer.from(templates[path]!).toString('base64'),
    });
    const { status, body } = await api('/v2/dry-run', {
      method: 'POST',
      body: JSON.stringify({
        template,
        values: {
          name: 'dry',
          owner: 'group:default/platform',
          repoUrl: 'local?owner=acme&repo=dry',
        },
        directoryContents: [
          file('service/skeleton/catalog-info.yaml'),
          file('service/skeleton/README.md'),
        ],
      }),
    });
    expect(status).toBe(200);
    const result = body as {
      log: Array<{ body: { message: string; stepId?: string; status?: string } }>;
      directoryContents: Array<{ path: string; base64Content: string }>;
      steps: Array<{ id: string }>;
    };
    expect(result.steps.map(step => step.id)).toEqual(['fetch', 'publish', 'register']);
    expect(result.directoryContents.map(entry => entry.path)).toEqual([
      'README.md',
      'catalog-info.yaml',
    ]);
    const readme = result.directoryContents.find(entry => entry.path === 'README.md')!;
    expect(Buffer.from(readme.base64Content, 'base64').toString()).toContain('# dry');
    expect(result.log).toContainEqual(
      expect.objectContaining({
        body: expect.objectContaining({ stepId: 'publish', status: 'skipped' }),
      }),
    );
    expect(existsSync(join(repositories, 'acme', 'dry.git'))).toBe(false);
  });
});
