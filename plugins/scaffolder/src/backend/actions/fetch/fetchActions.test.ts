import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, NotAllowedError } from '@callboard/plugin-api/common';
import { startGitServer, type TestGitServer, type TestRepository } from '@callboard/test-utils';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { createActionTestKit, createTestReader, type ActionTestKit } from '../test/actionTestKit';
import { listFiles } from '../test/listFiles';
import { createFetchPlainAction } from './fetchPlainAction';
import { createFetchPlainFileAction } from './fetchPlainFileAction';
import { createFetchTemplateAction } from './fetchTemplateAction';
import { createFetchTemplateFileAction } from './fetchTemplateFileAction';

const fetchTemplate = createFetchTemplateAction();
const fetchTemplateFile = createFetchTemplateFileAction();
const fetchPlain = createFetchPlainAction();
const fetchPlainFile = createFetchPlainFileAction();

/** A binary file that happens to contain `${{`: it must be copied byte for byte. */
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
  Buffer.from('${{ values.name }}'),
  Buffer.from([0xff, 0xfe, 0x00]),
]);

/** The template: its own file, a skeleton and a static folder. */
const templateFiles: Record<string, string | Buffer> = {
  'template.yaml': 'kind: Template\n',
  'skeleton/README.md': '# ${{ values.name }}\n\nOwned by ${{ values.owner }}.\n',
  'skeleton/catalog-info.yaml':
    'metadata:\n  name: ${{ values.name }}\nspec:\n  tags: ${{ values.tags | dump }}\n',
  'skeleton/src/${{ values.name }}/index.ts': "export const name = '${{ values.name | upper }}';\n",
  'skeleton/.gitignore': 'node_modules\n',
  'skeleton/.github/workflows/ci.yaml': 'run: echo ${{ github.sha }}\n',
  'skeleton/assets/logo.png': png,
  'skeleton/{% if values.docs %}docs{% endif %}/index.md': '# Docs\n',
  'skeleton/bin/start.sh': '#!/bin/sh\necho ${{ values.name }}\n',
  'njk/${{ values.name }}.md.njk': 'Name: ${{ values.name }}\n',
  'njk/plain.txt': 'Kept: ${{ values.name }}\n',
  'cookiecutter/{{cookiecutter.name}}.txt': 'Hello {{ cookiecutter.name }} and ${HOME}\n',
  'static/.env.example': 'PORT=${{ port }}\n',
  'static/nested/file.txt': 'plain\n',
  'single.txt': 'one ${{ values.name }}\n',
};

const values = { name: 'payments', owner: 'group:default/team-a', tags: ['a', 'b'], docs: false };

/** What the skeleton renders to, the same from a folder or from git. */
function expectRenderedSkeleton(workspace: string, executableBits: boolean) {
  const read = (path: string) => readFileSync(join(workspace, path), 'utf8');
  expect(listFiles(workspace)).toEqual([
    '.github/workflows/ci.yaml',
    '.gitignore',
    'README.md',
    'assets/logo.png',
    'bin/start.sh',
    'catalog-info.yaml',
    'src/payments/index.ts',
  ]);
  expect(read('README.md')).toBe('# payments\n\nOwned by group:default/team-a.\n');
  expect(read('catalog-info.yaml')).toBe('metadata:\n  name: payments\nspec:\n  tags: ["a","b"]\n');
  expect(read('src/payments/index.ts')).toBe("export const name = 'PAYMENTS';\n");
  expect(read('.gitignore')).toBe('node_modules\n');
  expect(read('.github/workflows/ci.yaml')).toBe('run: echo ${{ github.sha }}\n');
  expect(readFileSync(join(workspace, 'assets/logo.png'))).toEqual(png);
  expect(read('bin/start.sh')).toBe('#!/bin/sh\necho payments\n');
  if (executableBits) expect(statSync(join(workspace, 'bin/start.sh')).mode & 0o111).not.toBe(0);
}

