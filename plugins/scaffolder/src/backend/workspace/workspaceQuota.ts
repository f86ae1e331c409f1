import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '@callboard/plugin-api/common';

const megabyte = 1024 * 1024;

/** A write or a step would take a run's folders over a quota (ADR 0019). */
export class WorkspaceQuotaError extends InputError {
  override name = 'WorkspaceQuotaError';
}

/** The disk space of one run (a task or a dry run): its workspace and temporary folders. */
export interface WorkspaceQuota {
  /** Counts `bytes` about to be written as `what`; throws before the write when over a quota. */
  charge(bytes: number, what: string): void;
  /** Measures the run's folders on disk (what actions wrote by other means); throws when over. */
  measure(): Promise<void>;
  /** Gives the run's space back to the working directory (its folders are removed). */
  release(): void;
}

export interface DiskBudgetOptions {
  /** Per run, in MB. */
  perRunMb: number;
  /** All runs of this replica together, in MB. */
  totalMb: number;
}

/** Rounded up, so that a size just over a quota never reads as equal to it. */
function formatMb(bytes: number): string {
  const mb = bytes / megabyte;
  const rounded = mb < 10 ? Math.ceil(mb * 100) / 100 : Math.ceil(mb);
  return `${rounded} MB`;
}

/** Bytes of every file under `root` (links are not followed). */
async function sizeOnDisk(root: string): Promise<number> {
  let total = 0;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const stats = await lstat(join(entry.parentPath, entry.name)).catch(() => undefined);
    total += stats?.size ?? 0;
  }
  return total;
}

/**
 * The scaffolder's disk space on this replica: every run gets a quota (`perRunMb`), and all runs
 * together share the working directory's cap (`totalMb`). Writes through `writeWorkspaceFile`
 * are charged before they happen; after every step the run's folders are measured, which also
 * counts what actions wrote by other means (git, archives).
 */
export function createDiskBudget(options: DiskBudgetOptions) {
  const perRun = options.perRunMb * megabyte;
  const total = options.totalMb * megabyte;
  let used = 0;

  return {
    /** The quota of a run whose folders are under `root`. */
    openRun(root: string): WorkspaceQuota {
      let mine = 0;
      let released = false;
      const set = (bytes: number) => {
        if (released) return;
        used += bytes - mine;
        mine = bytes;
      };
      const check = (bytes: number, what: string) => {
        if (bytes > perRun) {
          throw new WorkspaceQuotaError(
            `${what} would take the workspace to ${formatMb(bytes)}, over its quota of ${formatMb(perRun)} (scaffolder.workspaceQuota.perRunMb)`,
          );
        }
        const all = used - mine + bytes;
        if (all > total) {
          throw new WorkspaceQuotaError(
            `${what} would take the scaffolder's working directory to ${formatMb(all)}, over its cap of ${formatMb(total)} (scaffolder.workspaceQuota.totalMb)`,
          );
        }
      };
      return {
        charge(bytes, what) {
          check(mine + bytes, `Writing ${what}`);
          set(mine + bytes);
        },
        async measure() {
          const measured = await sizeOnDisk(root);
          set(measured);
          check(measured, 'What the step wrote');
        },
        release() {
          set(0);
          released = true;
        },
      };
    },
    /** Bytes counted for all open runs. */
    used: () => used,
  };
}

export type DiskBudget = ReturnType<typeof createDiskBudget>;

/** A quota that never refuses (tests of single actions). */
export const unlimitedQuota: WorkspaceQuota = {
  charge() {},
  async measure() {},
  release() {},
};
