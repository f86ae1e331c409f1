import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEntity, type Entity } from '@callboard/catalog-model';
import { repositoryRoot, startTestServer, type TestServer } from '@callboard/test-utils';
import type { DryRunResponse } from '../common';

const templatesDir = join(repositoryRoot, 'examples/templates');

/** Every file of a template folder, as the dry run takes them (paths relative to the folder). */
function folderContents(dir: string) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile())
    .map(entry => {
      const path = join(entry.parentPath, entry.name);
      return {
        path: relative(dir, path).split('\\').join('/'),
        base64Content: readFileSync(path).toString('base64'),
      };
    });
}

const cases: Array<{ folder: string; values: Record<string, unknown>; files: string[] }> = [
  {
    folder: 'typescript-service',
    values: {
      name: 'orders-api',
      description: 'Takes "orders" & quotes: yes',
      owner: 'group:default/platform-team',
      system: 'system:default/payments',
      tags: ['typescript', 'orders'],
      repoUrl: 'local?owner=acme&repo=orders-api',
    },
    files: ['package.json', 'Dockerfile', 'docs/index.md', 'src/app.ts', '.gitignore'],
  },
  {
    folder: 'docs-site',
    values: {
      name: 'engineering-handbook',
      description: 'How we work',
      owner: 'group:default/platform-team',
      repoUrl: 'local?owner=acme&repo=engineering-handbook',
    },
    files: ['docs/index.md', 'README.md'],
  },
];

/**
 * The templates a fresh install offers: each renders (dry run, nothing published) to a repository
 * whose own catalog-info.yaml is a valid entity with the owner chosen in the form.
 */
describe('the templates shipped in examples/templates', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { catalog: { locations: [] } } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each(cases)('$folder renders a repository with a valid catalog-info.yaml', async testCase => {
    const dir = join(templatesDir, testCase.folder);
    const template = parseYaml(readFileSync(join(dir, 'template.yaml'), 'utf8')) as Entity;
    expect(validateEntity(template).ok).toBe(true);
    const response = await server.fetch('/api/scaffolder/v2/dry-run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        template,
        values: testCase.values,
        directoryContents: folderContents(dir).filter(file => file.path !== 'template.yaml'),
      }),
    });
    expect(response.status).toBe(200);
    const result = (await response.json()) as DryRunResponse;
    expect(result.log.filter(line => line.body.status === 'failed')).toEqual([]);
    const files = new Map(
      result.directoryContents.map(file => [
        file.path,
        Buffer.from(file.base64Content, 'base64').toString('utf8'),
      ]),
    );
    for (const path of testCase.files) expect([...files.keys()]).toContain(path);
    for (const [path, content] of files) {
      expect(content, `${path} still holds a placeholder`).not.toContain('${{');
    }

    const descriptor = parseYaml(files.get('catalog-info.yaml')!) as Entity;
    const validation = validateEntity(descriptor);
    expect(validation.ok, JSON.stringify(validation)).toBe(true);
    expect(descriptor.metadata.name).toBe(testCase.values.name);
    expect(descriptor.metadata.description).toBe(testCase.values.description);
    expect(descriptor.spec?.owner).toBe(testCase.values.owner);
    if (testCase.values.system) expect(descriptor.spec?.system).toBe(testCase.values.system);
    if (files.has('package.json')) {
      expect((JSON.parse(files.get('package.json')!) as { name: string }).name).toBe(
        testCase.values.name,
      );
    }
  });
});
