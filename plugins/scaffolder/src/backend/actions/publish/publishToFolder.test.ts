import { request as httpRequest, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from '@callboard/plugin-api/backend';
import { ConflictError, InputError } from '@callboard/plugin-api/common';
import { createGitRepositoryRouter } from '../../publish/gitRepositoryRouter';
import { createPublishTargets } from '../../publish/createPublishTargets';
import { createPublishGitAction } from './publishGitAction';
import { git, runAction, writeFiles } from '../../publish/test/publishTestKit';

const port = 7312;
const baseUrl = `http://127.0.0.1:${port}`;

const skeleton = {
  'README.md': '# payments-api\n',
  'catalog-info.yaml': 'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
  'src/index.ts': 'export const port = 8080;\n',
  '.gitignore': 'node_modules/\n',
  'node_modules/left-out/index.js': 'ignored\n',
};

/** A raw request, so the path reaches the server exactly as written (fetch normalises `..`). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, res => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('publish:git to a folder target, read back over smart HTTP', () => {
  let root: string;
  let home: string;
  let server: Server;
  let workspace: string;
  const repositories = () => join(root, 'config', '.callboard', 'repositories');
  let action: ReturnType<typeof createPublishGitAction>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'callboard-publish-folder-'));
    home = join(root, 'home');
    workspace = join(root, 'workspace');
    await mkdir(home);
    await writeFiles(workspace, skeleton);
    const targets = createPublishTargets({
      targets: [
        {
          type: 'folder',
          host: 'local',
          title: 'This Callboard',
          directory: '.callboard/repositories',
          allowedOwners: ['acme', 'payments'],
        },
      ],
      resolvePath: path => resolve(root, 'config', path),
      baseUrl: `${baseUrl}/`,
      integrations: undefined,
    });
    action = createPublishGitAction({
      targets,
      defaultAuthor: { name: 'Callboard', email: 'scaffolder@callboard.invalid' },
      defaultCommitMessage: 'Initial commit',
    });
    const logger = pino({ level: 'silent' });
    // The shape of the real backend: JSON parsing in front, the plugin router at /api/scaffolder.
    const plugin = express.Router();
    plugin.use('/git', createGitRepositoryRouter({ targets, logger }));
    const app = express();
    app.use('/api', express.json());
    app.use('/api/scaffolder', plugin);
    app.use(errorHandler({ logger }));
    server = await new Promise<Server>(done => {
      const listening = app.listen(port, '127.0.0.1', () => done(listening));
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(done => server.close(done));
    await rm(root, { recursive: true, force: true });
  });

  const publish = (input: Record<string, unknown>) =>
    runAction(action, input, { workspacePath: workspace, tempRoot: root });

  it('publishes the workspace, and git clone over HTTP shows the files and the author', async () => {
    const { output, logs } = await publish({
      repoUrl: 'local?owner=acme&repo=payments-api',
      gitAuthorName: 'Alice Moreau',
      gitAuthorEmail: 'alice@example.com',
      gitCommitMessage: 'Create payments-api',
    });
    const remoteUrl = `${baseUrl}/api/scaffolder/git/acme/payments-api.git`;
    expect(output).toEqual({
      remoteUrl,
      repoContentsUrl: `${remoteUrl}/blob/main`,
      commitHash: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    expect(logs.join('\n')).toContain('Published');

    const clone = join(root, 'clone');
    await git(root, home, 'clone', '--quiet', remoteUrl, clone);
    expect(await readFile(join(clone, 'src/index.ts'), 'utf8')).toBe(skeleton['src/index.ts']);
    expect(await readFile(join(clone, 'catalog-info.yaml'), 'utf8')).toBe(
      skeleton['catalog-info.yaml'],
    );
    expect(await git(clone, home, 'ls-files')).not.toContain('node_modules');
    expect(await git(clone, home, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%s|%H')).toBe(
      `Alice Moreau <alice@example.com>|Alice Moreau <alice@example.com>|Create payments-api|${String(output.commitHash)}`,
    );
    expect(await git(clone, home, 'branch', '--show-current')).toBe('main');
    // What the catalog's reader does: a shallow fetch of one commit by id (protocol v2).
    const shallow = join(root, 'shallow');
    await git(root, home, 'init', '--quiet', '--bare', shallow);
    await git(shallow, home, 'fetch', '--quiet', '--depth=1', remoteUrl, String(output.commitHash));
    expect(
      await git(shallow, home, 'cat-file', '-p', `${String(output.commitHash)}:README.md`),
    ).toBe(skeleton['README.md'].trim());
    // The workspace is left as the template wrote it: no .git folder in it.
    await expect(readFile(join(workspace, '.git', 'HEAD'))).rejects.toThrow();

    // The catalog's view URLs answer the raw file, as plain text that is never sniffed.
    const blob = await fetch(`${String(output.repoContentsUrl)}/src/index.ts`);
    expect(blob.status).toBe(200);
    expect(blob.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(blob.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await blob.text()).toBe(skeleton['src/index.ts']);
    const byCommit = await fetch(`${remoteUrl}/blob/${String(output.commitHash)}/README.md`);
    expect(await byCommit.text()).toBe(skeleton['README.md']);
    expect((await fetch(`${remoteUrl}/blob/main/missing.md`)).status).toBe(404);
    expect((await fetch(`${remoteUrl}/blob/main/src`)).status).toBe(404);
    expect((await fetch(`${remoteUrl}/blob/nope/README.md`)).status).toBe(404);

    // The repository URL itself (the output link) answers a page with the clone command.
    const page = await fetch(remoteUrl);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain(`git clone ${remoteUrl}`);
    expect(text).toContain('  src/index.ts');
  });

  it('refuses pushes over HTTP', async () => {
    const remoteUrl = `${baseUrl}/api/scaffolder/git/acme/payments-api.git`;
    const clone = join(root, 'pusher');
    await git(root, home, 'clone', '--quiet', remoteUrl, clone);
    await writeFile(join(clone, 'extra.txt'), 'sneaky\n');
    await git(clone, home, 'add', 'extra.txt');
    await git(clone, home, 'commit', '--quiet', '-m', 'sneaky');
    const before = await git(root, home, 'ls-remote', remoteUrl, 'refs/heads/main');
    const pushed = await git(clone, home, 'push', 'origin', 'HEAD:refs/heads/main').catch(
      (error: Error) => error,
    );
    expect(pushed).toBeInstanceOf(Error);
    expect((pushed as Error).message).toContain('403');
    expect(await git(root, home, 'ls-remote', remoteUrl, 'refs/heads/main')).toBe(before);

    const advertised = await fetch(`${remoteUrl}/info/refs?service=git-receive-pack`);
    expect(advertised.status).toBe(403);
    const direct = await fetch(`${remoteUrl}/git-receive-pack`, { method: 'POST', body: '0000' });
    expect(direct.status).toBe(403);
    // The dumb protocol (plain file downloads) is not served either.
    expect((await fetch(`${remoteUrl}/info/refs`)).status).toBe(403);
    expect((await fetch(`${remoteUrl}/HEAD`)).status).toBe(404);
    expect((await fetch(`${remoteUrl}/config`)).status).toBe(404);
  });

  it('refuses to publish a repository twice (ConflictError)', async () => {
    await publish({ repoUrl: 'local?owner=payments&repo=ledger' });
    const again = await publish({ repoUrl: 'local?owner=payments&repo=ledger' }).catch(
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as Error).message).toContain('already has a branch main');
    // Another branch of the same repository is still a first push.
    const other = await publish({
      repoUrl: 'local?owner=payments&repo=ledger',
      defaultBranch: 'release/v1',
    });
    expect(other.output.repoContentsUrl).toBe(
      `${baseUrl}/api/scaffolder/git/payments/ledger.git/blob/release/v1`,
    );
    const blob = await fetch(`${String(other.output.repoContentsUrl)}/README.md`);
    expect(await blob.text()).toBe(skeleton['README.md']);
  });

  it('refuses names that leave the folder, owners not allowed, and unknown hosts', async () => {
    const refused = async (input: Record<string, unknown>) => {
      const error = await publish(input).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      return (error as Error).message;
    };
    expect(await refused({ repoUrl: 'local?owner=..&repo=x' })).toContain('Invalid owner name');
    expect(await refused({ repoUrl: 'local?owner=acme&repo=../x' })).toContain('Invalid repo name');
    expect(await refused({ repoUrl: 'local?owner=../../etc&repo=x' })).toContain(
      'Invalid owner name',
    );
    expect(await refused({ repoUrl: 'local?owner=acme&repo=.git' })).toContain('Invalid repo');
    expect(await refused({ repoUrl: 'local?owner=acme&repo=x.git' })).toContain('Invalid repo');
    expect(await refused({ repoUrl: 'local?repo=x' })).toContain('needs an owner');
    expect(await refused({ repoUrl: 'local?owner=web&repo=x' })).toContain(
      'use one of acme, payments',
    );
    expect(await refused({ repoUrl: 'github.com?owner=acme&repo=x' })).toBe(
      'Cannot publish to github.com: it is not a configured publish target; the hosts are local (scaffolder.targets)',
    );
    expect(
      await refused({ repoUrl: 'local?owner=acme&repo=y', defaultBranch: '../main' }),
    ).toContain('Invalid branch name');
    expect(await refused({ repoUrl: 'local?owner=acme&repo=y', sourcePath: '../' })).toContain(
      'inside the workspace',
    );
    expect(await refused({ repoUrl: 'local?owner=acme&repo=y', sourcePath: '/etc' })).toContain(
      'relative to the workspace',
    );
    // A symlink in the workspace does not lead out of it either.
    await symlink('/etc', join(workspace, 'escape'));
    try {
      expect(await refused({ repoUrl: 'local?owner=acme&repo=y', sourcePath: 'escape' })).toContain(
        'leads outside it',
      );
    } finally {
      await rm(join(workspace, 'escape'));
    }
    // Nothing was created for any of them.
    await expect(readFile(join(repositories(), 'acme', 'y.git', 'HEAD'))).rejects.toThrow();
  });

  it('publishes only sourcePath when given, and refuses an empty one', async () => {
    const { output } = await publish({
      repoUrl: 'local?owner=acme&repo=sources',
      sourcePath: 'src',
    });
    const clone = join(root, 'sources');
    await git(root, home, 'clone', '--quiet', String(output.remoteUrl), clone);
    expect(await git(clone, home, 'ls-files')).toBe('index.ts');
    expect(await git(clone, home, 'log', '-1', '--format=%an <%ae>|%s')).toBe(
      'Callboard <scaffolder@callboard.invalid>|Initial commit',
    );

    await mkdir(join(workspace, 'empty'));
    const error = await publish({
      repoUrl: 'local?owner=acme&repo=empty',
      sourcePath: 'empty',
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('Nothing to publish');
    // The remote is prepared only when there is something to push.
    await expect(readFile(join(repositories(), 'acme', 'empty.git', 'HEAD'))).rejects.toThrow();
  });

  it('refuses path traversal in the git router', async () => {
    for (const path of [
      '/api/scaffolder/git/../../../etc/passwd',
      '/api/scaffolder/git/acme/..%2F..%2Fetc.git/info/refs?service=git-upload-pack',
      '/api/scaffolder/git/%2e%2e/payments-api.git/info/refs?service=git-upload-pack',
      '/api/scaffolder/git/acme/payments-api.git/blob/main/../../config',
      '/api/scaffolder/git/acme/payments-api.git/blob/main/%2e%2e/x',
    ]) {
      const { status, body } = await rawGet(path);
      expect([400, 404]).toContain(status);
      expect(body).not.toContain('root:');
      expect(body).not.toContain('[core]');
    }
    expect(
      (await rawGet('/api/scaffolder/git/acme/unknown.git/info/refs?service=git-upload-pack'))
        .status,
    ).toBe(404);
  });
});
