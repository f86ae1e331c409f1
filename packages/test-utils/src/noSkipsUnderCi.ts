import { relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { isCi } from './requirement';

/**
 * A vitest reporter that fails the run under CI=true when any test was skipped, whatever skipped
 * it: `.skip`, `.todo`, `skipIf`/`runIf`, `ctx.skip()`. Missing dependencies already throw there
 * (see requirement.ts); this catches every other way a test can quietly not run. A run narrowed
 * by a name filter (`-t`) skips the rest on purpose and is left alone.
 *
 * vitest loads it by path (`reporters` in vitest.config.ts), which takes a default export.
 */
export default class NoSkipsUnderCi implements Reporter {
  private root = process.cwd();
  private narrowed = false;

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
    this.narrowed = vitest.config.testNamePattern !== undefined;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    if (!isCi() || this.narrowed) return;
    const skipped: string[] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        if (test.result().state !== 'skipped') continue;
        skipped.push(
          `  ${relative(this.root, testModule.moduleId)} > ${test.fullName} (${test.options.mode})`,
        );
      }
    }
    if (skipped.length === 0) return;
    console.error(
      `\nCI=true: ${skipped.length} test(s) did not run, and under CI every test must:\n${skipped.join('\n')}\n`,
    );
    process.exitCode = 1;
  }
}
