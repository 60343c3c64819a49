import { Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { plasmaMessageLimit } from '../../../domain/plasma/plasma-render.js';
import type { PlasmaInbox } from '../../../domain/ports/plasma-channel.js';
import type { SubscriptionPublisher } from '../../../domain/ports/plasma-subscriptions.js';
import type { Config } from '../../config/config.js';
import type { MetricsRegistry } from '../shared/metrics.registry.js';
import { frontEndMetrics } from './plasma-metrics.js';
import { PlasmaHub } from './plasma-hub.js';
import { SubscriptionSync } from './subscription-sync.js';

/**
 * A plasma front end's wiring: its hub (sessions, refcounts, fan-out), the publication of its subscription set
 * through the SubscriptionPublisher (every `publishDelayMs`; with 0 a SUBSCRIBE waits for its publication, so that
 * in a standalone cell a write made after the next command of the session is routed), its inbox feeding the
 * fan-out, and its metrics. Starts receiving at module init; on shutdown stops receiving and withdraws its set.
 */
export class PlasmaFrontEnd implements OnModuleInit, BeforeApplicationShutdown {
  readonly hub: PlasmaHub;
  private readonly sync: SubscriptionSync;
  private readonly metricNames: string[] = [];

  constructor(
    config: Config,
    publisher: SubscriptionPublisher,
    private readonly inbox: PlasmaInbox,
    private readonly metrics: MetricsRegistry,
    publishDelayMs: number,
  ) {
    this.sync = new SubscriptionSync(publisher, () => this.hub.seriesIds(), publishDelayMs, new Logger('plasma'));
    this.hub = new PlasmaHub({
      maxChars: plasmaMessageLimit(config.get('plasma.frontend.websocket.maxmessagesize')),
      exposeAll: config.get('warp10.expose.owner.producer'),
      onSetChanged:
        publishDelayMs === 0
          ? () => this.sync.changed()
          : () => {
              void this.sync.changed();
              return Promise.resolve();
            },
    });
  }

  async onModuleInit(): Promise<void> {
    for (const m of frontEndMetrics(this.hub)) {
      this.metrics.register(m);
      this.metricNames.push(m.name);
    }
    await this.inbox.start((chunks) => this.hub.dispatch(chunks));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.inbox.close();
    await this.sync.close();
    for (const name of this.metricNames) this.metrics.unregister(name);
  }
}
