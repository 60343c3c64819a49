import { Module, type DynamicModule } from '@nestjs/common';
import type { PlasmaInbox } from '../../../domain/ports/plasma-channel.js';
import type { SubscriptionPublisher } from '../../../domain/ports/plasma-subscriptions.js';
import type { Config } from '../../config/config.js';
import { CONFIG, PLASMA_INBOX, SUBSCRIPTION_PUBLISHER } from '../../infrastructure/tokens.js';
import { MetricsRegistry } from '../shared/metrics.registry.js';
import { TokenService } from '../shared/token.service.js';
import { PlasmaCommands } from './plasma-commands.js';
import { PlasmaFrontEnd } from './plasma-frontend.js';
import { PlasmaHub } from './plasma-hub.js';
import { plasmaGateway } from './plasma.gateway.js';

export interface PlasmaFrontEndOptions {
  /** How often the subscription set is published, ms; default `plasma.frontend.subscribe.delay`. Standalone: 0. */
  readonly publishDelayMs?: number;
}

/**
 * The plasma front end (plasmaFE, reference §8.1): the `/api/v0/plasma` gateway, its sessions and fan-out.
 * The importing composition root provides, globally: CONFIG, CLOCK, TOKEN_CODEC, SERIES_FINDER (the directory),
 * SUBSCRIPTION_PUBLISHER and PLASMA_INBOX (in-process in standalone, ZooKeeper and Kafka in a distributed cell),
 * and MetricsRegistry (MetricsModule).
 */
@Module({})
export class PlasmaFrontEndModule {
  static forRoot(config: Config, options: PlasmaFrontEndOptions = {}): DynamicModule {
    const delay = options.publishDelayMs ?? config.get('plasma.frontend.subscribe.delay');
    return {
      module: PlasmaFrontEndModule,
      providers: [
        TokenService,
        {
          provide: PlasmaFrontEnd,
          useFactory: (cfg: Config, publisher: SubscriptionPublisher, inbox: PlasmaInbox, metrics: MetricsRegistry) => new PlasmaFrontEnd(cfg, publisher, inbox, metrics, delay),
          inject: [CONFIG, SUBSCRIPTION_PUBLISHER, PLASMA_INBOX, MetricsRegistry],
        },
        { provide: PlasmaHub, useFactory: (fe: PlasmaFrontEnd) => fe.hub, inject: [PlasmaFrontEnd] },
        PlasmaCommands,
        plasmaGateway(config),
      ],
      exports: [PlasmaHub],
    };
  }
}
