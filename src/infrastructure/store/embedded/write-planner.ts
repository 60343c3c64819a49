import { decodeChunkInto } from '../../../../domain/datapoints/chunk-columns-decoder.js';
import { PointColumns } from '../../../../domain/datapoints/point-columns.js';
import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { decodeBlock, encodeBlock, keyVersion, maxVersionOf, type Block } from './block-codec.js';
import { blockFromPuts, mergeBlocks, mergeMany, withoutRange, type SeriesPut } from './block-merge.js';
import { planDeletes, type DeleteRange } from './delete-planner.js';
import type { HeadTracker, MergeChoice, TrackedBlock, TrackedHead } from './head-tracker.js';
import type { PlannedWrite, WriteContext } from './embedded-database.js';
import type { KvEngine } from './kv-engine.js';
import { keyOfId, KvOverlay, opId } from './kv-overlay.js';
import type { SeriesVersions, VersionSlot } from './series-versions.js';
import { blockKeyMaxTs, blockKeyVersion, seriesBlockKey, seriesKeyBytes } from './store-keys.js';

/** What one apply does to one series, in apply order. */
interface SeriesPlan {
  readonly series: SeriesId;
  /** Puts still pending, each already stripped of the points a LATER delete of this apply removes. */
  puts: SeriesPut[];
  /** Every delete of this apply (all of them hit the points stored before it), if any. */
  deletes: DeleteRange[] | undefined;
}

/** The new block of one series, with the merge the tracker asks for. */
interface NewBlock {
  readonly series: SeriesId;
  readonly key: Uint8Array;
  /** opId(key) */
  readonly id: string;
  readonly block: Block;
  readonly choice: MergeChoice | undefined;
  /** The keys of choice.run, in its order (tracked blocks keep only their opId). */
  readonly runKeys: readonly Uint8Array[];
  /** Its version is above every version stored for the series: its key holds nothing, so it is not read. */
  fresh: boolean;
  /** The series' tracked blocks when planned (spares the tracker a lookup per series at commit). */
  readonly head: TrackedHead | undefined;
  /** The series' version bound when planned (the same, for `versions`). */
  slot: VersionSlot | undefined;
}

/**
 * Turns the datapoint writes of one apply into the ops of one atomic engine write, reading the
 * committed state (the caller MUST serialise applies, so nothing commits between plan and write):
 *
 * - deletes rewrite the stored blocks they overlap (delete-planner.ts) and strip the puts before them;
 * - the puts of one series become ONE block (blockFromPuts), keyed by its newest point's ts and
 *   version; if that key already holds a block (the same put applied again) the two are merged, so
 *   re-applying is harmless and takes no space;
 * - when the head tracker says so, the new block and the series' recent small blocks are merged into
 *   one (head-tracker.ts), which keeps bytes per point low under small applies.
 * All reads of the apply's new blocks and merge sources are one `getMany`, and a new block's own key
 * is not read when its version is above every version stored for its series (`versions`, or without it
 * the store-wide ctx.maxVersion): in the usual flow, a series' log offsets only grow, so an apply reads
 * nothing but the blocks it merges.
 */
export async function planDatapointWrites(engine: KvEngine, writes: readonly DatapointWrite[], ctx: WriteContext, tracker: HeadTracker, versions?: SeriesVersions): Promise<PlannedWrite> {
  const overlay = new KvOverlay();
  const news: NewBlock[] = [];
  versions?.sync(ctx.maxVersion);
  // Over the values (plans name their series): iterating entries built a [key, value] array per series.
  for (const plan of groupBySeries(writes).values()) {
    const id = plan.series;
    if (plan.deletes) {
      tracker.forget(id);
      await planDeletes(engine, seriesKeyBytes(id), plan.deletes, overlay);
    }
    const block = blockFromPuts(plan.puts, ctx.seq);
    if (!block) continue;
    const key = seriesBlockKey(id, block.columns.tsAt(0), keyVersion(block));
    const head = plan.deletes ? undefined : tracker.head(id);
    const choice = plan.deletes ? undefined : tracker.choose(id, block.columns.length, head);
    const runKeys = choice ? choice.run.map((t) => keyOfId(t.id)) : NO_KEYS;
    news.push({ series: id, key, id: opId(key), block, choice, runKeys, fresh: false, head, slot: undefined });
  }
  // The store-wide watermark bounds the version of every point stored (not only of block keys: a delete
  // may rename a block to the version of any of its points).
  let maxVersion = ctx.maxVersion;
  const keys: Uint8Array[] = [];
  for (const n of news) {
    n.slot = versions?.slot(n.series);
    n.fresh = keyVersion(n.block) > (versions ? versions.bound(n.series, n.slot) : ctx.maxVersion);
    if (!n.fresh) keys.push(n.key);
    const top = maxVersionOf(n.block);
    if (top > maxVersion) maxVersion = top;
    for (const k of n.runKeys) keys.push(k);
  }
  const values = await overlay.read(engine, keys);
  const updates = news.map((n) => planNewBlock(n, values, overlay));
  return {
    maxVersion,
    ops: overlay.ops(),
    afterCommit: () => {
      for (let i = 0; i < news.length; i++) {
        const n = news[i];
        const u = updates[i];
        tracker.record(n.series, u.removed, u.replacement, u.pushed, n.fresh, n.head);
        versions?.raise(n.series, maxVersionOf(n.block), n.slot);
      }
      versions?.committed(maxVersion);
    },
  };
}

