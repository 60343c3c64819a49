import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopicName } from '../../../domain/ports/topics.js';
import { acquirePidLock } from '../fs/pid-lock.js';
import { LogError } from './log-error.js';
import { syncDir } from './segment-files.js';

/** Partition count of each topic. Fixed for the life of a log: a key's partition depends on it. */
export type PartitionCounts = Readonly<Record<TopicName, number>>;

const LOCK_FILE = 'LOCK';
const META_FILE = 'log.json';

/**
 * Takes the directory's lock, so that two processes (or two `EmbeddedLog`s in one) never append to the
 * same files (O_EXCL pid file, see acquirePidLock; a lock left by a dead process is taken over). Another live
 * holder is a retriable LogError (it may be shutting down). Returns the release function.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const lock = acquirePidLock(dir, {
    file: LOCK_FILE,
    what: `log ${dir}`,
    error: (message, inUse) => new LogError(message, { retriable: inUse }),
  });
  return async () => lock.release();
}

/**
 * Records the partition counts in `log.json` on first open and refuses to open with other counts later:
 * re-partitioning would move keys between partitions and break per-series order.
 */
export async function checkPartitionCounts(dir: string, counts: PartitionCounts, fsync: boolean): Promise<void> {
  const path = join(dir, META_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const wanted = { version: 1, partitions: { data: counts.data, metadata: counts.metadata } };
  if (text !== undefined) {
    const found = JSON.parse(text) as typeof wanted;
    if (found.partitions?.data !== counts.data || found.partitions?.metadata !== counts.metadata) {
      throw new LogError(
        `cannot open log ${dir}: it has partitions ${JSON.stringify(found.partitions)}, asked for ${JSON.stringify(wanted.partitions)}`,
        { retriable: false },
      );
    }
    return;
  }
  const tmp = `${path}.tmp`;
  const h = await open(tmp, 'w');
  try {
    await h.writeFile(`${JSON.stringify(wanted)}\n`);
    if (fsync) await h.sync();
  } finally {
    await h.close();
  }
  await rename(tmp, path);
  if (fsync) await syncDir(dir);
}
