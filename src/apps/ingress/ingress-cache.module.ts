import { Module, type DynamicModule } from '@nestjs/common';
import { KnownSeriesProjection } from '../../../projections/ingress-cache/known-series.projection.js';
import { ProjectionRunner, type RunnerOptions } from '../../../projections/runner.js';
import { INGRESS_CACHE_FEED, type ConsumerFeed } from '../cell/cell-tokens.js';
import { ProjectionRunners } from '../worker/projection-runners.service.js';
import { IngressModule } from './ingress.module.js';
import { KnownSeriesCache } from './known-series.cache.js';

/**
 * The ingress of a distributed cell also follows the `metadata` topic in a consumer group of its own
 * (`ingress.kafka.metadata.groupid`, Warp 10's ingress metadata consumer): series deleted through any ingress
 * leave its known-series cache, so that its next write registers them again (KnownSeriesProjection).
 *
 * The runner is supervised as the projection `ingress-cache` (restarts, /api/v0/check 503 once it failed for good,
 * /metrics), and started in the background: ingress must serve (and answer 503) while Kafka is unreachable, and
 * this view starts at the topic's end, which needs the broker. `options.runner` sets its retry and restart
 * policies (tests).
 */
@Module({})
export class IngressCacheModule {
  static forRoot(options: { readonly runner?: Pick<RunnerOptions, 'retry' | 'restart'> } = {}): DynamicModule {
    return {
      module: IngressCacheModule,
      imports: [IngressModule],
      providers: [
        {
          provide: ProjectionRunners,
          useFactory: (feed: ConsumerFeed<'metadata'>, cache: KnownSeriesCache) => {
            const projection = new KnownSeriesProjection(cache);
            const runner = new ProjectionRunner(projection, feed.source, { ...options.runner });
            feed.source.trackApplied(() => runner.applied(), feed.commitPeriodMs);
            return new ProjectionRunners([{ name: projection.name, runner, start: 'background' }]);
          },
          inject: [INGRESS_CACHE_FEED, KnownSeriesCache],
        },
      ],
    };
  }
}
