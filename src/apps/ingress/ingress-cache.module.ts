import { Logger, Module, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KnownSeriesProjection } from '../../../projections/ingress-cache/known-series.projection.js';
import { ProjectionRunner } from '../../../projections/runner.js';
import { INGRESS_CACHE_FEED, type ConsumerFeed } from '../cell/cell-tokens.js';
import { IngressModule } from './ingress.module.js';
import { KnownSeriesCache } from './known-series.cache.js';

/**
 * Runs the ingress cache's runner without holding up the start: ingress must serve (and answer 503) while Kafka is
 * unreachable, and this view starts at the topic's end, which needs the broker.
 */
class IngressCacheRunner implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('ingress');

  constructor(private readonly runner: ProjectionRunner<'metadata'>) {}

  onModuleInit(): void {
    this.runner.start().then(
      () => this.logger.log('known-series cache follows the metadata topic'),
      (error: unknown) => this.logger.error(`known-series cache cannot follow the metadata topic: ${(error as Error).message}`),
    );
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
  }
}

/**
 * The ingress of a distributed cell also follows the `metadata` topic in a consumer group of its own
 * (`ingress.kafka.metadata.groupid`, Warp 10's ingress metadata consumer): series deleted through any ingress
 * leave its known-series cache, so that its next write registers them again (KnownSeriesProjection).
 */
@Module({
  imports: [IngressModule],
  providers: [
    {
      provide: IngressCacheRunner,
      useFactory: (feed: ConsumerFeed<'metadata'>, cache: KnownSeriesCache) => {
        const runner = new ProjectionRunner(new KnownSeriesProjection(cache), feed.source);
        feed.source.trackApplied(() => runner.applied(), feed.commitPeriodMs);
        return new IngressCacheRunner(runner);
      },
      inject: [INGRESS_CACHE_FEED, KnownSeriesCache],
    },
  ],
})
export class IngressCacheModule {}
