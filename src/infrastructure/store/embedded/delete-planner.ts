import { decodeBlock, decodeBlockHeader, keyVersion, type Block } from './block-codec.js';
import { removeRange } from './block-merge.js';
import { isSyncIterable, type KvEngine } from './kv-engine.js';
import { writeBlocks, type KvOverlay } from './kv-overlay.js';
import { blockKey, blockKeyMaxTs, blockKeyVersion, seriesBlockRange } from './store-keys.js';

export interface DeleteRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * Plans the deletes of one apply on the STORED blocks of one series (every delete of the apply hits
 * every point stored before it, so they are applied together): scans the series from its newest block
 * down to the first block entirely older than every range; blocks wholly inside one range are removed
 * without decoding, blocks that overlap are decoded, filtered and rewritten under their new key
 * (merged with whatever that key holds), or removed when nothing is left.
 */
export async function planDeletes(engine: KvEngine, series: Uint8Array, deletes: readonly DeleteRange[], overlay: KvOverlay): Promise<void> {
  let lo = deletes[0].start;
  let hi = deletes[0].end;
  for (const d of deletes) {
    if (d.start < lo) lo = d.start;
    if (d.end > hi) hi = d.end;
  }
  if (lo > hi) return;
  const touched: { key: Uint8Array; value: Uint8Array; maxTs: bigint }[] = [];
  const consider = (key: Uint8Array, value: Uint8Array): boolean => {
    const maxTs = blockKeyMaxTs(key);
    if (maxTs < lo) return false;
    touched.push({ key, value, maxTs });
    return true;
  };
  const { start, end } = seriesBlockRange(series);
  const entries = engine.scan(start, end);
  if (isSyncIterable(entries)) {
    for (const [key, value] of entries) if (!consider(key, value)) break;
  } else {
    for await (const [key, value] of entries) if (!consider(key, value)) break;
  }
  const rewritten: { key: Uint8Array; block: Block }[] = [];
  for (const { key, value, maxTs } of touched) {
    const minTs = decodeBlockHeader(value, maxTs).minTs;
    if (minTs > hi) continue;
    if (deletes.some((d) => d.start <= minTs && maxTs <= d.end)) {
      overlay.set(key, undefined);
      continue;
    }
    let block: Block = decodeBlock(value, maxTs, blockKeyVersion(key));
    let changed = false;
    for (const d of deletes) {
      const next = block.columns.length > 0 ? removeRange(block, d.start, d.end) : undefined;
      if (next) [block, changed] = [next, true];
    }
    if (!changed) continue;
    overlay.set(key, undefined);
    if (block.columns.length > 0) rewritten.push({ key: blockKey(series, block.columns.tsAt(0), keyVersion(block)), block });
  }
  await writeBlocks(engine, overlay, rewritten);
}
