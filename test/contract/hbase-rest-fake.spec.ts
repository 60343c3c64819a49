import { HBaseRestClient } from '../../src/infrastructure/store/hbase/hbase-rest-client.js';
import { openHBaseStore } from '../../src/infrastructure/store/hbase/hbase-store.js';
import { createStoreTable } from '../../src/infrastructure/store/hbase/hbase-table-admin.js';
import { HBaseRestFake } from '../harness/hbase-rest-fake.js';
import { checkpointStoreContract } from './checkpoint-store.contract.js';
import { datapointStoreContract } from './datapoint-store.contract.js';
import { seriesRegistryContract } from './series-registry.contract.js';
import type { StoreFactory, StoreUnderTest } from './store-under-test.js';

// The HBase store adapters, through their REST client, against an in-test gateway implementing the REST
// subset they use (test/harness/hbase-rest-fake.ts). Real HBase: test/int/hbase-containers.spec.ts.
// Every call is an HTTP round trip: the randomized contract tests take seconds on a loaded machine.
jest.setTimeout(60_000);

let gateway: HBaseRestFake;
let tables = 0;
beforeAll(async () => {
  gateway = await HBaseRestFake.start();
});
afterAll(async () => {
  await gateway.stop();
});

async function open(dataTable: string, metadataTable: string): Promise<StoreUnderTest> {
  const store = await openHBaseStore({ url: gateway.url, dataTable, metadataTable, scanBatch: 7 });
  return { ...store, reopen: async () => (await store.close(), open(dataTable, metadataTable)) };
}

/** A fresh table per test (two when the registry has its own table). */
const factory =
  (separateMetadata: boolean): StoreFactory =>
  async () => {
    const client = new HBaseRestClient({ url: gateway.url });
    const data = `t${++tables}`;
    const metadata = separateMetadata ? `${data}_meta` : data;
    for (const t of new Set([data, metadata])) await createStoreTable(client, t);
    return open(data, metadata);
  };

describe.each([
  ['one table', false],
  ['separate data and metadata tables', true],
])('HBase store through the REST gateway (%s)', (_name, separate) => {
  datapointStoreContract(factory(separate));
  seriesRegistryContract(factory(separate));
  checkpointStoreContract(factory(separate));
});
