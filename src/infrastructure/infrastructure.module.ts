import { Global, Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { systemClock } from '../../domain/ports/clock.js';
import { SeriesIdentity } from '../../domain/series/series-id.js';
import { TokenCodec } from '../../domain/tokens/token-codec.js';
import type { Config } from '../config/config.js';
import { EmbeddedLog } from './log/embedded-log.js';
import { InMemoryLog } from './log/memory-log.js';
import { AvroRecordCodec } from './serialization/avro-codec.js';
import { openEmbeddedStore } from './store/embedded/embedded-store.js';
import { openThreadedEmbeddedStore, type EmbeddedStoreHandle } from './store/embedded/thread/threaded-embedded-store.js';
import { openInMemoryStore } from './store/memory/in-memory-store.js';
import {
  CHECKPOINT_STORE,
  CLOCK,
  COMMAND_LOG,
  CONFIG,
  DATA_LOG_SOURCE,
  DATAPOINT_STORE,
  METADATA_LOG_SOURCE,
  SERIES_IDENTITY,
  SERIES_REGISTRY,
  TOKEN_CODEC,
} from './tokens.js';

const EMBEDDED_LOG = Symbol('EmbeddedLog');
const EMBEDDED_STORE = Symbol('EmbeddedStore');

/** Closes the embedded log and store last, after every runner and request has stopped. */
class EmbeddedResources implements OnApplicationShutdown {
  private readonly logger = new Logger('infrastructure');

  constructor(
    @Inject(EMBEDDED_LOG) private readonly log: EmbeddedLog,
    @Inject(EMBEDDED_STORE) private readonly store: EmbeddedStoreHandle,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.log.close();
    await this.store.close();
    this.logger.log('log and store closed');
  }
}

/** Where the standalone cell keeps its log and its store, inside the data directory. */
export function standalonePaths(config: Config): { log: string; store: string } {
  return { log: join(config.dataDir, 'log'), store: join(config.dataDir, 'store') };
}

/**
 * The composition root of adapters: binds every port token to exactly one adapter.
 * `standalone`: the embedded durable log (Avro records in Confluent framing) and the embedded store.
 */
@Global()
@Module({})
export class InfrastructureModule {
  static standalone(config: Config): DynamicModule {
    const paths = standalonePaths(config);
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        {
          provide: EMBEDDED_LOG,
          useFactory: () =>
            EmbeddedLog.open({
              dir: paths.log,
              partitions: { data: config.get('log.data.partitions'), metadata: config.get('log.metadata.partitions') },
              codec: new AvroRecordCodec(),
              segmentBytes: config.get('log.segment.bytes'),
              fsync: config.get('log.fsync'),
              tailCacheBytes: config.get('log.tail.cache.bytes'),
            }),
        },
        { provide: COMMAND_LOG, useExisting: EMBEDDED_LOG },
        { provide: DATA_LOG_SOURCE, useFactory: (log: EmbeddedLog) => log.source('data'), inject: [EMBEDDED_LOG] },
        { provide: METADATA_LOG_SOURCE, useFactory: (log: EmbeddedLog) => log.source('metadata'), inject: [EMBEDDED_LOG] },
        { provide: EMBEDDED_STORE, useFactory: (): Promise<EmbeddedStoreHandle> => (config.get('store.embedded.thread') ? openThreadedEmbeddedStore(paths.store, { warmUp: config.get('runtime.warmup') }) : openEmbeddedStore(paths.store)) },
        { provide: DATAPOINT_STORE, useFactory: (s: EmbeddedStoreHandle) => s.datapoints, inject: [EMBEDDED_STORE] },
        { provide: SERIES_REGISTRY, useFactory: (s: EmbeddedStoreHandle) => s.registry, inject: [EMBEDDED_STORE] },
        { provide: CHECKPOINT_STORE, useFactory: (s: EmbeddedStoreHandle) => s.checkpoints, inject: [EMBEDDED_STORE] },
        { provide: SERIES_IDENTITY, useValue: new SeriesIdentity(config.require('warp.hash.class'), config.require('warp.hash.labels')) },
        { provide: TOKEN_CODEC, useValue: tokenCodecOf(config) },
        EmbeddedResources,
      ],
      exports: EXPORTS,
    };
  }

  /**
   * In-memory adapters (they pass the same contract suites as the embedded ones), for fast handler tests.
   * Nothing survives the process.
   */
  static inMemory(config: Config): DynamicModule {
    const log = new InMemoryLog({ partitions: { data: config.get('log.data.partitions'), metadata: config.get('log.metadata.partitions') } });
    const store = openInMemoryStore();
    return {
      module: InfrastructureModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: COMMAND_LOG, useValue: log },
        { provide: DATA_LOG_SOURCE, useValue: log.source('data') },
        { provide: METADATA_LOG_SOURCE, useValue: log.source('metadata') },
        { provide: DATAPOINT_STORE, useValue: store.datapoints },
        { provide: SERIES_REGISTRY, useValue: store.registry },
        { provide: CHECKPOINT_STORE, useValue: store.checkpoints },
        { provide: SERIES_IDENTITY, useValue: new SeriesIdentity(config.require('warp.hash.class'), config.require('warp.hash.labels')) },
        { provide: TOKEN_CODEC, useValue: tokenCodecOf(config) },
      ],
      exports: EXPORTS,
    };
  }
}

const EXPORTS = [CONFIG, CLOCK, COMMAND_LOG, DATA_LOG_SOURCE, METADATA_LOG_SOURCE, DATAPOINT_STORE, SERIES_REGISTRY, CHECKPOINT_STORE, SERIES_IDENTITY, TOKEN_CODEC];

/** The token codec of a cell (warp.aes.token, warp.hash.token). */
export function tokenCodecOf(config: Config): TokenCodec {
  return new TokenCodec({ tokenAes: config.require('warp.aes.token'), tokenHash: config.require('warp.hash.token') });
}