const NO_KEYS: readonly Uint8Array[] = [];
const NO_BLOCKS: readonly TrackedBlock[] = [];

/** The writes of each series, in order, each put's points in columns (putColumns). */
function groupBySeries(writes: readonly DatapointWrite[]): Map<SeriesId, SeriesPlan> {
  const plans = new Map<SeriesId, SeriesPlan>();
  for (const w of writes) {
    let plan = plans.get(w.series);
    if (w.type === 'put') {
      const put = { version: w.version, columns: putColumns(w) };
      if (put.columns.length === 0) continue;
      if (plan) plan.puts.push(put);
      else plans.set(w.series, { series: w.series, puts: [put], deletes: undefined });
      continue;
    }
    if (!plan) plans.set(w.series, (plan = { series: w.series, puts: [], deletes: undefined }));
    (plan.deletes ??= []).push({ start: w.start, end: w.end });
    plan.puts = plan.puts.map((put) => ({ version: put.version, columns: withoutRange(put.columns, w.start, w.end) }));
  }
  return plans;
}

/** Where a put's chunks are decoded first (their point count is not known before), then copied to their size. */
const decoded = new PointColumns(1024);

/**
 * A put's points in columns of their own: decoded from its chunks when it has them (a put from the log, or
 * shipped to the store thread: its `points` are then never built), else from its points.
 */
function putColumns(w: Extract<DatapointWrite, { type: 'put' }>): PointColumns {
  const chunks = w.chunks;
  if (chunks === undefined) return PointColumns.of(w.points);
  decoded.clear();
  for (let i = 0; i < chunks.length; i++) decodeChunkInto(chunks[i], decoded);
  const out = new PointColumns(decoded.length);
  out.pushRange(decoded, 0, decoded.length);
  return out;
}

interface TrackerUpdate {
  readonly removed: readonly TrackedBlock[];
  readonly replacement: TrackedBlock | undefined;
  readonly pushed: TrackedBlock | undefined;
}

/** Plans one series' new block: merged with what its key holds, then with the tracker's run if any. */
function planNewBlock(n: NewBlock, values: Map<string, Uint8Array>, overlay: KvOverlay): TrackerUpdate {
  let block = n.block;
  const existing = values.get(n.id);
  if (existing) block = mergeBlocks(decodeBlock(existing, blockKeyMaxTs(n.key), blockKeyVersion(n.key)), block);
  const merged = n.choice ? planMerge(n, block, values, overlay) : undefined;
  if (merged) return merged;
  const value = encodeBlock(block);
  overlay.set(n.key, value);
  return { removed: n.choice?.run ?? NO_BLOCKS, replacement: undefined, pushed: { id: n.id, count: block.columns.length, bytes: value.length } };
}

/**
 * Merges the tracker's run (the blocks still there) and, when chosen, the new block. The merged block
 * takes the key of the source holding its newest point (keyVersion), so it never lands on a key that
 * might hold another block. Gives up (undefined: blocks stay as they are) only when the new block is
 * not merged but shares a key with the run (a re-applied put).
 */
function planMerge(n: NewBlock, block: Block, values: Map<string, Uint8Array>, overlay: KvOverlay): TrackerUpdate | undefined {
  const choice = n.choice as MergeChoice;
  const sources = choice.run.map((t, i) => ({ id: t.id, key: n.runKeys[i] })).filter((t) => values.has(t.id));
  if (!choice.includesNew && sources.some((t) => t.id === n.id)) return undefined;
  const parts = sources.map((t) => decodeBlock(values.get(t.id) as Uint8Array, blockKeyMaxTs(t.key), blockKeyVersion(t.key)));
  if (choice.includesNew) parts.push(block);
  if (parts.length < 2) return undefined;
  const merged = mergeMany(parts);
  const mergedKey = seriesBlockKey(n.series, merged.columns.tsAt(0), keyVersion(merged));
  const mergedId = opId(mergedKey);
  const replaced: { key: Uint8Array; id: string }[] = choice.includesNew ? [...sources, n] : sources;
  if (!replaced.some((t) => t.id === mergedId)) return undefined;
  for (const t of replaced) if (t.id !== mergedId) overlay.set(t.key, undefined);
  const mergedValue = encodeBlock(merged);
  overlay.set(mergedKey, mergedValue);
  const replacement = { id: mergedId, count: merged.columns.length, bytes: mergedValue.length };
  if (choice.includesNew) return { removed: choice.run, replacement, pushed: undefined };
  const value = encodeBlock(block);
  overlay.set(n.key, value);
  return { removed: choice.run, replacement, pushed: { id: n.id, count: block.columns.length, bytes: value.length } };
}
