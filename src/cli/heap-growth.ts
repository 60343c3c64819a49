import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config/config.js';

const FLAG = '--heap-growing-percent';

/**
 * Applies `runtime.heap.growthPercent` to V8 (process-wide: the store's thread too) before the cell allocates
 * much. V8 otherwise lets the old space grow to up to 4× the live heap between two major collections when a
 * process allocates fast, and a catching-up store projection does: garbage then holds most of the resident
 * memory (W2, 100,000 series: live heap ~250 MB, peak RSS 1.1–1.26 GiB). A fixed factor bounds that room
 * without a heap cap (a cap would kill the process, or the store's thread, when the live set outgrows it);
 * the price is more major collections (measured in BENCHMARKS.md, "Lead, session 4"). 0 keeps V8's own heuristics; a
 * `--heap-growing-percent` given to node by the operator wins.
 */
export function applyHeapGrowth(config: Config, execArgv: readonly string[] = process.execArgv, setFlags: (flags: string) => void = setFlagsFromString): number | undefined {
  if (execArgv.some((arg) => arg === FLAG || arg.startsWith(`${FLAG}=`))) return undefined;
  const percent = config.get('runtime.heap.growthPercent');
  if (percent === 0) return undefined;
  setFlags(`${FLAG}=${percent}`);
  return percent;
}
