import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedStoreError } from './embedded-database.js';

export const LOCK_FILE = 'continuum.lock';

/** The exclusive hold of one store directory; `release` is idempotent. */
export interface StoreLock {
  release(): void;
}

/**
 * Takes the store directory for this process: creates `continuum.lock` (O_EXCL) holding our pid.
 * LMDB allows several processes in one environment, and a CLI writing while the server runs would
 * break the server's serialised plans, so a second open MUST fail: if the lock file names a live
 * process (this one included) this throws a non-retriable EmbeddedStoreError naming the directory and
 * the holder. A lock left by a dead process (crash, kill -9) is taken over.
 */
export function acquireStoreLock(dir: string): StoreLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let held = true;
      return {
        release: () => {
          if (!held) return;
          held = false;
          unlinkSync(path);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new EmbeddedStoreError(`cannot open the embedded store in ${dir}: cannot create ${path}: ${(err as Error).message}`, { retriable: false, cause: err });
      }
    }
    const holder = readHolder(path);
    if (holder !== undefined && isAlive(holder)) {
      const who = holder === process.pid ? 'this process (it is already open)' : `process ${holder}`;
      throw new EmbeddedStoreError(
        `cannot open the embedded store in ${dir}: it is in use by ${who}; stop that process first (or delete ${path} if it is gone)`,
        { retriable: false },
      );
    }
    try {
      unlinkSync(path);
    } catch {
      // Another process took the stale lock over first: the next attempt reports it.
    }
  }
  throw new EmbeddedStoreError(`cannot open the embedded store in ${dir}: another process is taking ${path} over`, { retriable: false });
}

function readHolder(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
