import { acquirePidLock, type PidLock } from '../../fs/pid-lock.js';
import { EmbeddedStoreError } from './embedded-database.js';

export const LOCK_FILE = 'continuum.lock';

/** The exclusive hold of one store directory; `release` is idempotent. */
export type StoreLock = PidLock;

/**
 * Takes the store directory for this process. LMDB allows several processes in one environment, and a CLI
 * writing while the server runs would break the server's serialised plans, so a second open MUST fail with a
 * non-retriable EmbeddedStoreError naming the directory and the holder (see acquirePidLock).
 */
export function acquireStoreLock(dir: string): StoreLock {
  return acquirePidLock(dir, {
    file: LOCK_FILE,
    what: `the embedded store in ${dir}`,
    error: (message) => new EmbeddedStoreError(message, { retriable: false }),
  });
}
