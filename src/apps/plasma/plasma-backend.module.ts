import { Module, type DynamicModule } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { PlasmaOutbox } from '../../../domain/ports/plasma-channel.js';
import type { SubscriptionRoutes } from '../../../domain/ports/plasma-subscriptions.js';
import { PlasmaProjection } from '../../../projections/plasma/plasma.projection.js';
import type { Config } from '../../config/config.js';
import { CONFIG, DATA_LOG_SOURCE, PLASMA_ACTIVITY, PLASMA_OUTBOX, SUBSCRIPTION_ROUTES } from '../../infrastructure/tokens.js';
import { MetricsRegistry } from '../shared/metrics.registry.js';
import { PlasmaBackEnd, type PlasmaActivity } from './plasma-backend.service.js';
import { backEndMetrics } from './plasma-metrics.js';

/**
 * The plasma back end (plasmaBE, reference §8.2): the plasma projection run from the data log, forwarding
 * subscribed chunks to front ends. The importing composition root provides, globally: CONFIG, DATA_LOG_SOURCE
 * (distributed: a source reading the data topic in the group `plasma.backend.kafka.in.groupid`), SUBSCRIPTION_ROUTES,
 * PLASMA_OUTBOX, MetricsRegistry, and optionally PLASMA_ACTIVITY (standalone: read the log only while subscribed).
 */
@Module({})
export class PlasmaBackEndModule {
  static forRoot(): DynamicModule {
    return {
      module: PlasmaBackEndModule,
      providers: [
        {
          provide: PlasmaProjection,
          useFactory: (routes: SubscriptionRoutes, outbox: PlasmaOutbox, metrics: MetricsRegistry) => {
            const logger = new Logger('plasma');
            const projection = new PlasmaProjection({
              routes,
              outbox,
              onDeliveryError: (frontEnd, error) => logger.warn(`cannot deliver to plasma front end ${frontEnd} (dropped): ${(error as Error).message}`),
            });
            for (const m of backEndMetrics(() => projection.stats())) metrics.register(m);
            return projection;
          },
          inject: [SUBSCRIPTION_ROUTES, PLASMA_OUTBOX, MetricsRegistry],
        },
        {
          provide: PlasmaBackEnd,
          useFactory: (config: Config, projection: PlasmaProjection, source: LogSource<'data'>, activity: PlasmaActivity | undefined) =>
            new PlasmaBackEnd(projection, source, config.get('projection.batch.maxrecords'), activity ?? undefined),
          inject: [CONFIG, PlasmaProjection, DATA_LOG_SOURCE, { token: PLASMA_ACTIVITY, optional: true }],
        },
      ],
      exports: [PlasmaBackEnd, PlasmaProjection],
    };
  }
}
