import { Module } from '@nestjs/common';
import type { CheckpointStore } from '../../../domain/ports/checkpoint-store.js';
import { ownsSeries, parseDirectoryPartition } from '../../../domain/ports/directory-shards.js';
import type { SeriesRegistry } from '../../../domain/ports/series-registry.js';
import type { ServiceDiscovery } from '../../../domain/ports/service-discovery.js';
import type { SeriesId } from '../../../domain/series/series.js';
import { DirectoryProjection } from '../../../projections/directory/directory.projection.js';
import { IndexSeriesFinder } from '../../../projections/directory/index-series-finder.js';
import { shardRegistry, ShardFilteredProjection } from '../../../projections/directory/shard-filter.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import type { Config } from '../../config/config.js';
import { directoryAnnouncement } from '../../infrastructure/coordination/coordination-settings.js';
import { CHECKPOINT_STORE, CONFIG, SERIES_REGISTRY } from '../../infrastructure/tokens.js';
import { DIRECTORY_FEED, DISCOVERY, type ConsumerFeed } from '../cell/cell-tokens.js';
import { ProjectionRunners } from '../worker/projection-runners.service.js';
import { DirectoryAnnouncer } from './directory-announcer.js';
import { DirectoryController } from './directory.controller.js';
import { DIRECTORY_INDEX_FINDER, DIRECTORY_RUNNER } from './directory-tokens.js';

const PROJECTION = Symbol('DirectoryProjection');

/**
 * The directory component of a distributed cell (Warp 10's Directory daemon, reference §6): at start it rebuilds
 * its index from the registry (embedded in its data directory, or HBase), keeping its shard
 * (`directory.partition` MODULUS:REMAINDER), then consumes the `metadata` topic from its checkpoint in a
 * consumer group of its own; it answers finds over HTTP (DirectoryController) and registers in ZooKeeper once
 * serving (DirectoryAnnouncer, called by the cell's start). With a shard other than 1:0 its checkpoint is named
 * `directory.<modulus>.<remainder>`, so that shards sharing one HBase registry keep their own.
 */
@Module({
  controllers: [DirectoryController],
  providers: [
    {
      provide: PROJECTION,
      useFactory: (config: Config, registry: SeriesRegistry, checkpoints: CheckpointStore) => {
        const shard = parseDirectoryPartition(config.get('directory.partition'));
        const whole = shard.modulus === 1;
        const owns = (id: SeriesId) => ownsSeries(shard, id);
        const name = whole ? 'directory' : `directory.${shard.modulus}.${shard.remainder}`;
        const inner = new DirectoryProjection({ registry: whole ? registry : shardRegistry(registry, owns), checkpoints, name, poison: 'skip' });
        return { inner, outer: whole ? inner : new ShardFilteredProjection(inner, owns) };
      },
      inject: [CONFIG, SERIES_REGISTRY, CHECKPOINT_STORE],
    },
    {
      provide: DIRECTORY_RUNNER,
      useFactory: (config: Config, feed: ConsumerFeed<'metadata'>, projection: { outer: ShardFilteredProjection | DirectoryProjection }) => {
        const runner = new ProjectionRunner(projection.outer, feed.source, { maxBatch: config.get('projection.batch.maxrecords'), deadLetters: feed.deadLetters });
        feed.source.trackApplied(() => runner.applied(), feed.commitPeriodMs);
        return runner;
      },
      inject: [CONFIG, DIRECTORY_FEED, PROJECTION],
    },
    {
      provide: DIRECTORY_INDEX_FINDER,
      useFactory: (projection: { inner: DirectoryProjection }) => new IndexSeriesFinder(projection.inner.reader),
      inject: [PROJECTION],
    },
    {
      provide: ProjectionRunners,
      useFactory: (runner: ProjectionRunner<'metadata'>) => new ProjectionRunners([{ name: 'directory', runner }]),
      inject: [DIRECTORY_RUNNER],
    },
    {
      provide: DirectoryAnnouncer,
      useFactory: (config: Config, discovery: ServiceDiscovery) =>
        new DirectoryAnnouncer({
          discovery,
          announcement: (streamingPort) => (config.get('directory.register') ? directoryAnnouncement(config, { streamingPort }) : undefined),
        }),
      inject: [CONFIG, DISCOVERY],
    },
  ],
  exports: [DirectoryAnnouncer, DIRECTORY_RUNNER],
})
export class DirectoryComponentModule {}
