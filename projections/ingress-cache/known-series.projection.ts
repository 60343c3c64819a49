import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { SeriesId } from '../../domain/series/series.js';
import type { ProjectionDefinition } from '../projection.js';

/** The ingress cache of known series, as this projection updates it (src/apps/ingress/known-series.cache.ts). */
export interface KnownSeriesSink {
  /** `id` is registered; the metadata position `registeredAt` covers its registration. */
  add(id: SeriesId, registeredAt: Checkpoint): void;
  forget(id: SeriesId): void;
}

/**
 * What an ingress of a distributed cell learns from the `metadata` topic, in its own consumer group (Warp 10:
 * ingress consumes `metadata` to keep its cache of known series, reference §4.2): series deleted by any ingress
 * leave its cache, so that its next write of them registers them again; series registered by another ingress
 * enter it, so that it does not register them a second time. A live view: starts at the end of the topic and
 * keeps no checkpoint (the cache is rebuilt from writes after a restart). Undecodable records are skipped and
 * counted (the directory dead-letters them).
 */
export class KnownSeriesProjection implements ProjectionDefinition<'metadata'> {
  readonly name = 'ingress-cache';
  readonly topic = 'metadata' as const;
  readonly startFrom = 'end' as const;
  readonly poison = 'skip' as const;

  constructor(private readonly cache: KnownSeriesSink) {}

  async load(): Promise<Checkpoint | undefined> {
    return undefined;
  }

  async handle(records: readonly LogRecord<'metadata'>[]): Promise<void> {
    for (const r of records) {
      if (r.event.type === 'SeriesDeleted') this.cache.forget(r.event.series.id);
      else if (r.event.type === 'SeriesRegistered') this.cache.add(r.event.series.id, new Map([[r.partition, r.offset + 1]]));
    }
  }

  async truncate(): Promise<void> {}
}
