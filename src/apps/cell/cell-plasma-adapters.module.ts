import type { Provider } from '@nestjs/common';
import type { Config } from '../../config/config.js';
import type { ZooKeeperClientEvent } from '../../infrastructure/coordination/zookeeper-client.js';
import type { KafkaPlasmaInbox } from '../../infrastructure/plasma/kafka-plasma-inbox.js';
import type { KafkaPlasmaOutbox } from '../../infrastructure/plasma/kafka-plasma-outbox.js';
import { kafkaPlasmaInboxOf, kafkaPlasmaOutboxOf, plasmaDataFeedOf, plasmaFrontEndTopicOf, plasmaKafkaClientOf } from '../../infrastructure/plasma/kafka-plasma-settings.js';
import { openSubscriptionPublisher, openSubscriptionRoutes } from '../../infrastructure/plasma/zookeeper-plasma-settings.js';
import type { ZooKeeperSubscriptionRoutes } from '../../infrastructure/plasma/zookeeper-subscription-routes.js';
import type { RecordCodec } from '../../infrastructure/serialization/record-codec.js';
import { PLASMA_INBOX, PLASMA_OUTBOX, SUBSCRIPTION_PUBLISHER, SUBSCRIPTION_ROUTES } from '../../infrastructure/tokens.js';
import { MetricsRegistry } from '../shared/metrics.registry.js';
import { CELL_RESOURCES, PLASMA_BACKEND_FEED, type PlasmaBackEndFeed } from './cell-tokens.js';
import type { CellResources } from './cell-resources.js';
import type { Component } from './components.js';

/** How the plasma adapters log (the cell's logger). */
export interface PlasmaAdapterLogs {
  readonly log: (message: string) => void;
  readonly warn: (message: string) => void;
}

/**
 * The plasma adapters of a distributed process (reference §8.2), bound by CellAdaptersModule (a part of that
 * composition root, hence the file name):
 * - plasmaFE: SUBSCRIPTION_PUBLISHER on ZooKeeper (own session: its ephemeral znodes die with the process) and
 *   PLASMA_INBOX on its own Kafka topic (`plasma.frontend.kafka.topic`, else made up once per process);
 * - plasmaBE: SUBSCRIPTION_ROUTES on ZooKeeper, PLASMA_OUTBOX producing to front end topics, and PLASMA_BACKEND_FEED on
 *   the data topic in the back ends' shared group (offsets committed, dead letters to `<data topic>.dlq`); it logs every new route table and exposes it as
 *   `continuum_plasma_backend_routed_series{frontend}` and `continuum_plasma_backend_frontends`.
 * `codec` is the token of the process's RecordCodec (Avro, registry ids when configured).
 */
