import { Module } from '@nestjs/common';
import type { CheckpointStore } from '../../../domain/ports/checkpoint-store.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { StoreProjection } from '../../../projections/store/store.projection.js';
import type { Config } from '../../config/config.js';
import { CHECKPOINT_STORE, CONFIG, DATAPOINT_STORE } from '../../infrastructure/tokens.js';
import { STORE_FEED, STORE_RUNNER, type ConsumerFeed } from '../cell/cell-tokens.js';
import { ProjectionRunners } from '../worker/projection-runners.service.js';

/**
 * The store component of a distributed cell (Warp 10's Store daemon): the `store` projection from the `data`
 * topic, in the group every store instance shares (`store.kafka.data.groupid`: partitions are split among them),
 * into the datapoint store (HBase or embedded). The checkpoint is the read model's (written with, or after, the
 * points); applied offsets are committed to Kafka every `store.kafka.data.commitperiod` for lag and rebalances.
 * Records that fail the MAC/AES check or cannot be applied are skipped into `<topic>.dlq`, never applied.
 */
@Module({
  providers: [
    {
      provide: STORE_RUNNER,
      useFactory: (config: Config, feed: ConsumerFeed<'data'>, store: DatapointStore, checkpoints: CheckpointStore) => {
        const projection = new StoreProjection({ store, checkpoints, poison: 'skip' });
        const runner = new ProjectionRunner(projection, feed.source, { maxBatch: config.get('projection.batch.maxrecords'), deadLetters: feed.deadLetters });
        feed.source.trackApplied(() => runner.applied(), feed.commitPeriodMs);
        return runner;
      },
      inject: [CONFIG, STORE_FEED, DATAPOINT_STORE, CHECKPOINT_STORE],
    },
    {
      provide: ProjectionRunners,
      useFactory: (runner: ProjectionRunner<'data'>) => new ProjectionRunners([{ name: 'store', runner }]),
      inject: [STORE_RUNNER],
    },
  ],
  exports: [STORE_RUNNER],
})
export class StoreComponentModule {}
