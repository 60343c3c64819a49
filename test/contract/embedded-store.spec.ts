import { openEmbeddedStore, type EmbeddedEngineName } from '../../src/infrastructure/store/embedded/embedded-store.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { datapointStoreContract } from './datapoint-store.contract.js';
import { embeddedStoreFactory } from './embedded-store-factory.js';
import { seriesRegistryContract } from './series-registry.contract.js';

describe.each<EmbeddedEngineName>(['lmdb', 'leveldb'])('embedded store on %s', (engine) => {
  const factory = embeddedStoreFactory(`continuum-embedded-${engine}-`, (dir) => openEmbeddedStore(dir, { engine }));
  datapointStoreContract(factory);
  seriesRegistryContract(factory);
  checkpointStoreContract(factory);
});
