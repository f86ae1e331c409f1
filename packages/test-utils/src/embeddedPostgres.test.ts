import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { eventually } from './eventually';
import { withAdminClient } from './postgresServer';

const run = promisify(execFile);

/** Runs a module of its own in a fresh node (with tsx), as the vitest process would. */
async function node(source: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', source],
      { cwd: import.meta.dirname },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

const start = `
  import { startEmbeddedPostgres } from './embeddedPostgres.ts';
  const server = await startEmbeddedPostgres();
  console.log(JSON.stringify({ url: server.url, dir: server.dataDirectory }));
`;

describe('the embedded PostgreSQL', () => {
  it("leaves the process's exit code alone (a failing run must not exit 0)", async () => {
    const result = await node(`${start}
      await server.stop();
      process.exitCode = 3;`);
    expect(result.code).toBe(3);
    const { dir } = JSON.parse(result.stdout) as { dir: string };
    expect(existsSync(dir)).toBe(false);
  });

  it('is shut down when its process exits without stopping it', async () => {
    const result = await node(`${start}
      process.exit(4);`);
    expect(result.code).toBe(4);
    const { url, dir } = JSON.parse(result.stdout) as { url: string; dir: string };
    await eventually(() =>
      expect(withAdminClient(client => client.query('select 1'), url)).rejects.toThrow(
        /ECONNREFUSED/,
      ),
    );
    // Its folder stays (nothing can wait for the shutdown in an exit handler).
    await eventually(() => expect(existsSync(`${dir}/postmaster.pid`)).toBe(false));
    rmSync(dir, { recursive: true, force: true });
  });
});
