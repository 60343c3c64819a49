import { Global, Module } from '@nestjs/common';
import type { CheckpointStore } from '../../../domain/ports/checkpoint-store.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { SeriesRegistry } from '../../../domain/ports/series-registry.js';
import { DirectoryProjection } from '../../../projections/directory/directory.projection.js';
import { IndexSeriesFinder } from '../../../projections/directory/index-series-finder.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { StoreProjection } from '../../../projections/store/store.projection.js';
import type { Config } from '../../config/config.js';
import {
  CHECKPOINT_STORE,
  CONFIG,
  DATA_LOG_SOURCE,
  DATAPOINT_STORE,
  DIRECTORY,
  METADATA_LOG_SOURCE,
  PROJECTION_PROGRESS,
  SERIES_FINDER,
  SERIES_REGISTRY,
} from '../../infrastructure/tokens.js';
import type { ProjectionProgress } from '../../../domain/ports/projection-progress.js';
import { IngestBackpressure, INGEST_BACKPRESSURE } from '../ingress/ingest-backpressure.js';
import { RunnerProgress } from './projection-progress.service.js';
import { ProjectionRunners } from './projection-runners.service.js';

const DIRECTORY_PROJECTION = Symbol('DirectoryProjection');
const DIRECTORY_RUNNER = Symbol('DirectoryRunner');
const STORE_RUNNER = Symbol('StoreRunner');

/**
 * Runs the `directory` and `store` projections from the log (Warp 10's Directory and Store daemons), and
 * exposes what readers need, globally: the directory index (also as the SeriesFinder) and read-your-writes progress;
 * and what holds writers back when the projections fall behind (IngestBackpressure).
 */
@Global()
@Module({
  providers: [
    {
      provide: DIRECTORY_PROJECTION,
      useFactory: (registry: SeriesRegistry, checkpoints: CheckpointStore) => new DirectoryProjection({ registry, checkpoints }),
      inject: [SERIES_REGISTRY, CHECKPOINT_STORE],
    },
    {
      provide: DIRECTORY_RUNNER,
      useFactory: (config: Config, source: LogSource<'metadata'>, projection: DirectoryProjection) =>
        new ProjectionRunner(projection, source, { maxBatch: config.get('projection.batch.maxrecords') }),
      inject: [CONFIG, METADATA_LOG_SOURCE, DIRECTORY_PROJECTION],
    },
    {
      provide: STORE_RUNNER,
      useFactory: (config: Config, source: LogSource<'data'>, store: DatapointStore, checkpoints: CheckpointStore) =>
        new ProjectionRunner(new StoreProjection({ store, checkpoints }), source, { maxBatch: config.get('projection.batch.maxrecords') }),
      inject: [CONFIG, DATA_LOG_SOURCE, DATAPOINT_STORE, CHECKPOINT_STORE],
    },
    {
      provide: DIRECTORY,
      useFactory: (projection: DirectoryProjection) => projection.reader,
      inject: [DIRECTORY_PROJECTION],
    },
    {
      provide: SERIES_FINDER,
      useFactory: (projection: DirectoryProjection) => new IndexSeriesFinder(projection.reader),
      inject: [DIRECTORY_PROJECTION],
    },
    {
      provide: PROJECTION_PROGRESS,
      useFactory: (directory: ProjectionRunner<'metadata'>, store: ProjectionRunner<'data'>) => new RunnerProgress({ directory, store }),
      inject: [DIRECTORY_RUNNER, STORE_RUNNER],
    },
    {
      // Both runners follow every partition here, so a write's position is a cheap, exact thing to wait on.
      provide: INGEST_BACKPRESSURE,
      useFactory: (config: Config, progress: ProjectionProgress) =>
        new IngestBackpressure((position, ms) => Promise.all([progress.waitFor('store', position, ms), progress.waitFor('directory', position, ms)]), {
          maxLagMs: config.get('ingress.backpressure.maxlag'),
          maxWaitMs: config.get('ingress.backpressure.maxwait'),
        }),
      inject: [CONFIG, PROJECTION_PROGRESS],
    },
    {
      provide: ProjectionRunners,
      useFactory: (directory: ProjectionRunner<'metadata'>, store: ProjectionRunner<'data'>) =>
        new ProjectionRunners([
          { name: 'directory', runner: directory },
          { name: 'store', runner: store },
        ]),
      inject: [DIRECTORY_RUNNER, STORE_RUNNER],
    },
  ],
  exports: [DIRECTORY, SERIES_FINDER, PROJECTION_PROGRESS, INGEST_BACKPRESSURE, ProjectionRunners],
})
export class WorkerModule {}
