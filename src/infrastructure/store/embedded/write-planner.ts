import type { DatapointWrite } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { decodeBlock, encodeBlock, keyVersion, maxVersionOf, type Block } from './block-codec.js';
import { blockFromPuts, mergeBlocks, mergeStored } from './block-merge.js';
import { planDeletes } from './delete-planner.js';
import type { HeadTracker, MergeChoice, TrackedBlock, TrackedHead } from './head-tracker.js';
import type { PlannedWrite, WriteContext } from './embedded-database.js';
import type { KvEngine } from './kv-engine.js';
import { keyOfId, KvOverlay, opId } from './kv-overlay.js';
import { MergeBudget } from './merge-budget.js';
import { groupBySeries, ownColumns, seriesPuts } from './series-puts.js';
import type { SeriesVersions, VersionSlot } from './series-versions.js';
import { blockKeyMaxTs, blockKeyVersion, seriesBlockKey, seriesKeyBytes } from './store-keys.js';

/** The new block of one series, with the merge the tracker asks for. */
interface NewBlock {
  readonly series: SeriesId;
  readonly key: Uint8Array;
  /** opId(key) */
  readonly id: string;
  /** The block, for what is planned after the read; undefined when it is already `encoded`. */
  readonly block: Block | undefined;
  /** The block's value, when nothing can be merged with it (`fresh`, no `choice`): encoded as it was built. */
  readonly encoded: Uint8Array | undefined;
  /** Its number of points, and the highest version among them. */
  readonly count: number;
  readonly maxVersion: number;
  readonly choice: MergeChoice | undefined;
  /** The keys of choice.run, in its order (tracked blocks keep only their opId). */
  readonly runKeys: readonly Uint8Array[];
  /** Its version is above every version stored for the series: its key holds nothing, so it is not read. */
  readonly fresh: boolean;
  /** The series' tracked blocks when planned (spares the tracker a lookup per series at commit). */
  readonly head: TrackedHead | undefined;
  /** The series' version bound when planned (the same, for `versions`). */
  readonly slot: VersionSlot | undefined;
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
  // The store-wide watermark bounds the version of every point stored (not only of block keys: a delete
  // may rename a block to the version of any of its points).
  let maxVersion = ctx.maxVersion;
  const keys: Uint8Array[] = [];
  const budget = new MergeBudget();
  // Over the values (plans name their series): iterating entries built a [key, value] array per series.
  for (const plan of groupBySeries(writes).values()) {
    const id = plan.series;
    if (plan.deletes) {
      tracker.forget(id);
      await planDeletes(engine, seriesKeyBytes(id), plan.deletes, overlay);
    }
    const built = blockFromPuts(seriesPuts(plan), ctx.seq);
    if (!built) continue;
    const key = seriesBlockKey(id, built.columns.tsAt(0), keyVersion(built));
    const head = plan.deletes ? undefined : tracker.head(id);
    budget.earn(built.columns.length);
    const choice = budget.spend(plan.deletes ? undefined : tracker.choose(id, built.columns.length, head));
    const runKeys = choice ? choice.run.map((t) => keyOfId(t.id)) : NO_KEYS;
    const slot = versions?.slot(id);
    const fresh = keyVersion(built) > (versions ? versions.bound(id, slot) : ctx.maxVersion);
    // Nothing to merge with (the usual apply): encoded now, from the columns its puts were decoded into.
    const encoded = fresh && !choice ? encodeBlock(built) : undefined;
    const block = encoded ? undefined : { ...built, columns: ownColumns(built.columns) };
    const top = maxVersionOf(built);
    news.push({ series: id, key, id: opId(key), block, encoded, count: built.columns.length, maxVersion: top, choice, runKeys, fresh, head, slot });
    if (top > maxVersion) maxVersion = top;
    if (!fresh) keys.push(key);
    for (const k of runKeys) keys.push(k);
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
        versions?.raise(n.series, n.maxVersion, n.slot);
      }
      versions?.committed(maxVersion);
    },
  };
}

const NO_KEYS: readonly Uint8Array[] = [];
const NO_BLOCKS: readonly TrackedBlock[] = [];

interface TrackerUpdate {
  readonly removed: readonly TrackedBlock[];
  readonly replacement: TrackedBlock | undefined;
  readonly pushed: TrackedBlock | undefined;
}

/** Plans one series' new block: merged with what its key holds, then with the tracker's run if any. */
function planNewBlock(n: NewBlock, values: Map<string, Uint8Array>, overlay: KvOverlay): TrackerUpdate {
  if (n.encoded) {
    overlay.set(n.key, n.encoded);
    return { removed: NO_BLOCKS, replacement: undefined, pushed: { id: n.id, count: n.count, bytes: n.encoded.length } };
  }
  let block = n.block as Block;
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
  if (sources.length + (choice.includesNew ? 1 : 0) < 2) return undefined;
  const stored = sources.map((t) => ({ value: values.get(t.id) as Uint8Array, maxTs: blockKeyMaxTs(t.key), version: blockKeyVersion(t.key) }));
  // Encoded before anything else is merged: its columns may be mergeStored's own.
  const merged = mergeStored(stored, choice.includesNew ? block : undefined);
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
