import { Global, Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { systemClock } from '../../../domain/ports/clock.js';
import type { ServiceDiscovery } from '../../../domain/ports/service-discovery.js';
import { SeriesIdentity } from '../../../domain/series/series-id.js';
import type { Config } from '../../config/config.js';
import { openServiceDiscovery } from '../../infrastructure/coordination/coordination-settings.js';
import { DirectorySigner } from '../../infrastructure/directory/directory-signature.js';
import { RemoteDirectory } from '../../infrastructure/directory/remote-directory.js';
import { standalonePaths, tokenCodecOf } from '../../infrastructure/infrastructure.module.js';
import { kafkaClientOf, kafkaCommandLogOf, kafkaConsumerOf, kafkaTopicsOf, type KafkaConsumerRole } from '../../infrastructure/log/kafka-settings.js';
import { AvroRecordCodec } from '../../infrastructure/serialization/avro-codec.js';
import type { RecordCodec } from '../../infrastructure/serialization/record-codec.js';
import { openRegistrySchemaResolver } from '../../infrastructure/serialization/registry-schema-resolver.js';
import { openEmbeddedStore } from '../../infrastructure/store/embedded/embedded-store.js';
import { openThreadedEmbeddedStore, type EmbeddedStoreHandle } from '../../infrastructure/store/embedded/thread/threaded-embedded-store.js';
import { openHBaseStore } from '../../infrastructure/store/hbase/hbase-store.js';
import { CHECKPOINT_STORE, CLOCK, COMMAND_LOG, CONFIG, DATAPOINT_STORE, SERIES_FINDER, SERIES_IDENTITY, SERIES_REGISTRY, TOKEN_CODEC } from '../../infrastructure/tokens.js';
import { plasmaAdapterProviders } from './cell-plasma-adapters.module.js';
import { CellResources } from './cell-resources.js';
import { CELL_RESOURCES, DIRECTORY_FEED, DISCOVERY, INGRESS_CACHE_FEED, REMOTE_DIRECTORY, STORE_FEED } from './cell-tokens.js';
import type { Component } from './components.js';

const RECORD_CODEC = Symbol('RecordCodec');
const READ_MODELS = Symbol('ReadModels');

type ReadModels = Awaited<ReturnType<typeof openHBaseStore>> | EmbeddedStoreHandle;

/**
 * The adapters of a distributed process (issue 4), each port token bound once, only those its components use:
 * - the log is Kafka (`kafka.brokerlist`…): ingress produces (`COMMAND_LOG`); store, directory and the ingress cache
 *   consume in their groups (`*_FEED`); records are Avro with the registry's schema ids when
 *   `kafka.schema.registry.url` is set, else the embedded catalogue's;
 * - the read models (store, directory, egress) are HBase when `hbase.rest.url` is set, else the embedded store in
 *   the data directory (so that `store,egress` in one process needs no HBase);
 * - discovery is ZooKeeper (`directory.zk.*`); egress, ingress and plasmaFE find through the RemoteDirectory;
 * - plasma (plasmaFE, plasmaBE) routes through ZooKeeper znodes and Kafka topics (cell-plasma-adapters.module.ts).
 * Everything opened is closed at shutdown by CellResources, last opened first.
 */
@Global()
@Module({})
export class CellAdaptersModule {
  static forComponents(config: Config, components: ReadonlySet<Component>): DynamicModule {
    const has = (c: Component) => components.has(c);
    const logger = new Logger('cell');
    const warn = (m: string) => logger.warn(m);
    const providers: Provider[] = [
      { provide: CONFIG, useValue: config },
      { provide: CLOCK, useValue: systemClock },
      { provide: SERIES_IDENTITY, useValue: new SeriesIdentity(config.require('warp.hash.class'), config.require('warp.hash.labels')) },
      { provide: TOKEN_CODEC, useValue: tokenCodecOf(config) },
      { provide: CELL_RESOURCES, useClass: CellResources },
      { provide: RECORD_CODEC, useFactory: () => recordCodecOf(config) },
    ];
    if (has('ingress')) {
      providers.push({
        provide: COMMAND_LOG,
        useFactory: (r: CellResources, codec: RecordCodec) => r.track('Kafka producer', kafkaCommandLogOf(config, kafkaClientOf(config, 'ingress', warn), codec), (l) => l.close()),
        inject: [CELL_RESOURCES, RECORD_CODEC],
      });
    }
    const feeds: [Component, KafkaConsumerRole, symbol][] = [['store', 'store', STORE_FEED], ['directory', 'directory', DIRECTORY_FEED], ['ingress', 'ingress-cache', INGRESS_CACHE_FEED]];
    for (const [component, role, token] of feeds) {
      if (!has(component)) continue;
      providers.push({
        provide: token,
        useFactory: (r: CellResources, codec: RecordCodec) => {
          const parts = kafkaConsumerOf(config, kafkaClientOf(config, role, warn), codec, role, warn);
          r.track(`Kafka dead letters of ${role}`, parts.deadLetters, (d) => d.close());
          return r.track(`Kafka consumer of ${role}`, parts, (p) => p.source.close());
        },
        inject: [CELL_RESOURCES, RECORD_CODEC],
      });
    }
    if (has('store') || has('directory') || has('egress')) {
      providers.push(
        { provide: READ_MODELS, useFactory: async (r: CellResources) => r.track('read models', await openReadModels(config, logger), (m) => m.close()), inject: [CELL_RESOURCES] },
        { provide: DATAPOINT_STORE, useFactory: (m: ReadModels) => m.datapoints, inject: [READ_MODELS] },
        { provide: SERIES_REGISTRY, useFactory: (m: ReadModels) => m.registry, inject: [READ_MODELS] },
        { provide: CHECKPOINT_STORE, useFactory: (m: ReadModels) => m.checkpoints, inject: [READ_MODELS] },
      );
    }
    if (has('directory') || has('ingress') || has('egress') || has('plasmaFE')) {
      providers.push({ provide: DISCOVERY, useFactory: async (r: CellResources) => r.track('ZooKeeper session', await openServiceDiscovery(config), (d) => d.close()), inject: [CELL_RESOURCES] });
    }
    if (has('ingress') || has('egress') || has('plasmaFE')) {
      const psk = config.get('directory.psk');
      const signer = psk === undefined ? undefined : new DirectorySigner(psk, config.get('directory.maxage'));
      providers.push(
        {
          provide: REMOTE_DIRECTORY,
          useFactory: async (r: CellResources, discovery: ServiceDiscovery) => r.track('directory client', await RemoteDirectory.open({ discovery, signer, log: warn }), (d) => d.close()),
          inject: [CELL_RESOURCES, DISCOVERY],
        },
        { provide: SERIES_FINDER, useExisting: REMOTE_DIRECTORY },
      );
    }
    providers.push(...plasmaAdapterProviders(config, components, RECORD_CODEC, { log: (m) => logger.log(m), warn }));
    return { module: CellAdaptersModule, providers, exports: providers.map((p) => (p as { provide: symbol }).provide) };
  }
}

/** Avro records framed with the registry's schema ids, or the embedded catalogue's when no registry is configured. */
async function recordCodecOf(config: Config): Promise<RecordCodec> {
  const url = config.get('kafka.schema.registry.url');
  if (url === undefined) return new AvroRecordCodec();
  return new AvroRecordCodec(await openRegistrySchemaResolver({ url, topics: kafkaTopicsOf(config) }));
}

/** HBase through its REST gateway when `hbase.rest.url` is set, else the embedded store of the data directory. */
async function openReadModels(config: Config, logger: Logger): Promise<ReadModels> {
  const url = config.get('hbase.rest.url');
  if (url !== undefined) {
    logger.log(`read models on HBase at ${url}`);
    return openHBaseStore({ url, dataTable: config.get('store.hbase.data.table'), metadataTable: config.get('directory.hbase.metadata.table') });
  }
  const dir = standalonePaths(config).store;
  const threaded = config.get('store.embedded.thread');
  logger.log(`read models in the embedded store ${dir}${threaded ? ', in a thread of its own' : ''}`);
  return threaded ? openThreadedEmbeddedStore(dir) : openEmbeddedStore(dir);
}
