import { decimal, double, long, string } from '../../../domain/datapoints/value.js';
import type { DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import { seriesIdFromHex, type SeriesId } from '../../../domain/series/series.js';
import { SCHEMA_CATALOGUE } from '../../../schemas/index.js';
import { AvroRecordCodec } from './avro-codec.js';
import { avroTypeFor } from './avro-types.js';
import { AvroWriter } from './avro-writer.js';
import { HEADER_LENGTH, writeHeader } from './confluent-framing.js';
import { dataEventToRecord } from './data-message.mapping.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from './example-events.js';
import { metadataEventToRecord } from './metadata-message.mapping.js';

/** What avsc alone writes for `event` with the v1 schema of `topic` (the reference for the hand-written writers). */
function avscBytes(topic: TopicName, event: DataEvent | MetadataEvent): Buffer {
  const version = SCHEMA_CATALOGUE[topic].versions[0];
  const record = topic === 'data' ? dataEventToRecord(event as DataEvent) : metadataEventToRecord(event as MetadataEvent);
  const body = avroTypeFor(version.schema).toBuffer(record);
  const out = Buffer.alloc(HEADER_LENGTH + body.length);
  writeHeader(out, version.id);
  body.copy(out, HEADER_LENGTH);
  return out;
}

const codec = new AvroRecordCodec();
const ids: SeriesId[] = ['00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff', '80000000000000007fffffffffffffff', '0000000000000001fffffffffffffffe', '8d6f0a2b3c4d5e6f0123456789abcdef', '00000000000000400000003fffffff80'].map(seriesIdFromHex);
const texts = ['', 'a', 'host', 'é', '€uro', '😀', 'x'.repeat(64), 'é'.repeat(40), 'lone \ud800 high', 'lone \udc00 low', `${'y'.repeat(70)}\ud83d`, '__proto__', '.owner'];

describe('hand-written records are the bytes avsc writes', () => {
  it.each(Object.entries(EXAMPLE_DATA_EVENTS))('data example %s', (_name, event) => {
    expect(Buffer.from(codec.encode('data', event))).toEqual(avscBytes('data', event));
  });

  it.each(Object.entries(EXAMPLE_METADATA_EVENTS))('metadata example %s', (_name, event) => {
    expect(Buffer.from(codec.encode('metadata', event))).toEqual(avscBytes('metadata', event));
  });

  it.each(ids)('STORE records of series %s', (series) => {
    const points = [
      { ts: 1700000000000000n, value: decimal(1234n, 2) },
      { ts: -5n, geo: 1n, elev: -1n, value: double(0.1) },
      { ts: 2n ** 62n, value: long(-(2n ** 63n)) },
    ];
    const event: DataEvent = { type: 'DatapointsStored', series, points };
    expect(Buffer.from(codec.encode('data', event))).toEqual(avscBytes('data', event));
  });

  it('STORE records of every size of chunk length varint', () => {
    for (const n of [0, 1, 20, 63, 64, 200, 9000]) {
      const event: DataEvent = { type: 'DatapointsStored', series: ids[4], points: n === 0 ? [] : [{ ts: 1n, value: string('s'.repeat(n)) }] };
      expect(Buffer.from(codec.encode('data', event))).toEqual(avscBytes('data', event));
    }
  });

  it.each(texts)('metadata records with class, labels and attributes made of %j', (text) => {
    const labels = new Map([[text, text], ['k', text], [`${text}2`, '']]);
    const events: MetadataEvent[] = [
      { type: 'SeriesRegistered', series: { id: ids[2], className: text, labels, attributes: labels, lastActivity: 1700000000123.7 } },
      { type: 'SeriesRegistered', series: { id: ids[0], className: text, labels: new Map(), attributes: new Map() } },
      { type: 'AttributesUpdated', series: { id: ids[1], className: text, labels }, attributes: labels, mode: 'merge' },
      { type: 'AttributesUpdated', series: { id: ids[3], className: text, labels }, attributes: new Map(), mode: 'replace' },
      { type: 'SeriesDeleted', series: { id: ids[5], className: text, labels } },
    ];
    for (const event of events) expect(Buffer.from(codec.encode('metadata', event))).toEqual(avscBytes('metadata', event));
  });

  it.each([-1, 0, 2 ** 52, 2 ** 52 + 1, -(2 ** 52) - 1, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 60, -1.5])('metadata records with lastActivity %p', (lastActivity) => {
    const event: MetadataEvent = { type: 'SeriesRegistered', series: { id: ids[4], className: 'c', labels: new Map(), attributes: new Map(), lastActivity } };
    expect(Buffer.from(codec.encode('metadata', event))).toEqual(avscBytes('metadata', event));
  });
});

describe('AvroRecordCodec.encodeInto', () => {
  it.each([...Object.entries(EXAMPLE_DATA_EVENTS).map(([n, e]) => ['data', n, e] as const), ...Object.entries(EXAMPLE_METADATA_EVENTS).map(([n, e]) => ['metadata', n, e] as const)])(
    'appends exactly what encode returns (%s %s), after what is already there',
    (topic, _name, event) => {
      const out = new AvroWriter();
      out.raw(Uint8Array.of(1, 2, 3));
      codec.encodeInto(topic, event as never, out);
      expect(out.take()).toEqual(Buffer.concat([Buffer.of(1, 2, 3), Buffer.from(codec.encode(topic, event as never))]));
    },
  );

  it.each(['encodeInto', 'encodeIntoEchoed'] as const)('%s leaves the writer as it was when the event cannot be encoded', (method) => {
    const out = new AvroWriter();
    out.raw(Uint8Array.of(9));
    const bad = { type: 'DatapointsStored', series: 'not an id', points: [] } as unknown as DataEvent;
    expect(() => codec[method]('data', bad, out)).toThrow('cannot encode data event');
    expect(out.take()).toEqual(Buffer.of(9));
  });
});

describe('AvroWriter', () => {
  it.each<[number, number]>([
    [0, 0], [0, 1], [0xffffffff, 0xffffffff], [0x80000000, 0], [0x7fffffff, 0xffffffff], [0, 0x80000000], [0x12345678, 0x9abcdef0],
  ])('writes the long (%i << 32 | %i) as avsc writes it', (hi, lo) => {
    const w = new AvroWriter();
    w.reset(0);
    w.long64(hi, lo);
    const n = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    expect(w.result()).toEqual(avroTypeFor({ type: 'record', name: 'L', fields: [{ name: 'n', type: 'long' }] }).toBuffer({ n }));
  });

  it.each(['0123456789ABCDEF', '0123456789abcdeé', 'ā123456789abcdef', '0123456789abcde', 'g123456789abcdef'])('refuses %j as the hex of a long', (text) => {
    const w = new AvroWriter();
    expect(() => w.longFromHex(text, 0)).toThrow(RangeError);
  });

  it('refuses a long that is not a safe integer', () => {
    expect(() => new AvroWriter().long(2 ** 53)).toThrow(RangeError);
  });
});
