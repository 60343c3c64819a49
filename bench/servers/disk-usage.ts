import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { delay } from './managed-process.js';

/**
 * Bytes a directory takes on disk as `du` counts them: allocated blocks, summed over every file below it.
 * Sparse and preallocated files therefore count for what they really occupy. A missing directory is 0.
 */
export function diskBytes(dir: string): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    try {
      total += entry.isDirectory() ? diskBytes(path) : statSync(path).blocks * 512;
    } catch {
      // A file removed between readdir and stat (a compaction finishing) no longer takes space.
    }
  }
  return total;
}

/**
 * Waits until `measure()` gives the same value on `stableSamples` consecutive polls `intervalMs` apart
 * (a background merge or compaction has finished), at most `timeoutMs`; returns the last value.
 */
export async function whenStable(measure: () => number, options: { intervalMs?: number; stableSamples?: number; timeoutMs?: number } = {}): Promise<number> {
  const { intervalMs = 1_000, stableSamples = 3, timeoutMs = 120_000 } = options;
  const deadline = Date.now() + timeoutMs;
  let last = measure();
  let same = 1;
  while (same < stableSamples && Date.now() < deadline) {
    await delay(intervalMs);
    const now = measure();
    same = now === last ? same + 1 : 1;
    last = now;
  }
  return last;
}
