import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export class DataDirectoryLockedError extends Error {
  override name = 'DataDirectoryLockedError';
}

interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * PGlite has no lock of its own: two processes on one data directory would silently lose
 * writes. We take a lock file beside the directory (PGlite's initdb wants the directory itself
 * to be its own). A lock left by a process that died is taken over; a live holder is refused.
 * Returns the function that releases the lock.
 */
export function lockDataDirectory(directory: string): () => void {
  const lockPath = `${directory}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
  };

  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLockFile(lockPath, me)) {
      const release = () => {
        process.off('exit', release);
        if (readHolder(lockPath)?.pid === me.pid) {
          try {
            unlinkSync(lockPath);
          } catch {
            // Already gone.
          }
        }
      };
      // A crash with an exception still releases; SIGKILL leaves a stale lock the next start takes over.
      process.on('exit', release);
      return release;
    }
    const holder = readHolder(lockPath);
    if (holder && holderIsAlive(holder)) throw lockedBy(holder, directory, lockPath);
    removeStaleLock(lockPath, directory);
  }
  throw new DataDirectoryLockedError(
    `Could not take the lock ${lockPath}; another process keeps taking it.`,
  );
}

/**
 * Creates the lock file with its content in one step: written aside, then hard-linked into
 * place, which fails if the lock exists. Opened with `wx` and written afterwards, a process
 * starting at the same moment could read it empty, take it for stale and remove it.
 */
function createLockFile(lockPath: string, me: LockHolder): boolean {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, JSON.stringify(me));
  try {
    linkSync(aside, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Moves a stale lock aside (one atomic rename: of two starters that found it stale, one moves
 * it) and deletes it. If what was moved turns out to be a live holder's lock, taken between the
 * look and the move, it goes back.
 */
function removeStaleLock(lockPath: string, directory: string): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    // Another starter moved it first; try again.
    return;
  }
  const moved = readHolder(aside);
  if (moved && holderIsAlive(moved)) {
    try {
      linkSync(aside, lockPath);
    } finally {
      unlinkSync(aside);
    }
    throw lockedBy(moved, directory, lockPath);
  }
  unlinkSync(aside);
}

function lockedBy(holder: LockHolder, directory: string, lockPath: string): Error {
  return new DataDirectoryLockedError(
    `The embedded database at ${directory} is in use by another Callboard process ` +
      `(pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}). ` +
      'PGlite allows one process per data directory: stop that process, or use PostgreSQL ' +
      '(backend.database.client: pg) to run several. If that process is gone, delete ' +
      `${lockPath}.`,
  );
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return {
        pid: parsed.pid,
        host: parsed.host,
        startedAt: String(parsed.startedAt ?? 'unknown'),
      };
    }
  } catch {
    // Unreadable or half-written: treat as stale.
  }
  return undefined;
}

function holderIsAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) {
    // We cannot see processes on another host (a shared volume): assume it is alive.
    return true;
  }
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
