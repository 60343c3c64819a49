import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIRECTORY_SERVICE, directoryPayload } from '../../domain/ports/directory-shards.js';
import type { SeriesId } from '../../domain/series/series.js';
import { InMemoryCoordination } from '../infrastructure/coordination/in-memory-discovery.js';
import { subscriptionZnodes } from '../infrastructure/plasma/zookeeper-subscription-znodes.js';
import { cellStatusCommand, cellStatusJson, formatCellStatus, readCellStatus } from './cell-status.command.js';

const location = { quorum: 'zk:2181', basePath: '/zk/warp/prod/services' };
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

async function cellWith() {
  const cell = new InMemoryCoordination();
  const [d1, d2, other] = [cell.open(), cell.open(), cell.open()];
  await d1.register({ name: DIRECTORY_SERVICE, id: 'dir-a', address: '10.0.0.1', port: 8883, registrationTimeUTC: T0, payload: directoryPayload({ modulus: 2, remainder: 0 }, 8885) });
  await d2.register({ name: DIRECTORY_SERVICE, id: 'dir-b', address: '10.0.0.2', port: 8883, registrationTimeUTC: T0 + 1000, payload: directoryPayload({ modulus: 3, remainder: 1 }, 8885) });
  await other.register({ name: 'egress', id: 'eg-1', address: '10.0.0.9', port: 8881, registrationTimeUTC: T0 - 90_000, payload: {} });
  return { cell, reader: cell.open() };
}

