import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskBudget, WorkspaceQuotaError } from './workspaceQuota';

const megabyte = 1024 * 1024;

describe('the disk budget of runs', () => {
  const root = mkdtempSync(join(tmpdir(), 'callboard-quota-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a write over the run’s quota before it happens', () => {
    const run = createDiskBudget({ perRunMb: 1, totalMb: 10 }).openRun(root);
    run.charge(megabyte / 2, 'a.txt');
    expect(() => run.charge(megabyte, 'b.txt')).toThrow(
      new WorkspaceQuotaError(
        'Writing b.txt would take the workspace to 1.5 MB, over its quota of 1 MB (scaffolder.workspaceQuota.perRunMb)',
      ),
    );
    // The refused write was not counted: a smaller one still fits.
    run.charge(megabyte / 4, 'c.txt');
  });

  it('shares the working directory’s cap between runs, and gives space back when a run ends', () => {
    const budget = createDiskBudget({ perRunMb: 2, totalMb: 3 });
    const first = budget.openRun(root);
    const second = budget.openRun(root);
    first.charge(2 * megabyte, 'first.bin');
    expect(() => second.charge(1.5 * megabyte, 'second.bin')).toThrow(
      new WorkspaceQuotaError(
        "Writing second.bin would take the scaffolder's working directory to 3.5 MB, over its cap of 3 MB (scaffolder.workspaceQuota.totalMb)",
      ),
    );
    expect(budget.used()).toBe(2 * megabyte);
    first.release();
    expect(budget.used()).toBe(0);
    second.charge(1.5 * megabyte, 'second.bin');
    expect(budget.used()).toBe(1.5 * megabyte);
  });

  it('measures what was written by other means', async () => {
    const folder = mkdtempSync(join(root, 'run-'));
    writeFileSync(join(folder, 'big.bin'), Buffer.alloc(megabyte + 1));
    const budget = createDiskBudget({ perRunMb: 1, totalMb: 10 });
    const run = budget.openRun(folder);
    await expect(run.measure()).rejects.toThrow(
      new WorkspaceQuotaError(
        'What the step wrote would take the workspace to 1.01 MB, over its quota of 1 MB (scaffolder.workspaceQuota.perRunMb)',
      ),
    );
    expect(budget.used()).toBe(megabyte + 1);
  });
});
