import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CheckpointCommit, CheckpointStore } from '../../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { RegistryWrite, SeriesRegistry } from '../../domain/ports/series-registry.js';
import type { Series, SeriesId } from '../../domain/series/series.js';
import type { PoisonPolicy, ProjectionDefinition } from '../projection.js';
import { DirectoryIndex } from './directory-index.js';
import type { DirectoryReader } from './directory-reader.js';
import { SeriesCompactor } from './series-compactor.js';
import { seriesAfter, UNCHANGED } from './series-state.js';

export interface DirectoryProjectionOptions {
  /** The durable copy, written with each batch's checkpoint and read back at start-up. */
  readonly registry: SeriesRegistry;
  /** Where `load` finds the checkpoint that `registry.apply` commits (the same database). */
  readonly checkpoints: CheckpointStore;
  /** The in-memory index to maintain (default: a new one); pass one to share it with readers built first. */
  readonly index?: DirectoryIndex;
  /** Checkpoint id (default `directory`). */
  readonly name?: string;
  /** Default `fail`. */
  readonly poison?: PoisonPolicy;
  /** `directory.activity.window`: lastActivity moves only by at least this much (ms, default 0). */
  readonly activityWindowMs?: number;
}

/**
 * The `directory` projection (Warp 10's Directory daemon): metadata events update the in-memory
 * index that `find` reads and the persistent SeriesRegistry, the latter atomically with the checkpoint.
 *
 * `load` rebuilds the index from `registry.all()` (no log replay, reference §6.1) and returns the stored
 * checkpoint, so the runner continues right after what the registry holds. A batch is computed on a
 * staging copy, written to the registry with the commit, and only then applied to the index: a failed
 * write leaves the index as the registry is. Events of one series apply in log order; series are
 * independent, so any interleaving across series gives the same result.
 */
export class DirectoryProjection implements ProjectionDefinition<'metadata'> {
  readonly name: string;
  readonly topic = 'metadata' as const;
  readonly startFrom = 'checkpoint' as const;
  readonly poison: PoisonPolicy;
  readonly index: DirectoryIndex;
  /** What the index keeps is compacted first (shared strings and maps: ~55 MB less for 100,000 series). */
  private readonly compactor = new SeriesCompactor();

  constructor(private readonly options: DirectoryProjectionOptions) {
    this.name = options.name ?? 'directory';
    this.poison = options.poison ?? 'fail';
    this.index = options.index ?? new DirectoryIndex();
  }

  /** What egress reads: the live index. */
  get reader(): DirectoryReader {
    return this.index;
  }

  async load(): Promise<Checkpoint | undefined> {
    this.index.clear();
    for await (const series of this.options.registry.all()) this.index.upsert(this.compactor.compact(series));
    return this.options.checkpoints.load(this.name);
  }

  async handle(records: readonly LogRecord<'metadata'>[], commit: CheckpointCommit): Promise<void> {
    const staged = new Map<SeriesId, Series | null>();
    const window = this.options.activityWindowMs ?? 0;
    for (const r of records) {
      const id = r.event.series.id;
      const current = staged.has(id) ? (staged.get(id) ?? undefined) : this.index.get(id);
      const next = seriesAfter(current, r.event, window);
      if (next !== UNCHANGED) staged.set(id, next && this.compactor.compact(next, current));
    }
    const writes: RegistryWrite[] = [];
    for (const [id, series] of staged) writes.push(series ? { type: 'upsert', series } : { type: 'remove', id });
    await this.options.registry.apply(writes, commit);
    for (const [id, series] of staged) {
      if (series) this.index.upsert(series);
      else this.index.remove(id);
    }
  }

  /** Forgets the checkpoint, then every series (in that order: see StoreProjection.truncate), so that a replay starts from BEGINNING. */
  async truncate(): Promise<void> {
    await this.options.checkpoints.reset(this.name);
    await this.options.registry.truncate();
    this.index.clear();
  }
}
