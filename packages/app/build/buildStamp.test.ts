import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildStampName,
  decideBuild,
  sourceFilesOf,
  writeBuildStamp,
  type BuildLayout,
} from './buildStamp';

/** A repository with the shape the build reads: lockfile, app, a plugin source, a public file. */
function fakeRepository(): BuildLayout {
  const root = mkdtempSync(join(tmpdir(), 'callboard-build-stamp-'));
  const appDir = join(root, 'packages/app');
  const files: Record<string, string> = {
    'package-lock.json': '{"lockfileVersion":3}',
    'package.json': '{"workspaces":["packages/*","plugins/*"]}',
    'tsconfig.json': '{}',
    'packages/app/package.json': '{"name":"@callboard/app"}',
    'packages/app/tsconfig.json': '{}',
    'packages/app/vite.config.ts': 'export default {};',
    'packages/app/index.html': '<!doctype html>',
    'packages/app/build/buildOutputsPlugin.ts': '// plugin',
    'packages/app/build/buildOutputsPlugin.test.ts': '// a test is no build input',
    'packages/app/public/favicon.svg': '<svg/>',
    'packages/app/src/main.tsx': 'render()',
    'plugins/catalog/package.json': '{"name":"@callboard/plugin-catalog"}',
    'plugins/catalog/src/frontend/index.ts': 'export const catalog = 1;',
    'plugins/catalog/src/backend/index.ts': 'export const backend = 1;',
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return { repositoryRoot: root, appDir, distDir: join(appDir, 'dist') };
}

/** What Vite reports for the fake repository's bundle, virtual and dependency modules included. */
function moduleIdsOf(layout: BuildLayout): string[] {
  return [
    join(layout.appDir, 'index.html'),
    join(layout.appDir, 'src/main.tsx'),
    `${join(layout.repositoryRoot, 'plugins/catalog/src/frontend/index.ts')}?worker_file&type=module`,
    join(layout.repositoryRoot, 'node_modules/react/index.js'),
    '\0vite/preload-helper.js',
  ];
}

/** A finished build: dist/index.html, then the stamp, as the build's last step writes it. */
async function build(layout: BuildLayout) {
  mkdirSync(layout.distDir, { recursive: true });
  writeFileSync(join(layout.distDir, 'index.html'), '<!doctype html><script src="/x.js">');
  return writeBuildStamp(layout, moduleIdsOf(layout));
}

describe('the decision to build the frontend', () => {
  let layout: BuildLayout;
  beforeEach(() => {
    layout = fakeRepository();
  });
  afterEach(() => {
    rmSync(layout.repositoryRoot, { recursive: true, force: true });
  });
  const edit = (path: string, content: string) =>
    writeFileSync(join(layout.repositoryRoot, path), content);

  it('builds when there is no build, or a build without its record', async () => {
    await expect(decideBuild(layout)).resolves.toEqual({
      build: true,
      reason: 'no frontend build yet',
    });
    mkdirSync(layout.distDir, { recursive: true });
    writeFileSync(join(layout.distDir, 'index.html'), '<!doctype html>');
    await expect(decideBuild(layout)).resolves.toEqual({
      build: true,
      reason: 'the last build left no record of its inputs',
    });
  });

  it('records the sources the bundle read, without dependencies, virtual modules or tests', async () => {
    const stamp = await build(layout);
    expect(Object.keys(stamp.inputs)).toEqual([
      'package-lock.json',
      'packages/app/build/buildOutputsPlugin.ts',
      'packages/app/index.html',
      'packages/app/package.json',
      'packages/app/public/favicon.svg',
      'packages/app/src/main.tsx',
      'packages/app/tsconfig.json',
      'packages/app/vite.config.ts',
      'plugins/catalog/package.json',
      'plugins/catalog/src/frontend/index.ts',
      'tsconfig.json',
    ]);
    expect(stamp.inputs['package-lock.json']).toMatch(/^[0-9a-f]{64}$/);
    const written = JSON.parse(readFileSync(join(layout.distDir, buildStampName), 'utf8')) as {
      inputs: Record<string, string>;
    };
    expect(written.inputs).toEqual(stamp.inputs);
  });

  it('skips the build while nothing the build read has changed', async () => {
    const stamp = await build(layout);
    // Files the bundle never read: backend code, tests, the root package.json's scripts.
    edit('plugins/catalog/src/backend/index.ts', 'export const backend = 2;');
    edit('package.json', '{"workspaces":["packages/*","plugins/*"],"scripts":{}}');
    edit('packages/app/build/buildOutputsPlugin.test.ts', '// changed');
    await expect(decideBuild(layout)).resolves.toEqual({
      build: false,
      builtAt: stamp.builtAt,
      inputs: 11,
    });
  });

  it('builds when a source, the lockfile or the build config changed, naming what changed', async () => {
    for (const [path, content] of [
      ['plugins/catalog/src/frontend/index.ts', 'export const catalog = 2;'],
      ['package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
      ['packages/app/vite.config.ts', 'export default { build: {} };'],
      ['packages/app/public/favicon.svg', '<svg></svg>'],
    ] as const) {
      await build(layout);
      edit(path, content);
      await expect(decideBuild(layout), path).resolves.toEqual({
        build: true,
        reason: `changed since the last build: ${path}`,
      });
    }
  });

  it('builds when an input disappeared or a new public file or workspace appeared', async () => {
    await build(layout);
    unlinkSync(join(layout.repositoryRoot, 'packages/app/src/main.tsx'));
    await expect(decideBuild(layout)).resolves.toMatchObject({
      build: true,
      reason: 'changed since the last build: packages/app/src/main.tsx',
    });

    edit('packages/app/src/main.tsx', 'render()');
    await build(layout);
    edit('packages/app/public/robots.txt', 'User-agent: *');
    mkdirSync(join(layout.repositoryRoot, 'plugins/docs'));
    edit('plugins/docs/package.json', '{"name":"@callboard/plugin-docs"}');
    await expect(decideBuild(layout)).resolves.toEqual({
      build: true,
      reason:
        'changed since the last build: packages/app/public/robots.txt, plugins/docs/package.json',
    });
  });

  it('names three changes and counts the rest', async () => {
    await build(layout);
    for (const path of [
      'packages/app/package.json',
      'tsconfig.json',
      'packages/app/index.html',
      'packages/app/tsconfig.json',
      'packages/app/src/main.tsx',
    ]) {
      edit(path, 'changed');
    }
    await expect(decideBuild(layout)).resolves.toEqual({
      build: true,
      reason:
        'changed since the last build: packages/app/index.html, packages/app/package.json, packages/app/src/main.tsx and 2 more',
    });
  });

  it('builds when the record is unreadable or from another format', async () => {
    await build(layout);
    writeFileSync(join(layout.distDir, buildStampName), '{"format":2,"inputs":{}}');
    await expect(decideBuild(layout)).resolves.toEqual({
      build: true,
      reason: 'the build record is from another version',
    });
    writeFileSync(join(layout.distDir, buildStampName), '{ not json');
    await expect(decideBuild(layout)).resolves.toEqual({
      build: true,
      reason: 'the last build left no record of its inputs',
    });
  });
});

describe('sourceFilesOf', () => {
  it('keeps real files of the repository and drops the rest', () => {
    expect(
      sourceFilesOf(
        [
          '/repo/packages/app/src/main.tsx',
          '/repo/packages/app/src/main.tsx?inline',
          '/repo/node_modules/react/index.js',
          '/repo/packages/app/node_modules/x/y.js',
          '/elsewhere/file.ts',
          '\0virtual',
          'relative/id',
        ],
        '/repo',
      ),
    ).toEqual(['/repo/packages/app/src/main.tsx']);
  });
});
