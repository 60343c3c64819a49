import { encodeChunk } from '../../../../../domain/datapoints/chunk-codec.js';
import type { Datapoint } from '../../../../../domain/datapoints/datapoint.js';
import { PointColumns } from '../../../../../domain/datapoints/point-columns.js';
import type { DatapointWrite } from '../../../../../domain/ports/datapoint-store.js';
import { seriesIdOf } from '../../../../../domain/series/series.js';
import { ColumnsPacker, packColumns, packManyColumns, unpackColumns } from './columns-wire.js';
import { fromWireError, toWireError } from './store-thread.protocol.js';
import { packWrites, unpackWrites } from './write-wire.js';
import { ValidationError } from '../../../../../domain/errors.js';
import { EmbeddedStoreError } from '../embedded-database.js';

const A = seriesIdOf(1n, 2n);
const B = seriesIdOf(3n, 4n);
const points: Datapoint[] = [
  { ts: 1n, value: { type: 'DOUBLE', value: 1.5 } },
  { ts: 2n, value: { type: 'STRING', value: 'x' } },
  { ts: 3n, geo: 42n, elev: -7n, value: { type: 'LONG', value: 2n ** 60n } },
  { ts: -(2n ** 62n), value: { type: 'BINARY', value: new Uint8Array([0, 255]) } },
];

describe('write wire', () => {
  it('carries puts (from points or from chunks) and deletes, in order, in one transferable buffer', () => {
    const chunk = encodeChunk(points.slice(0, 2));
    const writes: DatapointWrite[] = [
      { type: 'put', series: A, version: 3, points },
      { type: 'delete', series: B, start: -5n, end: 2n ** 63n - 1n },
      { type: 'put', series: B, version: 9, points: points.slice(0, 2), chunks: [chunk, chunk] },
    ];
    const wire = packWrites(writes);
    expect(wire.bytes.byteOffset).toBe(0);
    expect(wire.bytes.buffer.byteLength).toBe(wire.bytes.length);
    const back = unpackWrites(structuredClone(wire));
    expect(back.map((w) => (w.type === 'put' ? { type: w.type, series: w.series, version: w.version, points: w.points } : w))).toEqual([
      { type: 'put', series: A, version: 3, points },
      { type: 'delete', series: B, start: -5n, end: 2n ** 63n - 1n },
      { type: 'put', series: B, version: 9, points: [...points.slice(0, 2), ...points.slice(0, 2)] },
    ]);
    expect(back[2].type === 'put' && back[2].chunks).toHaveLength(2);
  });
});

describe('columns wire', () => {
  it.each([
    ['numeric points only', points.slice(0, 1)],
    ['points kept as objects', points],
    ['no point', []],
  ])('gives back the same columns: %s', (_name, list) => {
    const { wire, transfer } = packColumns(PointColumns.of(list));
    expect(transfer).toHaveLength(1);
    expect(unpackColumns(structuredClone(wire)).toDatapoints()).toEqual(list);
  });
});

describe('many columns wire', () => {
  it('gives back each series\' columns from one transferred buffer', () => {
    const lists = [points, [], points.slice(0, 1), points.slice(1)];
    const { wires, transfer } = packManyColumns(lists.map((l) => PointColumns.of(l)));
    expect(transfer).toHaveLength(1);
    const [copy] = [structuredClone(wires, { transfer })];
    expect(copy.map((w) => unpackColumns(w).toDatapoints())).toEqual(lists);
  });
});

describe('columns packer', () => {
  it('copies each series as it is added (the columns may be reused) and grows past the first estimate', () => {
    const lists = [points.slice(0, 1), points, [], points.slice(1), points];
    const reused = new PointColumns(1);
    // Told to expect 2 series: the first sizes the buffer for two of one point, the others make it grow.
    const packer = new ColumnsPacker(2);
    for (const list of lists) {
      reused.clear();
      for (const point of list) reused.push(point);
      packer.add(reused);
    }
    const { wires, transfer } = packer.finish();
    expect(transfer).toHaveLength(1);
    expect(wires.every((w) => w.ts.byteOffset % 8 === 0 && w.num.buffer === transfer[0])).toBe(true);
    const copy = structuredClone(wires, { transfer });
    expect(copy.map((w) => unpackColumns(w).toDatapoints())).toEqual(lists);
  });
});

describe('errors across threads', () => {
  it('keeps the class, the message and retriable', () => {
    const validation = fromWireError(structuredClone(toWireError(new ValidationError('bad version'))));
    expect(validation).toBeInstanceOf(ValidationError);
    expect(validation.message).toBe('bad version');
    const store = fromWireError(structuredClone(toWireError(new EmbeddedStoreError('disk full', { retriable: true }))));
    expect(store).toBeInstanceOf(EmbeddedStoreError);
    expect((store as EmbeddedStoreError).retriable).toBe(true);
    const other = fromWireError(structuredClone(toWireError(Object.assign(new Error('odd'), { name: 'OddError', retriable: false }))));
    expect([other.name, other.message, (other as { retriable?: boolean }).retriable]).toEqual(['OddError', 'odd', false]);
  });
});
