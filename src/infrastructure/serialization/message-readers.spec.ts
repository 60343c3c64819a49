import { encodeChunk } from '../../../domain/datapoints/chunk-codec.js';
import { decimal, double, long, string } from '../../../domain/datapoints/value.js';
import type { DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import { seriesIdFromHex, type SeriesId } from '../../../domain/series/series.js';
import { SCHEMA_CATALOGUE } from '../../../schemas/index.js';
import { AvroRecordCodec } from './avro-codec.js';
import { avroTypeFor } from './avro-types.js';
import { dataEventToRecord, dataRecordToEvent, type DataMessageRecord } from './data-message.mapping.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from './example-events.js';
import { readMetadataMessageV1, readStoreMessageV1 } from './message-readers.js';
import { metadataEventToRecord, metadataRecordToEvent, type MetadataMessageRecord } from './metadata-message.mapping.js';
import { plainEvent } from '../../../domain/events/plain-event.fixture.js';

const codec = new AvroRecordCodec();
const types = { data: avroTypeFor(SCHEMA_CATALOGUE.data.versions[0].schema), metadata: avroTypeFor(SCHEMA_CATALOGUE.metadata.versions[0].schema) };

/** What avsc and the mappings read from a v1 body (the reference for the hand-written readers). */
function avscEvent(topic: TopicName, body: Buffer): unknown {
  try {
    const record = types[topic].fromBuffer(body);
    return topic === 'data' ? dataRecordToEvent(record as DataMessageRecord) : metadataRecordToEvent(record as MetadataMessageRecord);
  } catch (e) {
    return (e as Error).message;
  }
}

function bodyOf(topic: TopicName, event: DataEvent | MetadataEvent): Buffer {
  return types[topic].toBuffer(topic === 'data' ? dataEventToRecord(event as DataEvent) : metadataEventToRecord(event as MetadataEvent));
}

const ids: SeriesId[] = ['00000000000000000000000000000000', 'ffffffffffffffffffffffffffffffff', '80000000000000007fffffffffffffff', '0000000000000001fffffffffffffffe', '8d6f0a2b3c4d5e6f0123456789abcdef', '00000000000000400000003fffffff80', '0000000fffffffff0000000800000000'].map(seriesIdFromHex);

describe('hand-written readers give the events avsc gives', () => {
  it.each(Object.entries(EXAMPLE_DATA_EVENTS).filter(([, e]) => e.type === 'DatapointsStored'))('data example %s', (_name, event) => {
    const body = bodyOf('data', event);
    expect(plainEvent(readStoreMessageV1(body))).toEqual(plainEvent(avscEvent('data', body)));
  });

  it.each(Object.entries(EXAMPLE_METADATA_EVENTS))('metadata example %s', (_name, event) => {
    const body = bodyOf('metadata', event);
    expect(readMetadataMessageV1(body)).toEqual(avscEvent('metadata', body));
  });

  it.each(ids)('STORE of series %s', (series) => {
    const event: DataEvent = { type: 'DatapointsStored', series, points: [{ ts: 5n, value: decimal(12n, 1) }, { ts: -(2n ** 63n), geo: 7n, value: double(-0) }] };
    const body = bodyOf('data', event);
    expect(plainEvent(readStoreMessageV1(body))).toEqual(event);
  });

  it.each(ids)('metadata of series %s, every kind, with and without lastActivity', (id) => {
    const labels = new Map([['é', '😀'], ['', ''], ['k', 'x'.repeat(200)]]);
    const events: MetadataEvent[] = [
      { type: 'SeriesRegistered', series: { id, className: 'c€', labels, attributes: labels, lastActivity: 1700000000123 } },
      { type: 'SeriesRegistered', series: { id, className: '', labels: new Map(), attributes: new Map() } },
      { type: 'AttributesUpdated', series: { id, className: 'c', labels }, attributes: labels, mode: 'merge' },
      { type: 'AttributesUpdated', series: { id, className: 'c', labels }, attributes: new Map(), mode: 'replace' },
      { type: 'SeriesDeleted', series: { id, className: 'c', labels } },
    ];
    for (const event of events) expect(readMetadataMessageV1(bodyOf('metadata', event))).toEqual(event);
  });

  it.each([0, -1, 2 ** 47 - 1, -(2 ** 47), 2 ** 48, 2 ** 53 - 1])('leaves a lastActivity of %p to avsc when out of its range, else reads it', (lastActivity) => {
    const event: MetadataEvent = { type: 'SeriesRegistered', series: { id: ids[4], className: 'c', labels: new Map(), attributes: new Map(), lastActivity } };
    const body = bodyOf('metadata', event);
    const read = readMetadataMessageV1(body);
    if (Math.abs(lastActivity) < 2 ** 48) expect(read).toEqual(avscEvent('metadata', body));
    else expect(read).toBeUndefined();
  });

  it('leaves DELETE records to avsc', () => {
    const body = bodyOf('data', { type: 'DatapointsDeleted', series: ids[4], start: 1n, end: 2n });
    expect(readStoreMessageV1(body)).toBeUndefined();
  });

  it('gives up, for avsc to report, on every truncation and on trailing bytes', () => {
    const bodies = [bodyOf('data', { type: 'DatapointsStored', series: ids[4], points: [{ ts: 1n, value: string('abc') }, { ts: 2n, value: long(3n) }] }), bodyOf('metadata', EXAMPLE_METADATA_EVENTS['registered'])];
    bodies.forEach((full, i) => {
      const read = i === 0 ? readStoreMessageV1 : readMetadataMessageV1;
      for (let n = 0; n < full.length; n++) expect(read(full.subarray(0, n))).toBeUndefined();
      expect(read(Buffer.concat([full, Buffer.of(0)]))).toBeUndefined();
    });
  });

  it('decodes through the codec exactly as before, errors included', () => {
    const good = codec.encode('data', { type: 'DatapointsStored', series: ids[2], points: [{ ts: 1n, value: long(1n) }] });
    expect(plainEvent(codec.decode('data', good))).toEqual({ type: 'DatapointsStored', series: ids[2], points: [{ ts: 1n, value: long(1n) }] });
    const corruptChunk = Buffer.from(good);
    corruptChunk[corruptChunk.length - 3 - encodeChunk([{ ts: 1n, value: long(1n) }]).length] = 0x7f; // the chunk's version byte
    expect(() => codec.decode('data', corruptChunk)).toThrow('cannot decode data record (data-value v1, schema id 1): ');
    expect(() => codec.decode('data', good.subarray(0, good.length - 1))).toThrow('cannot decode data record (data-value v1, schema id 1)');
  });
});
