import { Module, type DynamicModule } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { InvariantViolation } from '../../../domain/errors.js';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { PlasmaOutbox } from '../../../domain/ports/plasma-channel.js';
import type { SubscriptionRoutes } from '../../../domain/ports/plasma-subscriptions.js';
import { PlasmaProjection } from '../../../projections/plasma/plasma.projection.js';
import type { Config } from '../../config/config.js';
import { CONFIG, DATA_LOG_SOURCE, PLASMA_ACTIVITY, PLASMA_OUTBOX, SUBSCRIPTION_ROUTES } from '../../infrastructure/tokens.js';
import { PLASMA_BACKEND_FEED, type PlasmaBackEndFeed } from '../cell/cell-tokens.js';
import { MetricsRegistry } from '../shared/metrics.registry.js';
import { ProjectionRunners } from '../worker/projection-runners.service.js';
import { PlasmaBackEnd, type PlasmaActivity, type PlasmaBackEndOptions } from './plasma-backend.service.js';
import { backEndMetrics } from './plasma-metrics.js';

/**
 * The plasma back end (plasmaBE, reference §8.2): the plasma projection run from the data log, forwarding
 * subscribed chunks to front ends. The importing composition root provides, globally: CONFIG, SUBSCRIPTION_ROUTES,
 * PLASMA_OUTBOX, MetricsRegistry; where to read: PLASMA_BACKEND_FEED (distributed: the data topic in the group
 * `plasma.backend.kafka.in.groupid`, with its dead letters and offset commits) or else DATA_LOG_SOURCE (standalone);
 * and optionally PLASMA_ACTIVITY (standalone: read the log only while subscribed). Its runners are supervised as
 * the projection `plasma` (a ProjectionRunners: /api/v0/check and /metrics). `options.runner` sets their retry and
 * restart policies (tests).
 */
@Module({})
export class PlasmaBackEndModule {
  static forRoot(options: Pick<PlasmaBackEndOptions, 'runner'> = {}): DynamicModule {
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
          useFactory: (config: Config, projection: PlasmaProjection, feed?: PlasmaBackEndFeed, source?: LogSource<'data'>, activity?: PlasmaActivity) => {
            const settings = { maxBatch: config.get('projection.batch.maxrecords'), activity: activity ?? undefined, runner: options.runner };
            if (feed) return new PlasmaBackEnd(projection, { feed }, settings);
            if (source) return new PlasmaBackEnd(projection, { source }, settings);
            throw new InvariantViolation('BUG: the plasma back end needs PLASMA_BACKEND_FEED or DATA_LOG_SOURCE');
          },
          inject: [
            CONFIG,
            PlasmaProjection,
            { token: PLASMA_BACKEND_FEED, optional: true },
            { token: DATA_LOG_SOURCE, optional: true },
            { token: PLASMA_ACTIVITY, optional: true },
          ],
        },
        {
          provide: ProjectionRunners,
          useFactory: (backEnd: PlasmaBackEnd, projection: PlasmaProjection) => new ProjectionRunners([{ name: projection.name, runner: backEnd.supervised, start: 'by-owner' }]),
          inject: [PlasmaBackEnd, PlasmaProjection],
        },
      ],
      exports: [PlasmaBackEnd, PlasmaProjection],
    };
  }
}
