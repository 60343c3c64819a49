import { ValidationError } from '../../../../domain/errors.js';
import type { CheckpointCommit } from '../../../../domain/ports/checkpoint-store.js';
import type { RegistryWrite, SeriesRegistry } from '../../../../domain/ports/series-registry.js';
import type { Series, SeriesId } from '../../../../domain/series/series.js';
import { commitCheckpoint } from './in-memory-checkpoint-store.js';
import { MemoryDatabase } from './memory-database.js';
import { checkCommit } from './write-checks.js';

/**
 * SeriesRegistry over a MemoryDatabase. `apply` is atomic with its checkpoint commit (checked first,
 * then applied in one synchronous step). Series are copied in and out (labels and attributes are new
 * Maps), so neither the caller's Maps nor a returned series can change what is stored.
 */
export class InMemorySeriesRegistry implements SeriesRegistry {
  constructor(private readonly db: MemoryDatabase = new MemoryDatabase()) {}

  async apply(writes: readonly RegistryWrite[], commit?: CheckpointCommit): Promise<void> {
    for (const w of writes) {
      if (w.type === 'upsert' && !(w.series.labels instanceof Map && w.series.attributes instanceof Map)) {
        throw new ValidationError(`cannot register series ${w.series.id}: labels and attributes must be Maps`);
      }
    }
    checkCommit(commit);
    for (const w of writes) {
      if (w.type === 'upsert') this.db.series.set(w.series.id, copySeries(w.series));
      else this.db.series.delete(w.id);
    }
    if (commit !== undefined) commitCheckpoint(this.db, commit);
  }

  async get(id: SeriesId): Promise<Series | undefined> {
    const s = this.db.series.get(id);
    return s === undefined ? undefined : copySeries(s);
  }

  /** A snapshot taken at the first iteration: writes applied meanwhile are not seen. */
  async *all(): AsyncIterable<Series> {
    const snapshot = [...this.db.series.values()];
    for (const s of snapshot) yield copySeries(s);
  }

  async truncate(): Promise<void> {
    this.db.series.clear();
  }
}

function copySeries(s: Series): Series {
  const copy: Series = { id: s.id, className: s.className, labels: new Map(s.labels), attributes: new Map(s.attributes) };
  return s.lastActivity === undefined ? copy : { ...copy, lastActivity: s.lastActivity };
}
