import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { RegistryWrite, SeriesRegistry } from '../../domain/ports/series-registry.js';
import type { Series, SeriesId } from '../../domain/series/series.js';
import type { PoisonPolicy, ProjectionDefinition, StartFrom } from '../projection.js';

/** Whether this directory instance keeps a series (`ownsSeries` with its `directory.partition`). */
export type OwnsSeries = (id: SeriesId) => boolean;

/**
 * The registry as one directory shard sees it: `all()` yields only the series the shard owns (Warp 10's
 * directory keeps its shard of the `M` rows it scans at start-up, reference §6.1); writes pass through.
 */
export function shardRegistry(registry: SeriesRegistry, owns: OwnsSeries): SeriesRegistry {
  return {
    apply: (writes: readonly RegistryWrite[], commit?: CheckpointCommit) => registry.apply(writes, commit),
    get: async (id: SeriesId) => (owns(id) ? registry.get(id) : undefined),
    all: () => owned(registry.all(), owns),
    truncate: () => registry.truncate(),
  };
}

async function* owned(all: AsyncIterable<Series>, owns: OwnsSeries): AsyncGenerator<Series> {
  for await (const series of all) if (owns(series.id)) yield series;
}

/**
 * A metadata projection restricted to one directory shard: records of series the shard does not own are
 * dropped before `inner` sees them, but the checkpoint still moves past them (a batch of foreign series
 * commits with no write), so that read-your-writes positions covering them are reached and a restart does
 * not read them again.
 */
export class ShardFilteredProjection implements ProjectionDefinition<'metadata'> {
  readonly name: string;
  readonly topic = 'metadata' as const;
  readonly startFrom: StartFrom;
  readonly poison: PoisonPolicy;

  constructor(
    private readonly inner: ProjectionDefinition<'metadata'>,
    private readonly owns: OwnsSeries,
  ) {
    this.name = inner.name;
    this.startFrom = inner.startFrom;
    this.poison = inner.poison;
  }

  init(): Promise<void> {
    return this.inner.init?.() ?? Promise.resolve();
  }

  load(): Promise<Checkpoint | undefined> {
    return this.inner.load();
  }

  handle(records: readonly LogRecord<'metadata'>[], commit: CheckpointCommit): Promise<void> {
    let kept: LogRecord<'metadata'>[] | undefined;
    for (let i = 0; i < records.length; i++) {
      const mine = this.owns(records[i].event.series.id);
      if (!mine && kept === undefined) kept = records.slice(0, i) as LogRecord<'metadata'>[];
      else if (mine && kept !== undefined) kept.push(records[i]);
    }
    return this.inner.handle(kept ?? records, commit);
  }

  truncate(): Promise<void> {
    return this.inner.truncate();
  }
}