describe('fetch actions with a template from a folder (config file templates)', () => {
  let reader: RepositoryReader;
  let kit: ActionTestKit;
  let templateDir: string;
  let baseUrl: string;

  beforeAll(() => {
    reader = createTestReader();
    kit = createActionTestKit(reader);
    templateDir = join(kit.root, 'templates', 'service');
    for (const [path, content] of Object.entries(templateFiles)) {
      mkdirSync(dirname(join(templateDir, path)), { recursive: true });
      writeFileSync(join(templateDir, path), content);
    }
    chmodSync(join(templateDir, 'skeleton/bin/start.sh'), 0o755);
    // A secret beside the template that no template may read.
    writeFileSync(join(kit.root, 'templates', 'secret.txt'), 'secret');
    baseUrl = `file:${templateDir}/`;
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await reader.close();
    kit.cleanup();
  });

  it('renders a skeleton: names, folders, text; copies binaries, dotfiles, verbatim globs', async () => {
    const { logs } = await kit.run(
      fetchTemplate,
      { url: './skeleton', values, copyWithoutTemplating: ['.github/workflows/*'] },
      { baseUrl },
    );
    expectRenderedSkeleton(kit.workspace, true);
    expect(logs).toContain('Rendered 7 files from ./skeleton into .');
  });

  it('renders into a target path, keeps existing files unless replace is set', async () => {
    await kit.run(
      fetchTemplate,
      { url: 'skeleton', targetPath: 'out', values: { name: 'a' } },
      {
        baseUrl,
      },
    );
    expect(readFileSync(join(kit.workspace, 'out/src/a/index.ts'), 'utf8')).toContain("'A'");
    writeFileSync(join(kit.workspace, 'out/README.md'), 'mine\n');
    const { logs } = await kit.run(
      fetchTemplate,
      { url: 'skeleton', targetPath: 'out', values: { name: 'b' } },
      { baseUrl },
    );
    expect(readFileSync(join(kit.workspace, 'out/README.md'), 'utf8')).toBe('mine\n');
    expect(logs).toContain('Kept the existing README.md (set replace: true to replace it)');
    await kit.run(
      fetchTemplate,
      { url: 'skeleton', targetPath: 'out', values: { name: 'b' }, replace: true },
      { baseUrl },
    );
    expect(readFileSync(join(kit.workspace, 'out/README.md'), 'utf8')).toMatch(/^# b/);
  });

  it('renders only files with templateFileExtension, and cookiecutter templates', async () => {
    await kit.run(
      fetchTemplate,
      { url: './njk', values, templateFileExtension: true },
      {
        baseUrl,
      },
    );
    expect(listFiles(kit.workspace)).toEqual(['payments.md', 'plain.txt']);
    expect(readFileSync(join(kit.workspace, 'payments.md'), 'utf8')).toBe('Name: payments\n');
    expect(readFileSync(join(kit.workspace, 'plain.txt'), 'utf8')).toBe(
      'Kept: ${{ values.name }}\n',
    );
    kit.reset();
    await kit.run(
      fetchTemplate,
      { url: './cookiecutter', values, cookiecutterCompat: true },
      {
        baseUrl,
      },
    );
    expect(readFileSync(join(kit.workspace, 'payments.txt'), 'utf8')).toBe(
      'Hello payments and ${HOME}\n',
    );
    await expect(
      kit.run(
        fetchTemplate,
        { url: './njk', templateFileExtension: '.njk', copyWithoutTemplating: ['x'] },
        { baseUrl },
      ),
    ).rejects.toThrow(/cannot be used together/);
  });

  it('names the file when a skeleton does not render', async () => {
    const broken = join(templateDir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'bad.txt'), 'line 1\n${{ values.name.constructor }}\n');
    await expect(kit.run(fetchTemplate, { url: './broken', values }, { baseUrl })).rejects.toThrow(
      'bad.txt: Cannot render line 2 "${{ values.name.constructor }}": "constructor" is not accessible in templates',
    );
  });

  it('copies folders and files as they are with fetch:plain and fetch:plain:file', async () => {
    await kit.run(fetchPlain, { url: './static', targetPath: 'config' }, { baseUrl });
    expect(listFiles(kit.workspace)).toEqual(['config/.env.example', 'config/nested/file.txt']);
    expect(readFileSync(join(kit.workspace, 'config/.env.example'), 'utf8')).toBe(
      'PORT=${{ port }}\n',
    );
    await kit.run(
      fetchPlainFile,
      { url: 'single.txt', targetPath: 'copy/single.txt' },
      { baseUrl },
    );
    expect(readFileSync(join(kit.workspace, 'copy/single.txt'), 'utf8')).toBe(
      'one ${{ values.name }}\n',
    );
    await kit.run(
      fetchTemplateFile,
      { url: './single.txt', targetPath: 'rendered.txt', values },
      { baseUrl },
    );
    expect(readFileSync(join(kit.workspace, 'rendered.txt'), 'utf8')).toBe('one payments\n');
  });

  it('refuses files outside the template, other schemes, and targets outside the workspace', async () => {
    const attempts: Array<[object, RegExp]> = [
      [
        { url: '/etc/passwd' },
        /^"\/etc\/passwd" is not allowed: fetch URLs are relative to the template, or http\(s\) URLs the catalog may read$/,
      ],
      [{ url: 'file:///etc/passwd' }, /^"file:\/\/\/etc\/passwd" is not allowed: fetch URLs/],
      [{ url: 'file:/etc/passwd' }, /is not allowed: fetch URLs/],
      [{ url: 'ftp://example.com/x' }, /is not allowed: fetch URLs/],
      [
        { url: '../../../etc/passwd' },
        /^"\.\.\/\.\.\/\.\.\/etc\/passwd" is not allowed: it leaves the template's folder$/,
      ],
      [{ url: '../secret.txt' }, /it leaves the template's folder/],
      [
        { url: './skeleton', targetPath: '../outside' },
        /^Relative path "\.\.\/outside" is not allowed to refer to a directory outside the workspace$/,
      ],
      [{ url: './skeleton', targetPath: '/tmp' }, /^Absolute path "\/tmp" is not allowed/],
    ];
    for (const action of [fetchTemplate, fetchPlain]) {
      for (const [input, message] of attempts) {
        const run = kit.run(action, { url: './skeleton', ...input }, { baseUrl });
        await expect(run, JSON.stringify(input)).rejects.toThrow(InputError);
        await expect(run, JSON.stringify(input)).rejects.toThrow(message);
      }
    }
    for (const action of [fetchPlainFile, fetchTemplateFile]) {
      await expect(
        kit.run(action, { url: '/etc/passwd', targetPath: 'x' }, { baseUrl }),
      ).rejects.toThrow(/is not allowed: fetch URLs/);
      await expect(
        kit.run(action, { url: '../../../../../../etc/passwd', targetPath: 'x' }, { baseUrl }),
      ).rejects.toThrow(/leaves the template's folder/);
      await expect(
        kit.run(action, { url: './single.txt', targetPath: '../../outside.txt' }, { baseUrl }),
      ).rejects.toThrow(/outside the workspace/);
    }
    // Values are rendered into paths: they must not lead out either.
    await expect(
      kit.run(
        fetchTemplate,
        { url: './skeleton', values: { name: '../../../escaped' } },
        { baseUrl },
      ),
    ).rejects.toThrow(
      /^Relative path "src\/\.\.\/\.\.\/\.\.\/escaped\/index\.ts" is not allowed to refer/,
    );
    expect(listFiles(kit.root).filter(path => /escaped|outside|passwd/.test(path))).toEqual([]);
    await expect(kit.run(fetchPlain, { url: './skeleton' })).rejects.toThrow(
      /the template's location is not known/,
    );
  });
});

describe('fetch actions with a template from git', () => {
  let server: TestGitServer;
  let repository: TestRepository;
  let reader: RepositoryReader;
  let kit: ActionTestKit;
  let baseUrl: string;

  beforeAll(async () => {
    server = await startGitServer();
    const files: Record<string, string | Buffer> = {};
    for (const [path, content] of Object.entries(templateFiles)) {
      files[`templates/service/${path}`] = content;
    }
    repository = await server.createRepository('acme/templates.git', files);
    reader = createTestReader({
      integrations: { git: [{ host: server.host }] },
      backend: { reading: { allow: [{ host: server.host }] } },
    });
    kit = createActionTestKit(reader);
    // What the catalog's source-location annotation of templates/service/template.yaml says.
    baseUrl = `url:${reader.annotationsFor({ type: 'url', target: repository.blobUrl('templates/service/template.yaml', 'main') }).sourceLocation?.slice('url:'.length)}`;
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await reader.close();
    await server.close();
    kit.cleanup();
  });

  it('renders the skeleton from the template’s repository, dotfiles included', async () => {
    expect(baseUrl).toBe(`url:${repository.treeUrl('templates/service', 'main')}/`);
    await kit.run(
      fetchTemplate,
      { url: './skeleton', values, copyWithoutTemplating: ['.github'] },
      { baseUrl },
    );
    // git does not tell the reader about executable bits.
    expectRenderedSkeleton(kit.workspace, false);
  });

  it('reads absolute http(s) URLs through the reader, whose allow-list applies', async () => {
    await kit.run(fetchPlain, { url: repository.treeUrl('templates/service/static', 'main') });
    expect(listFiles(kit.workspace)).toEqual(['.env.example', 'nested/file.txt']);
    await kit.run(fetchTemplateFile, {
      url: repository.blobUrl('templates/service/single.txt', 'main'),
      targetPath: 'single.txt',
      values,
    });
    expect(readFileSync(join(kit.workspace, 'single.txt'), 'utf8')).toBe('one payments\n');
    // The same server on a port that neither integrations nor the allow-list name.
    const elsewhere = (url: string) => url.replace(server.host, '127.0.0.1:1');
    await expect(
      kit.run(fetchPlainFile, {
        url: elsewhere(repository.blobUrl('templates/service/single.txt', 'main')),
        targetPath: 'x',
      }),
    ).rejects.toThrow(NotAllowedError);
    await expect(
      kit.run(fetchPlain, {
        url: elsewhere(repository.treeUrl('templates/service/static', 'main')),
      }),
    ).rejects.toThrow(/globs work only in git repositories/);
  });

  it('refuses paths that leave the repository, and local files', async () => {
    await expect(
      kit.run(fetchTemplate, { url: '../../../../etc/passwd' }, { baseUrl }),
    ).rejects.toThrow(/leaves the repository/);
    await expect(kit.run(fetchTemplate, { url: '/etc/passwd' }, { baseUrl })).rejects.toThrow(
      /is not allowed: fetch URLs/,
    );
    await expect(
      kit.run(fetchTemplate, { url: 'file:///etc/passwd' }, { baseUrl }),
    ).rejects.toThrow(/is not allowed: fetch URLs/);
    await expect(kit.run(fetchPlain, { url: './missing' }, { baseUrl })).rejects.toThrow(
      /There are no files to fetch at "\.\/missing"/,
    );
    expect(existsSync(join(kit.workspace, 'etc'))).toBe(false);
  });
});
