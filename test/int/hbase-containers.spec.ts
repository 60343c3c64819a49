import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { HBaseRestClient } from '../../src/infrastructure/store/hbase/hbase-rest-client.js';
import { openHBaseStore } from '../../src/infrastructure/store/hbase/hbase-store.js';
import { createStoreTable } from '../../src/infrastructure/store/hbase/hbase-table-admin.js';
import { checkpointStoreContract } from '../contract/checkpoint-store.contract.js';
import { datapointStoreContract } from '../contract/datapoint-store.contract.js';
import { seriesRegistryContract } from '../contract/series-registry.contract.js';
import type { StoreUnderTest } from '../contract/store-under-test.js';
import { probeDocker } from '../harness/docker-probe.js';

/**
 * The store contract suites against a real HBase (standalone: master, region server, ZooKeeper and the REST
 * gateway in one container), through the REST gateway. The image must run `hbase rest` on port 8080;
 * override it with CONTINUUM_TEST_HBASE_IMAGE. Skipped, saying so, where no container engine exists.
 */
const IMAGE = process.env.CONTINUUM_TEST_HBASE_IMAGE ?? 'dajobe/hbase:latest';
const REST_PORT = 8080;
const docker = probeDocker();
if (!docker.available) console.warn(`test/int/hbase-containers.spec.ts skipped: no Docker engine (${docker.reason})`);
const suite = docker.available ? describe : describe.skip;

suite(`HBase store on real HBase (${IMAGE})${docker.available ? '' : ' — skipped: no Docker engine'}`, () => {
  jest.setTimeout(120_000);
  let container: StartedTestContainer;
  let url: string;
  let tables = 0;

  beforeAll(async () => {
    container = await new GenericContainer(IMAGE)
      .withExposedPorts(REST_PORT)
      // 200 once the gateway reaches the cluster (it answers 503 while HBase starts).
      .withWaitStrategy(Wait.forHttp('/version/cluster', REST_PORT).forStatusCode(200))
      .withStartupTimeout(300_000)
      .start();
    url = `http://${container.getHost()}:${container.getMappedPort(REST_PORT)}`;
  }, 360_000);

  afterAll(async () => {
    await container?.stop();
  });

  async function open(table: string): Promise<StoreUnderTest> {
    const store = await openHBaseStore({ url, dataTable: table });
    return { ...store, reopen: async () => (await store.close(), open(table)) };
  }

  /** A fresh table per test: the suites expect an empty store. */
  const factory = async (): Promise<StoreUnderTest> => {
    const table = `contract_${process.pid}_${++tables}`;
    await createStoreTable(new HBaseRestClient({ url }), table);
    return open(table);
  };

  datapointStoreContract(factory);
  seriesRegistryContract(factory);
  checkpointStoreContract(factory);
});
