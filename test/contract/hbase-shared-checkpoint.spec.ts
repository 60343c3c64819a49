import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import { checkpointKey } from '../../src/infrastructure/store/embedded/store-keys.js';
import { HBaseRestClient } from '../../src/infrastructure/store/hbase/hbase-rest-client.js';
import { rowKeyOf } from '../../src/infrastructure/store/hbase/hbase-row-keys.js';
import { openHBaseStore } from '../../src/infrastructure/store/hbase/hbase-store.js';
import { createStoreTable } from '../../src/infrastructure/store/hbase/hbase-table-admin.js';
import { HBaseRestFake } from '../harness/hbase-rest-fake.js';

// Issue 4: store instances of one consumer group share one HBase checkpoint row, each owning some partitions.
// Each commits only the partitions its batch advanced, so that none overwrites another's partitions with its
// stale view, and every reader sees the latest offset of every partition.
jest.setTimeout(60_000);

let gateway: HBaseRestFake;
let tables = 0;
beforeAll(async () => {
  gateway = await HBaseRestFake.start();
});
afterAll(async () => {
  await gateway.stop();
});

const cp = (entries: [number, number][]): Checkpoint => new Map(entries);

/** Two store instances (two processes' adapters) on one fresh table. */
async function twoInstances() {
  const table = `shared${++tables}`;
  await createStoreTable(new HBaseRestClient({ url: gateway.url }), table);
  const open = () => openHBaseStore({ url: gateway.url, dataTable: table, metadataTable: table });
  return { table, a: await open(), b: await open() };
}

describe('HBase checkpoint shared by the store instances of one group', () => {
  it('keeps every instance’s partitions: each commit writes only the partitions it advanced', async () => {
    // Given instances A (partitions 0, 1) and B (partitions 2, 3), each with a stale view of the other's
    const { a, b } = await twoInstances();
    await a.datapoints.apply([], { projection: 'store', checkpoint: cp([[0, 10], [1, 4], [2, 0], [3, 0]]), partitions: [0, 1] });
    await b.datapoints.apply([], { projection: 'store', checkpoint: cp([[0, 0], [1, 0], [2, 7], [3, 9]]), partitions: [2, 3] });
    // When A commits again, still believing B's partitions are at 0
    await a.datapoints.apply([], { projection: 'store', checkpoint: cp([[0, 12], [1, 4], [2, 0], [3, 0]]), partitions: [0] });
    // Then both instances (and any reader, e.g. an egress waiting for a position) see every partition's latest offset
    const expected = cp([[0, 12], [1, 4], [2, 7], [3, 9]]);
    expect(await a.checkpoints.load('store')).toEqual(expected);
    expect(await b.checkpoints.load('store')).toEqual(expected);
    // And a reset (replay) forgets them all
    await a.checkpoints.reset('store');
    expect(await b.checkpoints.load('store')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  it('loads a row written before per-partition columns, merging it with newer columns by maximum', async () => {
    // Given a checkpoint row in the previous format: one `m:` cell with the checkpoint's JSON
    const { table, a } = await twoInstances();
    const client = new HBaseRestClient({ url: gateway.url });
    const row = rowKeyOf(checkpointKey('store'));
    await client.put(table, [{ row, column: 'm:', value: new TextEncoder().encode('{"0":5,"1":8}'), timestamp: Date.now() - 60_000 }]);
    expect(await a.checkpoints.load('store')).toEqual(cp([[0, 5], [1, 8]]));
    // When an instance commits partition 0 further
    await a.datapoints.apply([], { projection: 'store', checkpoint: cp([[0, 9], [1, 8]]), partitions: [0] });
    // Then the old offsets of the other partitions are kept
    expect(await a.checkpoints.load('store')).toEqual(cp([[0, 9], [1, 8]]));
    await a.close();
  });
});
