import type { Datapoint } from '../../../../domain/datapoints/datapoint.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { DatapointStore, DatapointWrite, FetchRange } from '../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../domain/series/series.js';
import { commitCheckpoint } from './in-memory-checkpoint-store.js';
import { MemoryDatabase } from './memory-database.js';
import { SeriesPoints } from './series-points.js';
import { checkCommit, checkDatapointWrites, checkRange } from './write-checks.js';

/**
 * DatapointStore over a MemoryDatabase: the reference adapter for unit tests and local development.
 * `apply` validates everything first, then changes the database in one synchronous step together with
 * the checkpoint commit, so it is atomic. BINARY values are copied in and out: what is stored cannot be
 * changed through an array the caller holds, as with a persistent store.
 */
export class InMemoryDatapointStore implements DatapointStore {
  constructor(private readonly db: MemoryDatabase = new MemoryDatabase()) {}

  async apply(writes: readonly DatapointWrite[], commit?: CheckpointCommit): Promise<void> {
    checkDatapointWrites(writes);
    checkCommit(commit);
    for (const w of writes) {
      if (w.type === 'put') {
        let series = this.db.points.get(w.series);
        if (series === undefined) this.db.points.set(w.series, (series = new SeriesPoints()));
        for (const p of w.points) series.put(ownCopy(p), w.version);
      } else {
        const series = this.db.points.get(w.series);
        if (series === undefined) continue;
        series.delete(w.start, w.end);
        if (series.size === 0) this.db.points.delete(w.series);
      }
    }
    if (commit !== undefined) commitCheckpoint(this.db, commit);
  }

  async fetch(series: SeriesId, range: FetchRange): Promise<Datapoint[]> {
    checkRange(range);
    const points = this.db.points.get(series);
    if (points === undefined) return [];
    const out = points.fetch(range);
    for (let i = 0; i < out.length; i++) out[i] = ownCopy(out[i]);
    return out;
  }

  async truncate(): Promise<void> {
    this.db.points.clear();
  }
}

function ownCopy(p: Datapoint): Datapoint {
  return p.value.type === 'BINARY' ? { ...p, value: { type: 'BINARY', value: p.value.value.slice() } } : p;
}
