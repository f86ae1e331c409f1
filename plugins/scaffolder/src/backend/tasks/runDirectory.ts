import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unlimitedQuota, type DiskBudget, type WorkspaceQuota } from '../workspace/workspaceQuota';

/** The folders of one run: a workspace shared by the steps and temporary folders beside it. */
export interface RunDirectory {
  root: string;
  workspacePath: string;
  /** A fresh folder outside the workspace (actions ask for it through their context). */
  createTemporaryDirectory(): Promise<string>;
  /** The disk space the run may use (ADR 0019). */
  quota: WorkspaceQuota;
  /** Removes everything the run wrote, and gives its space back. */
  remove(): Promise<void>;
}

/** Creates `<parent>/<prefix>XXXXXX/workspace` for a task run or a dry run. */
export async function createRunDirectory(
  parent: string | undefined,
  prefix: string,
  budget?: DiskBudget,
): Promise<RunDirectory> {
  const root = await mkdtemp(join(parent ?? tmpdir(), prefix));
  const quota = budget ? budget.openRun(root) : unlimitedQuota;
  const workspacePath = join(root, 'workspace');
  await mkdir(workspacePath);
  let temporaryCount = 0;
  return {
    root,
    workspacePath,
    async createTemporaryDirectory() {
      const dir = join(root, `tmp-${++temporaryCount}`);
      await mkdir(dir);
      return dir;
    },
    quota,
    async remove() {
      try {
        await rm(root, { recursive: true, force: true });
      } finally {
        quota.release();
      }
    },
  };
}
