import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { decodeBlock, decodeBlockHeader, encodeBlock, maxVersion, type Block } from './block-codec.js';
import { blockFromPuts, mergeBlocks, removeRange, type SeriesPut } from './block-merge.js';
import { isSyncIterable, type KvEngine, type KvOp } from './kv-engine.js';
import { blockKey, blockKeyMaxTs, blockKeyVersion, seriesBlockRange, seriesKeyBytes } from './store-keys.js';

interface DeleteRange {
  readonly start: bigint;
  readonly end: bigint;
}

/** What one apply does to one series, in apply order. */
interface SeriesPlan {
  readonly bytes: Uint8Array;
  /** Puts still pending, each already stripped of the points a LATER delete of this apply removes. */
  puts: SeriesPut[];
  /** Every delete of this apply: all of them hit the points stored before it. */
  deletes: DeleteRange[];
}

/**
 * Turns the datapoint writes of one apply into the key-value ops of one atomic engine write, reading
 * the committed state (the caller MUST serialise applies, so nothing commits between plan and write):
 *
 * - the puts of one series become ONE block (blockFromPuts), keyed by its newest ts and highest version;
 *   if that key already holds a block (the same put applied again) the two are merged, so re-applying
 *   is harmless and takes no space;
 * - a delete removes its range from the puts before it in the apply, and rewrites the stored blocks it
 *   overlaps: blocks wholly inside are removed without decoding, others are decoded, filtered and
 *   written back under their new key (or removed when empty).
 * `seq` is the apply's write sequence (see Block.seq).
 */
export async function planDatapointWrites(engine: KvEngine, writes: readonly DatapointWrite[], seq: number): Promise<KvOp[]> {
  const plans = groupBySeries(writes);
  const overlay = new Map<string, KvOp>();
  for (const plan of plans.values()) {
    if (plan.deletes.length > 0) await planDeletes(engine, plan, overlay);
  }
  const pending: { key: Uint8Array; block: Block }[] = [];
  for (const plan of plans.values()) {
    const block = blockFromPuts(plan.puts, seq);
    if (block) pending.push({ key: blockKey(plan.bytes, block.points[0].ts, maxVersion(block)), block });
  }
  await putBlocks(engine, pending, overlay);
  return [...overlay.values()];
}

function groupBySeries(writes: readonly DatapointWrite[]): Map<SeriesId, SeriesPlan> {
  const plans = new Map<SeriesId, SeriesPlan>();
  for (const w of writes) {
    let plan = plans.get(w.series);
    if (!plan) plans.set(w.series, (plan = { bytes: seriesKeyBytes(w.series), puts: [], deletes: [] }));
    if (w.type === 'put') {
      if (w.points.length > 0) plan.puts.push({ version: w.version, points: w.points });
    } else {
      plan.deletes.push({ start: w.start, end: w.end });
      plan.puts = plan.puts.map((put) => ({
        version: put.version,
        points: put.points.filter((p) => p.ts < w.start || p.ts > w.end),
      }));
    }
  }
  return plans;
}

async function planDeletes(engine: KvEngine, plan: SeriesPlan, overlay: Map<string, KvOp>): Promise<void> {
  let lo = plan.deletes[0].start;
  let hi = plan.deletes[0].end;
  for (const d of plan.deletes) {
    if (d.start < lo) lo = d.start;
    if (d.end > hi) hi = d.end;
  }
  if (lo > hi) return;
  const { start, end } = seriesBlockRange(plan.bytes);
  const touched: { key: Uint8Array; value: Uint8Array; maxTs: bigint }[] = [];
  const entries = engine.scan(start, end);
  const consider = (key: Uint8Array, value: Uint8Array): boolean => {
    const maxTs = blockKeyMaxTs(key);
    if (maxTs < lo) return false;
    touched.push({ key, value, maxTs });
    return true;
  };
  if (isSyncIterable(entries)) {
    for (const [key, value] of entries) if (!consider(key, value)) break;
  } else {
    for await (const [key, value] of entries) if (!consider(key, value)) break;
  }
  const rewritten: { key: Uint8Array; block: Block }[] = [];
  for (const { key, value, maxTs } of touched) {
    const minTs = decodeBlockHeader(value, maxTs).minTs;
    if (minTs > hi) continue;
    if (plan.deletes.some((d) => d.start <= minTs && maxTs <= d.end)) {
      setOp(overlay, key, undefined);
      continue;
    }
    let block: Block | undefined = decodeBlock(value, maxTs, blockKeyVersion(key));
    let changed = false;
    for (const d of plan.deletes) {
      const next: Block | undefined = block.points.length > 0 ? removeRange(block, d.start, d.end) : undefined;
      if (next) [block, changed] = [next, true];
    }
    if (!changed) continue;
    setOp(overlay, key, undefined);
    if (block.points.length > 0) rewritten.push({ key: blockKey(plan.bytes, block.points[0].ts, maxVersion(block)), block });
  }
  await putBlocks(engine, rewritten, overlay);
}

/** Writes blocks into the overlay, merging each with whatever its key already holds (overlay first, then the engine). */
async function putBlocks(engine: KvEngine, blocks: readonly { key: Uint8Array; block: Block }[], overlay: Map<string, KvOp>): Promise<void> {
  if (blocks.length === 0) return;
  const unknown = blocks.filter((b) => !overlay.has(opId(b.key)));
  const stored = await engine.getMany(unknown.map((b) => b.key));
  const existing = new Map<string, Uint8Array>();
  unknown.forEach((b, i) => {
    const v = stored[i];
    if (v) existing.set(opId(b.key), v);
  });
  for (const { key, block } of blocks) {
    const id = opId(key);
    const before = overlay.has(id) ? overlay.get(id)?.value : existing.get(id);
    let merged = block;
    if (before) merged = mergeBlocks(decodeBlock(before, blockKeyMaxTs(key), blockKeyVersion(key)), block);
    const value = encodeBlock(merged);
    overlay.set(id, { key, value });
  }
}

function setOp(overlay: Map<string, KvOp>, key: Uint8Array, value: Uint8Array | undefined): void {
  overlay.set(opId(key), { key, value });
}

/** A map key for a byte key (latin1 keeps one char per byte). */
function opId(key: Uint8Array): string {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('latin1');
}
