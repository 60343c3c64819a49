import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicName } from '../../../domain/ports/topics.js';
import { SCHEMA_CATALOGUE, type AvroSchema, type SchemaVersion } from '../../../schemas/index.js';
import { AvroRecordCodec } from './avro-codec.js';
import { avroTypeFor } from './avro-types.js';
import { CodecError } from './codec-error.js';
import { readFrame } from './confluent-framing.js';
import { toJsonValue } from './event-json.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from './example-events.js';
import type { SchemaResolver } from './schema-resolver.js';

/**
 * Schema evolution as schemas/README.md allows it: a v2 that adds optional fields (and an enum symbol)
 * reads every v1 record. The v2 schemas live in this test only.
 */
const DATA_V1 = SCHEMA_CATALOGUE.data.versions[0];
const METADATA_V1 = SCHEMA_CATALOGUE.metadata.versions[0];
const GOLDEN = join(__dirname, '../../../schemas/golden');

function withFields(schema: AvroSchema, ...fields: object[]): AvroSchema {
  return { ...schema, fields: [...(schema['fields'] as object[]), ...fields] };
}

const DATA_V2 = withFields(DATA_V1.schema, { name: 'deletionMinAge', type: ['null', 'long'], default: null });
const METADATA_V2 = withFields(METADATA_V1.schema, { name: 'tags', type: { type: 'map', values: 'string' }, default: {} });

/** A catalogue where each topic has v1 (ids of the real catalogue) then the given v2 (ids 101, 102). */
class TwoVersionResolver implements SchemaResolver {
  private readonly versions: SchemaVersion[];

  constructor(dataV2: AvroSchema, metadataV2: AvroSchema) {
    this.versions = [
      DATA_V1,
      METADATA_V1,
      { subject: DATA_V1.subject, version: 2, id: 101, schema: dataV2 },
      { subject: METADATA_V1.subject, version: 2, id: 102, schema: metadataV2 },
    ];
  }

  writerSchema(topic: TopicName): SchemaVersion {
    return this.versions.find((v) => v.version === 2 && v.subject === `${topic}-value`) as SchemaVersion;
  }

  schemaById(id: number): SchemaVersion | undefined {
    return this.versions.find((v) => v.id === id);
  }
}

function goldenV1(subject: string): Array<[string, Uint8Array, unknown]> {
  const dir = join(GOLDEN, subject, 'v1');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => [f, new Uint8Array(readFileSync(join(dir, f))), JSON.parse(readFileSync(join(dir, f.replace(/\.bin$/, '.json')), 'utf8'))]);
}

describe('schema evolution', () => {
  const v2 = new AvroRecordCodec(new TwoVersionResolver(DATA_V2, METADATA_V2));
  const v1 = new AvroRecordCodec();

  it.each(goldenV1('data-value'))('a v2 data reader reads the v1 golden record %s', (_name, bytes, expected) => {
    expect(toJsonValue(v2.decode('data', bytes))).toEqual(expected);
  });

  it.each(goldenV1('metadata-value'))('a v2 metadata reader reads the v1 golden record %s', (_name, bytes, expected) => {
    expect(toJsonValue(v2.decode('metadata', bytes))).toEqual(expected);
  });

  it('writes with the v2 id once v2 is the latest version, and reads it back', () => {
    const event = EXAMPLE_METADATA_EVENTS['registered'];

    const bytes = v2.encode('metadata', event);

    expect(readFrame(bytes).schemaId).toBe(102);
    expect(v2.decode('metadata', bytes)).toEqual(event);
  });

  it('fills the fields v1 did not have with their defaults', () => {
    const reader = avroTypeFor(METADATA_V2);
    const v1Body = readFrame(v1.encode('metadata', EXAMPLE_METADATA_EVENTS['deleted'])).body;

    const record = reader.fromBuffer(Buffer.from(v1Body), reader.createResolver(avroTypeFor(METADATA_V1.schema)));

    expect(record.tags).toEqual(new Map());
    expect(record.className).toBe('io.senx.tutorial.sensor.temperature');
  });

  it('reads an added enum symbol only with a reader that knows it (upgrade readers first)', () => {
    const symbols = ['STORE', 'DELETE', 'ARCHIVE', 'COMPACT'];
    const fields = (DATA_V1.schema['fields'] as Array<{ name: string; type: unknown }>).map((f) =>
      f.name === 'type' ? { ...f, type: { type: 'enum', name: 'DataMessageType', symbols } } : f,
    );
    const v2Type = avroTypeFor({ ...DATA_V1.schema, fields });
    const v1Body = readFrame(v1.encode('data', EXAMPLE_DATA_EVENTS['delete-range'])).body;

    expect(v2Type.fromBuffer(Buffer.from(v1Body), v2Type.createResolver(avroTypeFor(DATA_V1.schema))).type).toBe('DELETE');
    expect(() => avroTypeFor(DATA_V1.schema).createResolver(v2Type)).toThrow();
  });

  it('cannot read v2 records with v1 code: the id is unknown', () => {
    const bytes = v2.encode('data', EXAMPLE_DATA_EVENTS['delete-all']);

    expect(() => v1.decode('data', bytes)).toThrow('unknown schema id 101');
  });

  it.each([
    ['a field added without a default', withFields(DATA_V1.schema, { name: 'minAge', type: 'long' }), 'cannot read data-value v1, schema id 1 with data-value v2'],
    ['a renamed namespace', { ...DATA_V2, namespace: 'io.continuum.log.v2' }, 'cannot read data-value v1, schema id 1 with data-value v2'],
  ])('reports an incompatible v2 (%s) when reading v1 records', (_label, badV2, message) => {
    const codec = new AvroRecordCodec(new TwoVersionResolver(badV2, METADATA_V2));
    const v1Bytes = v1.encode('data', EXAMPLE_DATA_EVENTS['delete-range']);

    expect(() => codec.decode('data', v1Bytes)).toThrow(CodecError);
    expect(() => codec.decode('data', v1Bytes)).toThrow(message);
  });
});
