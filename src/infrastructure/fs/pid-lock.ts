import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The exclusive hold of one directory; `release` is idempotent. */
export interface PidLock {
  release(): void;
}

export interface PidLockOptions {
  /** Lock file name inside the directory. */
  readonly file: string;
  /** What is being opened, for messages (e.g. `the embedded store in /data/store`). */
  readonly what: string;
  /** Builds the error to throw; `inUse` says whether another live process holds the directory. */
  readonly error: (message: string, inUse: boolean) => Error;
}

/**
 * Takes a directory for this process: creates the lock file with O_EXCL holding our pid, so that two processes
 * opening at the same instant cannot both succeed. A lock naming a live process (this one included) fails with a
 * message naming the directory and the holder; a lock left by a dead process (crash, kill -9) is taken over.
 */
export function acquirePidLock(dir: string, options: PidLockOptions): PidLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, options.file);
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
        throw options.error(`cannot open ${options.what}: cannot create ${path}: ${(err as Error).message}`, false);
      }
    }
    const holder = readHolder(path);
    if (holder !== undefined && isAlive(holder)) {
      const who = holder === process.pid ? 'this process (it is already open)' : `process ${holder}`;
      throw options.error(`cannot open ${options.what}: it is in use by ${who}; stop that process first (or delete ${path} if it is gone)`, true);
    }
    try {
      unlinkSync(path);
    } catch {
      // Another process took the stale lock over first: the next attempt reports it.
    }
  }
  throw options.error(`cannot open ${options.what}: another process is taking ${path} over`, true);
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
