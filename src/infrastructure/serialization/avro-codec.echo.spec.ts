import { PointColumns } from '../../../domain/datapoints/point-columns.js';
import { double, long } from '../../../domain/datapoints/value.js';
import { pointCountOf, storedFromColumns, type DataEvent, type DatapointsStored } from '../../../domain/events/data.events.js';
import { plainEvent } from '../../../domain/events/plain-event.fixture.js';
import { seriesIdFromHex, type SeriesId } from '../../../domain/series/series.js';
import { AvroRecordCodec } from './avro-codec.js';
import { AvroWriter } from './avro-writer.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from './example-events.js';

const codec = new AvroRecordCodec();
const SERIES = seriesIdFromHex('8d6f0a2b3c4d5e6f0123456789abcdef');

/** Appends `event` after a few bytes already there; returns the echo and the record's bytes. */
function echoed(topic: 'data' | 'metadata', event: unknown): { echo: (() => unknown) | undefined; bytes: Buffer } {
  const out = new AvroWriter();
  out.raw(Uint8Array.of(7, 7, 7));
  const echo = codec.encodeIntoEchoed(topic, event as never, out);
  return { echo, bytes: out.take().subarray(3) };
}

/** The echo and the decoded event of a STORE record hold the same things, down to the class and buffer of the chunk. */
function expectSameStored(echo: DatapointsStored, decoded: DatapointsStored): void {
  expect(Object.getPrototypeOf(echo)).toBe(Object.getPrototypeOf(decoded));
  expect(echo.series).toBe(decoded.series);
  expect(pointCountOf(echo)).toBe(pointCountOf(decoded));
  const [a, b] = [echo.chunk!, decoded.chunk!];
  expect(Buffer.isBuffer(a)).toBe(Buffer.isBuffer(b));
  expect([a.byteOffset, a.buffer.byteLength]).toEqual([b.byteOffset, b.buffer.byteLength]);
  expect(Buffer.from(a)).toEqual(Buffer.from(b));
  expect({ ...echo }).toEqual({ ...decoded });
  expect(plainEvent(echo)).toEqual(plainEvent(decoded));
}

function columnsEvent(series: SeriesId, from: number, to: number): DataEvent {
  const columns = PointColumns.of([
    { ts: 1700000000000000n, value: long(1n) },
    { ts: 1700000001000000n, value: double(2.5) },
    { ts: 1700000002000000n, value: long(-3n) },
    { ts: 1700000003000000n, value: double(0.125) },
  ]);
  return storedFromColumns(series, columns, from, to);
}

describe('AvroRecordCodec.encodeIntoEchoed', () => {
  const stores: [string, DataEvent][] = [
    ...Object.entries(EXAMPLE_DATA_EVENTS).filter(([, e]) => e.type === 'DatapointsStored'),
    ['columns, a middle range', columnsEvent(SERIES, 1, 3)],
    ['columns, all', columnsEvent(SERIES, 0, 4)],
    ['columns, empty', columnsEvent(SERIES, 2, 2)],
    ['no points', { type: 'DatapointsStored', series: SERIES, points: [] }],
  ];

  it.each(stores)('echoes a STORE record as decode reads it back: %s', (_name, event) => {
    const { echo, bytes } = echoed('data', event);
    expect(bytes).toEqual(Buffer.from(codec.encode('data', event)));
    expectSameStored(echo!() as DatapointsStored, codec.decode('data', bytes) as DatapointsStored);
  });

  it('gives a new event at each call, as each decode does (an event keeps the points built from it)', () => {
    const echo = echoed('data', EXAMPLE_DATA_EVENTS['store-longs']).echo!;
    const [a, b] = [echo() as DatapointsStored, echo() as DatapointsStored];
    expect(a).not.toBe(b);
    expect(a.points).not.toBe(b.points);
    expect(plainEvent(a)).toEqual(plainEvent(b));
  });

  it('gives events a chunk of their own, which later writes to the frame do not change', () => {
    const out = new AvroWriter();
    const echo = codec.encodeIntoEchoed('data', columnsEvent(SERIES, 0, 4), out)!;
    const before = Buffer.from((echo() as DatapointsStored).chunk!);
    out.bytes.fill(0xee, 0, out.pos);
    expect(Buffer.from((echo() as DatapointsStored).chunk!)).toEqual(before);
  });

  it.each(Object.entries(EXAMPLE_DATA_EVENTS).filter(([, e]) => e.type === 'DatapointsDeleted'))('gives no echo for a deletion (%s), written as encode writes it', (_name, event) => {
    const { echo, bytes } = echoed('data', event);
    expect(echo).toBeUndefined();
    expect(bytes).toEqual(Buffer.from(codec.encode('data', event)));
  });

  it.each(Object.entries(EXAMPLE_METADATA_EVENTS))('gives no echo for a metadata record (%s), written as encode writes it', (_name, event) => {
    const { echo, bytes } = echoed('metadata', event);
    expect(echo).toBeUndefined();
    expect(bytes).toEqual(Buffer.from(codec.encode('metadata', event)));
  });

  it('gives no echo when decode would read back another series id (one longer than 32 hex chars)', () => {
    const event = { type: 'DatapointsStored', series: `${SERIES}ff`, points: [{ ts: 1n, value: long(1n) }] } as unknown as DataEvent;
    const { echo, bytes } = echoed('data', event);
    expect(echo).toBeUndefined();
    expect(codec.decode('data', bytes).series).toBe(SERIES);
  });
});
