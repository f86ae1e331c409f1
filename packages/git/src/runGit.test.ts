import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitCommandError, runGit, scrub } from './runGit';

describe('runGit', () => {
  const home = mkdtempSync(join(tmpdir(), 'callboard-run-git-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('scrubs secrets, URL credentials and auth headers from messages', () => {
    expect(scrub('token abc123 and YWJj', ['abc123', 'YWJj'])).toBe('token *** and ***');
    expect(scrub("fatal: unable to access 'https://bot:pw@git.corp/x/'")).toBe(
      "fatal: unable to access 'https://***@git.corp/x/'",
    );
    expect(scrub('Authorization: Basic Zm9vOmJhcg==')).toBe('Authorization: Basic ***');
  });

  it('refuses transports other than http(s), such as ext:: and file://', async () => {
    for (const url of ['ext::sh -c touch% /tmp/pwned', `file://${home}`]) {
      const error = await runGit({
        args: ['ls-remote', url],
        home,
        transports: ['http'],
        signal: AbortSignal.timeout(10_000),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GitCommandError);
      expect((error as GitCommandError).stderr).toMatch(/transport .* not allowed/);
    }
  });

  it('kills a command when its signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const running = runGit({
      args: ['hash-object', '--stdin'],
      home,
      input: undefined,
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(running).rejects.toBe(reason);
  });
});
