import type { SeriesId } from '../../../../domain/series/series.js';
import { encodeBlock, keyVersion } from './block-codec.js';
import { mergeStored } from './block-merge.js';
import type { PlannedWrite } from './embedded-database.js';
import type { HeadTracker, TrackedBlock } from './head-tracker.js';
import type { KvEngine } from './kv-engine.js';
import { keyOfId, KvOverlay, opId } from './kv-overlay.js';
import { blockKeyMaxTs, blockKeyVersion, seriesBlockKey } from './store-keys.js';

/**
 * Plans the merge of all the small blocks the head tracker still holds for each of `series` into one
 * block per series: the tidy-up the store does before it closes. The tracker merges only runs of
 * similar-size blocks (MERGE_FANOUT of them, or SHORT_RUN holding enough points), so a series ends a load with
 * several small blocks, and a restarted process starts with an empty tracker: without this they would
 * stay small for good (per-block overhead: ~30 bytes of key, header and chunk start).
 *
 * Like every merge (write-planner.ts), the merged block takes the key of the source holding its newest
 * point, and sources that are gone (the tracker is a hint) are skipped. One engine read for all blocks.
 * A series whose tracked blocks cannot be merged (fewer than two left, or no source under the merged key) is
 * forgotten by the tracker (it was out of step with it), so a background tidy-up never picks it again.
 */
export async function planTidy(engine: KvEngine, tracker: HeadTracker, series: readonly SeriesId[]): Promise<PlannedWrite> {
  const runs = series.map((id) => ({ id, run: tracker.tracked(id).slice() })).filter((r) => r.run.length > 1);
  const keys = runs.map((r) => r.run.map((t) => keyOfId(t.id)));
  const overlay = new KvOverlay();
  const values = await overlay.read(engine, keys.flat());
  const done: { id: SeriesId; run: readonly TrackedBlock[]; replacement: TrackedBlock }[] = [];
  const skipped: SeriesId[] = [];
  runs.forEach(({ id, run }, r) => {
    const sources = run.map((t, i) => ({ id: t.id, key: keys[r][i] })).filter((t) => values.has(t.id));
    if (sources.length < 2) return void skipped.push(id);
    // Encoded before the next series is merged: its columns may be mergeStored's own.
    const merged = mergeStored(sources.map((t) => ({ value: values.get(t.id) as Uint8Array, maxTs: blockKeyMaxTs(t.key), version: blockKeyVersion(t.key) })));
    const mergedKey = seriesBlockKey(id, merged.columns.tsAt(0), keyVersion(merged));
    const mergedId = opId(mergedKey);
    if (!sources.some((t) => t.id === mergedId)) return void skipped.push(id);
    for (const t of sources) if (t.id !== mergedId) overlay.set(t.key, undefined);
    const value = encodeBlock(merged);
    overlay.set(mergedKey, value);
    done.push({ id, run, replacement: { id: mergedId, count: merged.columns.length, bytes: value.length } });
  });
  return {
    ops: overlay.ops(),
    afterCommit: () => {
      for (const d of done) tracker.record(d.id, d.run, d.replacement, undefined);
      for (const id of skipped) tracker.forget(id);
    },
  };
}
