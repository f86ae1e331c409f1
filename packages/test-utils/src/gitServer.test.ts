import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitServer, type TestGitServer } from './gitServer';

const run = promisify(execFile);

describe('the test git server', () => {
  let server: TestGitServer;
  const dir = mkdtempSync(join(tmpdir(), 'callboard-git-client-'));
  beforeAll(async () => {
    server = await startGitServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves repositories over smart HTTP that the real git client clones, and sees new commits', async () => {
    const repo = await server.createRepository('acme/payments.git', {
      'catalog-info.yaml': 'kind: Component\n',
    });
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
    await run('git', ['clone', '--quiet', '--depth', '1', repo.cloneUrl, join(dir, 'a')], { env });
    expect(readFileSync(join(dir, 'a', 'catalog-info.yaml'), 'utf8')).toBe('kind: Component\n');

    const second = await repo.commit({
      'catalog-info.yaml': 'kind: API\n',
      'docs/index.md': '# Docs\n',
    });
    const { stdout } = await run('git', ['ls-remote', repo.cloneUrl, 'refs/heads/main'], { env });
    expect(stdout.split('\t')[0]).toBe(second);
    expect(server.requests.some(r => r.path.includes('git-upload-pack'))).toBe(true);
    expect(repo.blobUrl('docs/index.md')).toBe(
      `${server.url}/acme/payments.git/blob/main/docs/index.md`,
    );
  });

  it('requires credentials when asked to', async () => {
    const guarded = await startGitServer({ auth: { username: 'bot', password: 's3cret' } });
    try {
      const repo = await guarded.createRepository('private.git', { 'a.txt': 'a' });
      const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
      await expect(run('git', ['ls-remote', repo.cloneUrl], { env })).rejects.toThrow();
      const header = `Authorization: Basic ${Buffer.from('bot:s3cret').toString('base64')}`;
      const { stdout } = await run(
        'git',
        ['-c', `http.extraHeader=${header}`, 'ls-remote', repo.cloneUrl],
        { env },
      );
      expect(stdout).toContain('refs/heads/main');
    } finally {
      await guarded.close();
    }
  });
});
