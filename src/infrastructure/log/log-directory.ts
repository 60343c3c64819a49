import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TopicName } from '../../../domain/ports/topics.js';
import { LogError } from './log-error.js';
import { syncDir } from './segment-files.js';

/** Partition count of each topic. Fixed for the life of a log: a key's partition depends on it. */
export type PartitionCounts = Readonly<Record<TopicName, number>>;

const LOCK_FILE = 'LOCK';
const META_FILE = 'log.json';
const heldHere = new Set<string>();

/**
 * Takes the directory's lock, so that two processes (or two `EmbeddedLog`s in one) never append to the
 * same files. The lock file holds the owner's pid; a lock left by a dead process (kill -9, power loss) is
 * taken over. Returns the release function.
 */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  const path = join(dir, LOCK_FILE);
  await mkdir(dir, { recursive: true });
  if (heldHere.has(key)) throw new LogError(`cannot open log ${dir}: it is already open in this process`, { retriable: false });
  let owner: number | undefined;
  try {
    owner = Number((await readFile(path, 'utf8')).trim());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new LogError(`cannot open log ${dir}: it is locked by process ${owner} (${path})`, { retriable: true });
  }
  const h = await open(path, 'w');
  try {
    await h.writeFile(`${process.pid}\n`);
  } finally {
    await h.close();
  }
  heldHere.add(key);
  return async () => {
    heldHere.delete(key);
    await unlink(path).catch(() => undefined);
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
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
