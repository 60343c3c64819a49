import { string } from '../../../domain/datapoints/value.js';
import type { DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import { seriesIdFromHex } from '../../../domain/series/series.js';
import { latestSchema, type SchemaVersion } from '../../../schemas/index.js';
import { AvroRecordCodec } from './avro-codec.js';
import { avroTypeFor } from './avro-types.js';
import { CodecError } from './codec-error.js';
import { readFrame } from './confluent-framing.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from './example-events.js';
import type { SchemaResolver } from './schema-resolver.js';
import { plainEvent } from '../../../domain/events/plain-event.fixture.js';

const SERIES = seriesIdFromHex('0123456789abcdeffedcba9876543210');
const codec = new AvroRecordCodec();

function frame(schemaId: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[4] = schemaId;
  out.set(body, 5);
  return out;
}

describe('AvroRecordCodec', () => {
  describe('round trip', () => {
    it.each(Object.entries(EXAMPLE_DATA_EVENTS))('decodes the data event it encoded: %s', (_name, event) => {
      expect(plainEvent(codec.decode('data', codec.encode('data', event)))).toEqual(event);
    });

    it.each(Object.entries(EXAMPLE_METADATA_EVENTS))('decodes the metadata event it encoded: %s', (_name, event) => {
      expect(codec.decode('metadata', codec.encode('metadata', event))).toEqual(event);
    });

    it('keeps the order of labels and attributes', () => {
      const event = EXAMPLE_METADATA_EVENTS['registered'] as Extract<MetadataEvent, { type: 'SeriesRegistered' }>;

      const decoded = codec.decode('metadata', codec.encode('metadata', event)) as typeof event;

      expect([...decoded.series.labels.keys()]).toEqual([...event.series.labels.keys()]);
    });

    it('writes a chunk bigger than its scratch buffer and still reads it back', () => {
      const points = Array.from({ length: 1000 }, (_, i) => ({ ts: BigInt(i), value: string(`${i}`.padEnd(100, '.')) }));
      const event: DataEvent = { type: 'DatapointsStored', series: SERIES, points };

      const bytes = codec.encode('data', event);

      expect(bytes.length).toBeGreaterThan(64 * 1024);
      expect(plainEvent(codec.decode('data', bytes))).toEqual(event);
      // and the grown scratch buffer does not leak into the next, small record
      const small = EXAMPLE_DATA_EVENTS['delete-range'];
      expect(plainEvent(codec.decode('data', codec.encode('data', small)))).toEqual(small);
    });

    it('reads a fractional lastActivity back as whole milliseconds', () => {
      const event: MetadataEvent = {
        type: 'SeriesRegistered',
        series: { id: SERIES, className: 'c', labels: new Map(), attributes: new Map(), lastActivity: 1700000000123.9 },
      };

      const decoded = codec.decode('metadata', codec.encode('metadata', event));

      expect(decoded).toEqual({ ...event, series: { ...event.series, lastActivity: 1700000000123 } });
    });
  });

  describe('wire format', () => {
    it.each([
      ['data', EXAMPLE_DATA_EVENTS['delete-range']],
      ['metadata', EXAMPLE_METADATA_EVENTS['deleted']],
    ] as const)('frames %s records with magic byte 0 and the latest schema id', (topic, event) => {
      const bytes = codec.encode(topic, event as never);

      expect(bytes[0]).toBe(0);
      expect(readFrame(bytes).schemaId).toBe(latestSchema(topic).id);
    });

    it('writes the series id halves as the first two Avro longs of a data record', () => {
      const event: DataEvent = { type: 'DatapointsDeleted', series: seriesIdFromHex('ffffffffffffffff0000000000000001'), start: 0n, end: 0n };

      const body = readFrame(codec.encode('data', event)).body;

      // classId -1 -> zig-zag 1; labelsId 1 -> zig-zag 2
      expect(Buffer.from(body.subarray(0, 2)).toString('hex')).toBe('0102');
    });

    it('writes and reads with the ids a schema registry assigned', () => {
      const registry = new MapResolver({ data: 1001, metadata: 1002 });
      const registryCodec = new AvroRecordCodec(registry);
      const event = EXAMPLE_METADATA_EVENTS['attributes-merged'];

      const bytes = registryCodec.encode('metadata', event);

      expect(readFrame(bytes).schemaId).toBe(1002);
      expect(registryCodec.decode('metadata', bytes)).toEqual(event);
      expect(() => codec.decode('metadata', bytes)).toThrow('unknown schema id 1002');
    });
  });

  describe('errors', () => {
    const data = codec.encode('data', EXAMPLE_DATA_EVENTS['store-longs']);
    const metadata = codec.encode('metadata', EXAMPLE_METADATA_EVENTS['registered']);

    it.each([
      ['an empty record', 'data', new Uint8Array(0), 'shorter than the 5-byte Confluent header'],
      ['a bad magic byte', 'data', Uint8Array.from([1, ...data.subarray(1)]), 'magic byte is 1, expected 0'],
      ['an unknown schema id', 'data', frame(99, data.subarray(5)), 'cannot decode data record: unknown schema id 99'],
      ['a metadata record on the data topic', 'data', metadata, `schema id ${latestSchema('metadata').id} is a metadata schema`],
      ['a data record on the metadata topic', 'metadata', data, `schema id ${latestSchema('data').id} is a data schema`],
      ['a truncated body', 'data', data.subarray(0, data.length - 3), 'cannot decode data record (data-value v1, schema id 1): truncated buffer'],
      ['a header with no body', 'metadata', metadata.subarray(0, 5), 'truncated buffer'],
      ['trailing bytes', 'metadata', Uint8Array.from([...metadata, 0]), 'trailing data'],
      ['a corrupt chunk', 'data', corruptChunk(), 'cannot decode data record (data-value v1, schema id 1)'],
      ['an ARCHIVE data message', 'data', archiveMessage(), 'type ARCHIVE is not supported'],
    ] as const)('throws a non-retriable CodecError on %s', (_label, topic, bytes, message) => {
      const error = catchError(() => codec.decode(topic as TopicName, bytes));

      expect(error).toBeInstanceOf(CodecError);
      expect(error).toMatchObject({ retriable: false });
      expect((error as Error).message).toContain(message);
    });

    it('throws a CodecError on an event that does not fit the schema', () => {
      const bad = { type: 'DatapointsDeleted', series: SERIES, start: 1.5, end: 2n } as unknown as DataEvent;

      expect(() => codec.encode('data', bad)).toThrow(CodecError);
      expect(() => codec.encode('data', bad)).toThrow('cannot encode data event with data-value v1');
    });

    it('throws a CodecError on an event of an unknown type', () => {
      const bad = { type: 'SeriesRenamed', series: { id: SERIES, className: 'c', labels: new Map() } } as unknown as MetadataEvent;

      expect(() => codec.encode('metadata', bad)).toThrow("cannot encode metadata event of type 'SeriesRenamed'");
    });
  });
});

/** A resolver with registry-assigned ids for the catalogue's latest versions. */
class MapResolver implements SchemaResolver {
  private readonly byId = new Map<number, SchemaVersion>();
  private readonly byTopic = new Map<TopicName, SchemaVersion>();

  constructor(ids: Record<TopicName, number>) {
    for (const topic of Object.keys(ids) as TopicName[]) {
      const version = { ...latestSchema(topic), id: ids[topic] };
      this.byId.set(version.id, version);
      this.byTopic.set(topic, version);
    }
  }

  writerSchema(topic: TopicName): SchemaVersion {
    return this.byTopic.get(topic) as SchemaVersion;
  }

  schemaById(id: number): SchemaVersion | undefined {
    return this.byId.get(id);
  }
}

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

function writeDataRecord(record: object): Uint8Array {
  const v = latestSchema('data');
  return frame(v.id, avroTypeFor(v.schema).toBuffer(record));
}

function corruptChunk(): Uint8Array {
  const base = { classId: 1n, labelsId: 2n, deletionStart: null, deletionEnd: null, attributes: new Map() };
  return writeDataRecord({ ...base, type: 'STORE', data: Buffer.from([0xee, 1, 2]) });
}

function archiveMessage(): Uint8Array {
  const base = { classId: 1n, labelsId: 2n, deletionStart: null, deletionEnd: null, attributes: new Map() };
  return writeDataRecord({ ...base, type: 'ARCHIVE', data: Buffer.alloc(0) });
}