describe('continuum cell status', () => {
  it('lists every service and its members, like jubactl -c status, with the directory routing', async () => {
    const { reader } = await cellWith();
    const status = await readCellStatus(reader, location);
    expect(formatCellStatus(status, T0 + 125_000)).toEqual([
      'cell /zk/warp/prod/services on ZooKeeper zk:2181',
      `active ${DIRECTORY_SERVICE} members:`,
      ' 10.0.0.1:8883  id dir-a  shard 2:0  streaming 8885  since 2026-11-21T12:00:00.000Z (up 2m5s)',
      ' 10.0.0.2:8883  id dir-b  shard 3:1  streaming 8885  since 2026-11-21T12:00:01.000Z (up 2m4s)',
      'active egress members:',
      ' 10.0.0.9:8881  id eg-1  since 2026-11-21T11:58:30.000Z (up 3m35s)',
      'directory modulus 2: incomplete, unused (missing remainder 1)',
      'directory modulus 3: incomplete, unused (missing remainder 0, 2)',
    ]);
  });

  it('says when a modulus is complete, and when nothing is registered', async () => {
    const cell = new InMemoryCoordination();
    const d = cell.open();
    await d.register({ name: DIRECTORY_SERVICE, id: 'solo', address: 'h', port: 1, registrationTimeUTC: T0, payload: directoryPayload({ modulus: 1, remainder: 0 }, 2) });
    expect(formatCellStatus(await readCellStatus(d, location), T0 + 3 * 86_400_000 + 7_200_000).slice(-2)).toEqual([
      ' h:1  id solo  shard 1:0  streaming 2  since 2026-11-21T12:00:00.000Z (up 3d2h)',
      'directory modulus 1: complete, finds are routed',
    ]);
    await d.close();
    expect(formatCellStatus(await readCellStatus(cell.open(), location), T0)).toEqual(['cell /zk/warp/prod/services on ZooKeeper zk:2181', 'no active members']);
  });

  it('leaves out services whose members are all gone', async () => {
    const cell = new InMemoryCoordination();
    const d = cell.open();
    const r = await d.register({ name: 'gone', address: 'h', port: 1, payload: {} });
    await r.unregister();
    expect((await readCellStatus(d, location)).services).toEqual([]);
  });

  it('prints JSON with the members as announced', async () => {
    const { reader } = await cellWith();
    const json = JSON.parse(cellStatusJson(await readCellStatus(reader, location)));
    expect(json.quorum).toBe('zk:2181');
    expect(json.znode).toBe('/zk/warp/prod/services');
    expect(Object.keys(json.services)).toEqual([DIRECTORY_SERVICE, 'egress']);
    expect(json.services.egress).toEqual([{ name: 'egress', id: 'eg-1', address: '10.0.0.9', port: 8881, registrationTimeUTC: T0 - 90_000, payload: {} }]);
  });

  describe('plasma front ends', () => {
    const PLASMA = '/zk/warp/prod/plasma';
    const ids = (from: number, n: number) => new Set(Array.from({ length: n }, (_, i) => (from + i).toString(16).padStart(32, '0') as SeriesId));
    /** The plasma znode as front ends `fe-a` (3 series in 2 znodes of 32 bytes) and `fe-b` (1 series) publish it, plus a tampered znode. */
    function plasmaZnode(): { getChildren: (p: string) => Promise<string[] | undefined>; getData: (p: string) => Promise<Buffer | undefined> } {
      const nodes = new Map<string, Buffer>();
      for (const z of subscriptionZnodes('fe-a', ids(1, 3), '00000000-0000-4000-8000-00000000000a', 32)) nodes.set(z.name, z.data);
      for (const z of subscriptionZnodes('fe-b', ids(1, 1), '00000000-0000-4000-8000-00000000000b', 1000)) nodes.set(z.name, z.data);
      const [forged] = subscriptionZnodes('fe-c', ids(9, 1), '00000000-0000-4000-8000-00000000000c', 1000);
      nodes.set(forged.name, Buffer.alloc(16, 7));
      return {
        getChildren: (path) => Promise.resolve(path === PLASMA ? [...nodes.keys()] : undefined),
        getData: (path) => Promise.resolve(nodes.get(path.slice(PLASMA.length + 1))),
      };
    }

    it('lists each front end publishing subscriptions (topic, series, znodes) and the znodes back ends ignore', async () => {
      const cell = new InMemoryCoordination();
      const status = await readCellStatus(cell.open(), location, { zk: plasmaZnode(), znode: PLASMA });
      const lines = formatCellStatus(status, T0);
      expect(lines.slice(2, 5)).toEqual([
        `active plasma front ends (subscriptions under ${PLASMA}):`,
        ' topic fe-a  3 series  2 znode(s)',
        ' topic fe-b  1 series  1 znode(s)',
      ]);
      expect(lines[5]).toMatch(/^plasma: 1 znode\(s\) ignored by back ends \(bad name or hash\): 0\.00000000-0000-4000-8000-00000000000c\.fe-c\./);
      expect(JSON.parse(cellStatusJson(status)).plasma.frontEnds).toEqual([
        { topic: 'fe-a', series: 3, znodes: 2 },
        { topic: 'fe-b', series: 1, znodes: 1 },
      ]);
    });

    it('says when no front end publishes', async () => {
      const { reader } = await cellWith();
      const empty = { getChildren: () => Promise.resolve(undefined), getData: () => Promise.resolve(undefined) };
      expect(formatCellStatus(await readCellStatus(reader, location, { zk: empty, znode: PLASMA }), T0).at(-1)).toBe(`plasma: no front end publishes subscriptions under ${PLASMA}`);
    });
  });

  describe('options', () => {
    let dataDir: string;
    beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'continuum-cell-'))));
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it.each([['0'], ['fast'], ['99']])('refuses --timeout %s', async (timeout) => {
      await expect(cellStatusCommand({ timeout, dataDir })).rejects.toThrow(`--timeout must be a number of ms >= 100, got '${timeout}'`);
    });

    it('refuses a cell name that is not one znode name', async () => {
      await expect(cellStatusCommand({ cell: 'a/b', zk: '127.0.0.1:1', dataDir })).rejects.toThrow("cannot use cell name 'a/b'");
    });
  });
});