export function plasmaAdapterProviders(config: Config, components: ReadonlySet<Component>, codec: symbol, logs: PlasmaAdapterLogs): Provider[] {
  const providers: Provider[] = [];
  const onEvent = (what: string) => (e: ZooKeeperClientEvent) =>
    e.type === 'error' ? logs.warn(`${what}: cannot ${e.what}: ${e.error.message}`) : logs.log(`${what}: ZooKeeper session ${e.type} (${e.sessionId})`);
  if (components.has('plasmaFE')) {
    const topic = plasmaFrontEndTopicOf(config);
    providers.push(
      {
        provide: SUBSCRIPTION_PUBLISHER,
        useFactory: async (r: CellResources) => {
          const publisher = await openSubscriptionPublisher(config, topic, { onEvent: onEvent('plasma front end') });
          logs.log(`plasma front end ${topic} publishes its subscriptions under ${config.get('plasma.frontend.znode')}`);
          return r.track('plasma subscriptions (ZooKeeper)', publisher, (p) => p.close());
        },
        inject: [CELL_RESOURCES],
      },
      {
        provide: PLASMA_INBOX,
        useFactory: (r: CellResources, c: RecordCodec, metrics: MetricsRegistry) => {
          const parts = kafkaPlasmaInboxOf(config, plasmaKafkaClientOf(config, 'plasma-frontend', logs.warn), c, topic, logs.warn);
          r.track('plasma dead letters', parts.deadLetters, (d) => d.close());
          for (const m of inboxMetrics(parts.inbox)) metrics.register(m);
          return r.track('plasma inbox (Kafka)', parts.inbox, (i) => i.close());
        },
        inject: [CELL_RESOURCES, codec, MetricsRegistry],
      },
    );
  }
  if (components.has('plasmaBE')) {
    providers.push(
      {
        provide: SUBSCRIPTION_ROUTES,
        useFactory: async (r: CellResources, metrics: MetricsRegistry) => {
          const routes = await openSubscriptionRoutes(config, {
            onEvent: onEvent('plasma back end'),
            onChange: (fe) => logs.log(`plasma back end routes to ${fe.size} front end(s): ${[...fe].map(([t, n]) => `${t} (${n} series)`).join(', ') || 'none'}`),
            onIgnored: (znode) => logs.warn(`plasma back end ignores ${znode}: its hash does not match its content`),
          });
          for (const m of routeMetrics(routes)) metrics.register(m);
          return r.track('plasma routes (ZooKeeper)', routes, (x) => x.close());
        },
        inject: [CELL_RESOURCES, MetricsRegistry],
      },
      {
        provide: PLASMA_OUTBOX,
        useFactory: (r: CellResources, c: RecordCodec, metrics: MetricsRegistry) => {
          const outbox = kafkaPlasmaOutboxOf(config, plasmaKafkaClientOf(config, 'plasma-backend', logs.warn), c);
          for (const m of outboxMetrics(outbox)) metrics.register(m);
          return r.track('plasma outbox (Kafka)', outbox, (o) => o.close());
        },
        inject: [CELL_RESOURCES, codec, MetricsRegistry],
      },
      {
        provide: PLASMA_BACKEND_FEED,
        useFactory: (r: CellResources, c: RecordCodec): PlasmaBackEndFeed => {
          const parts = plasmaDataFeedOf(config, plasmaKafkaClientOf(config, 'plasma-backend', logs.warn), c, logs.warn);
          r.track('plasma back end dead letters', parts.deadLetters, (d) => d.close());
          return r.track('plasma back end data consumer', parts, (p) => p.source.close());
        },
        inject: [CELL_RESOURCES, codec],
      },
    );
  }
  return providers;
}

function routeMetrics(routes: ZooKeeperSubscriptionRoutes) {
  return [
    { name: 'continuum_plasma_backend_frontends', help: 'Plasma front ends this back end routes to (published in ZooKeeper).', type: 'gauge' as const, collect: () => routes.frontEnds().size },
    {
      name: 'continuum_plasma_backend_routed_series',
      help: 'Series each plasma front end subscribed to, as this back end routes them.',
      type: 'gauge' as const,
      collect: () => [...routes.frontEnds()].map(([frontend, value]) => ({ labels: { frontend }, value })),
    },
  ];
}

function outboxMetrics(outbox: KafkaPlasmaOutbox) {
  return [
    { name: 'continuum_plasma_backend_sent_messages_total', help: 'Messages produced to plasma front end topics.', type: 'counter' as const, collect: () => outbox.stats().messages },
    { name: 'continuum_plasma_backend_sent_bytes_total', help: 'Bytes produced to plasma front end topics.', type: 'counter' as const, collect: () => outbox.stats().bytes },
  ];
}

function inboxMetrics(inbox: KafkaPlasmaInbox) {
  return [
    { name: 'continuum_plasma_frontend_received_chunks_total', help: 'Chunks received on this plasma front end topic.', type: 'counter' as const, collect: () => inbox.stats().chunks },
    { name: 'continuum_plasma_frontend_invalid_messages_total', help: 'Messages of this front end topic that failed their MAC/AES check (never delivered).', type: 'counter' as const, collect: () => inbox.stats().invalid },
    { name: 'continuum_plasma_frontend_dead_letters_total', help: 'Of those, messages written to the dead-letter topic.', type: 'counter' as const, collect: () => inbox.stats().deadLettered },
    { name: 'continuum_plasma_frontend_read_failures_total', help: 'Failed reads of this front end topic (retried).', type: 'counter' as const, collect: () => inbox.stats().readFailures },
  ];
}
