import type { Config } from '../config/config.js';
import { standalonePaths } from '../infrastructure/infrastructure.module.js';
import { EmbeddedLog } from '../infrastructure/log/embedded-log.js';
import { AvroRecordCodec } from '../infrastructure/serialization/avro-codec.js';
import { openEmbeddedStore, type EmbeddedStore } from '../infrastructure/store/embedded/embedded-store.js';

/** The standalone cell's log and store, opened directly for tooling (the cell must not be running). */
export interface StandaloneResources {
  readonly log: EmbeddedLog;
  readonly store: EmbeddedStore;
  close(): Promise<void>;
}

export async function openStandaloneResources(config: Config): Promise<StandaloneResources> {
  const paths = standalonePaths(config);
  const store = await openEmbeddedStore(paths.store);
  try {
    const log = await EmbeddedLog.open({
      dir: paths.log,
      partitions: { data: config.get('log.data.partitions'), metadata: config.get('log.metadata.partitions') },
      codec: new AvroRecordCodec(),
      segmentBytes: config.get('log.segment.bytes'),
      fsync: config.get('log.fsync'),
      tailCacheBytes: config.get('log.tail.cache.bytes'),
    });
    return {
      log,
      store,
      close: async () => {
        await log.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

// Distributed-cell tooling (`continuum schemas register`, `continuum hbase create-table`, `continuum topics create`, `continuum cell status`): the CLI reaches these adapters here.
export { openRegistrySchemaResolver, type RegisteredSchema } from '../infrastructure/serialization/registry-schema-resolver.js';
export { createHBaseTables } from '../infrastructure/store/hbase/hbase-store.js';
export { createCellTopics } from '../infrastructure/log/kafka-settings.js';
export { createPlasmaFrontEndTopic } from '../infrastructure/plasma/kafka-plasma-settings.js';
export { cellServicesPath, discoveryLocationOf, openServiceDiscovery, type DiscoveryLocation } from '../infrastructure/coordination/coordination-settings.js';
