import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { isCi } from '@callboard/test-utils';

const root = resolve(import.meta.dirname, '..');
const run = promisify(execFile);

/** Test sources: every `*.test.ts(x)` vitest collects (vitest.config.ts), and their helpers. */
function testSources(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    if (name === 'node_modules' || name === 'dist') return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testSources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

// `it.skip(`, `describe.todo(`, `test.only(`, `it.skip.each(`, `describe.concurrent.only(`…
const modifier = ['skip', 'todo', 'only'].join('|');
const literalSkip = new RegExp(
  String.raw`\b(?:it|test|describe|suite|bench)(?:\.\w+)*\.(?:${modifier})\b(?:\.each)?\s*[(\x60]`,
);

describe('every test runs', () => {
  it('has no literal .skip, .todo or .only in a test file (a failure under CI=true)', () => {
    const self = relative(root, import.meta.filename);
    const found = ['packages', 'plugins', 'scripts', 'bench']
      .flatMap(dir => testSources(join(root, dir)))
      .flatMap(file =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            literalSkip.test(line) ? [`${relative(root, file)}:${index + 1}: ${line.trim()}`] : [],
          ),
      )
      .filter(hit => !hit.startsWith(`${self}:`));
    if (found.length > 0 && !isCi()) {
      console.warn(`\n*** Tests that will not run (CI=true fails on them):\n${found.join('\n')}\n`);
      return;
    }
    expect(found).toEqual([]);
  });

  describe('a test that did not run', () => {
    const dir = join(root, 'test-results', `every-test-runs-${process.pid}`);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs vitest on one file with the project's reporter; returns its exit code and output. */
    async function vitest(env: Record<string, string | undefined>) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'conditional.test.ts'),
        [
          "import { expect, it } from 'vitest';",
          "it('runs', () => expect(1).toBe(1));",
          "it.runIf(process.env.NEVER_SET === 'yes')('runs only sometimes', () => {});",
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'vitest.config.ts'),
        [
          "import { defineConfig } from 'vitest/config';",
          `const reporter = ${JSON.stringify(join(root, 'packages/test-utils/src/noSkipsUnderCi.ts'))};`,
          `export default defineConfig({ test: { root: ${JSON.stringify(dir)}, reporters: ['default', reporter] } });`,
          '',
        ].join('\n'),
      );
      // The child is a vitest of its own, not a worker of this run.
      const childEnv = Object.fromEntries(
        Object.entries({ ...process.env, ...env }).filter(
          ([key, value]) => value !== undefined && !key.startsWith('VITEST') && key !== 'CI',
        ),
      );
      if (env.CI) childEnv.CI = env.CI;
      try {
        const { stdout, stderr } = await run(
          process.execPath,
          [
            join(root, 'node_modules/vitest/vitest.mjs'),
            'run',
            '--config',
            join(dir, 'vitest.config.ts'),
          ],
          { cwd: root, env: childEnv },
        );
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const failed = error as { code: number; stdout: string; stderr: string };
        return { code: failed.code, output: failed.stdout + failed.stderr };
      }
    }

    it('fails the run under CI=true, naming it, however it was skipped', async () => {
      const ci = await vitest({ CI: 'true' });
      expect(ci.output).toContain(
        'CI=true: 1 test(s) did not run, and under CI every test must:\n  conditional.test.ts > runs only sometimes (skip)',
      );
      expect(ci.code).toBe(1);
    });

    it('is only reported elsewhere', async () => {
      const local = await vitest({ CI: undefined });
      expect(local.output).not.toContain('did not run');
      expect(local.output).toMatch(/1 passed.*1 skipped/);
      expect(local.code).toBe(0);
    });
  });
});
