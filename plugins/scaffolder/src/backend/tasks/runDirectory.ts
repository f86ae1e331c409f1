import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The folders of one run: a workspace shared by the steps and temporary folders beside it. */
export interface RunDirectory {
  root: string;
  workspacePath: string;
  /** A fresh folder outside the workspace (actions ask for it through their context). */
  createTemporaryDirectory(): Promise<string>;
  /** Removes everything the run wrote. */
  remove(): Promise<void>;
}

/** Creates `<parent>/<prefix>XXXXXX/workspace` for a task run or a dry run. */
export async function createRunDirectory(
  parent: string | undefined,
  prefix: string,
): Promise<RunDirectory> {
  const root = await mkdtemp(join(parent ?? tmpdir(), prefix));
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
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
