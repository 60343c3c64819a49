import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopicName } from '../../domain/ports/topics.js';
import { SCHEMA_CATALOGUE, type AvroSchema, type SchemaTopic, type SubjectSchemas } from '../../schemas/index.js';
import { schemasRegisterCommand } from '../../src/cli/schemas.command.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { CodecError } from '../../src/infrastructure/serialization/codec-error.js';
import { readFrame, writeHeader } from '../../src/infrastructure/serialization/confluent-framing.js';
import { toJsonValue } from '../../src/infrastructure/serialization/event-json.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from '../../src/infrastructure/serialization/example-events.js';
import { openRegistrySchemaResolver, type RegistrySchemaResolver } from '../../src/infrastructure/serialization/registry-schema-resolver.js';
import { SchemaRegistryError } from '../../src/infrastructure/serialization/schema-registry-error.js';
import { SchemaRegistryStub } from '../harness/schema-registry-stub.js';

const GOLDEN = join(__dirname, '../../schemas/golden');
const TOPICS: readonly SchemaTopic[] = ['data', 'metadata'];

/** The real catalogue plus a v2 of one topic (ids in the catalogue are irrelevant with a registry). */
function withV2(topic: SchemaTopic, schema: AvroSchema): { readonly [T in SchemaTopic]: SubjectSchemas } {
  const base = SCHEMA_CATALOGUE[topic];
  const v2 = { subject: base.subject, version: 2, id: 999, schema };
  return { ...SCHEMA_CATALOGUE, [topic]: { ...base, versions: [...base.versions, v2] } };
}

function addField(topic: SchemaTopic, field: object): AvroSchema {
  const v1 = SCHEMA_CATALOGUE[topic].versions[0].schema;
  return { ...v1, fields: [...(v1['fields'] as object[]), field] };
}

/** A compatible v2 (an optional field) and an incompatible one (a required field: v1 data lacks it). */
const DATA_V2_OK = addField('data', { name: 'deletionMinAge', type: ['null', 'long'], default: null });
const DATA_V2_BAD = addField('data', { name: 'shard', type: 'int' });

/** Every golden record, with its topic and catalogue version. */
function goldenFiles(): Array<[string, SchemaTopic, number, Uint8Array, unknown]> {
  const out: Array<[string, SchemaTopic, number, Uint8Array, unknown]> = [];
  for (const topic of TOPICS) {
    const subject = SCHEMA_CATALOGUE[topic].subject;
    for (const dir of readdirSync(join(GOLDEN, subject))) {
      for (const file of readdirSync(join(GOLDEN, subject, dir)).filter((f) => f.endsWith('.bin'))) {
        const bin = new Uint8Array(readFileSync(join(GOLDEN, subject, dir, file)));
        const json: unknown = JSON.parse(readFileSync(join(GOLDEN, subject, dir, file.replace(/\.bin$/, '.json')), 'utf8'));
        out.push([`${subject}/${dir}/${file}`, topic, Number(dir.slice(1)), bin, json]);
      }
    }
  }
  return out;
}

/** The same record value with another schema id in its header (a golden file as a registry writer frames it). */
function reframed(bytes: Uint8Array, schemaId: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  writeHeader(out, schemaId);
  return out;
}

async function expectRegistryError(p: Promise<unknown>, want: { retriable: boolean; status?: number; message: RegExp }): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SchemaRegistryError);
  const e = err as SchemaRegistryError;
  expect({ retriable: e.retriable, status: e.status }).toEqual({ retriable: want.retriable, status: want.status });
  expect(e.message).toMatch(want.message);
}

describe('schema registry: the registry-backed SchemaResolver against a Confluent-compatible REST server', () => {
  let stub: SchemaRegistryStub;

  beforeEach(async () => {
    stub = await SchemaRegistryStub.start({ firstId: 100 });
  });
  afterEach(async () => {
    await stub.stop();
  });

  it('registers every catalogue version under <topic>-value with compatibility BACKWARD and writes with the registry ids', async () => {
    const resolver = await openRegistrySchemaResolver({ url: stub.url });

    expect(stub.versionsOf('data-value')).toEqual([resolver.writerSchema('data').id]);
    expect(stub.versionsOf('metadata-value')).toEqual([resolver.writerSchema('metadata').id]);
    expect(new Set([resolver.writerSchema('data').id, resolver.writerSchema('metadata').id])).toEqual(new Set([100, 101]));
    expect(stub.compatibilityOf('data-value')).toBe('BACKWARD');
    expect(stub.compatibilityOf('metadata-value')).toBe('BACKWARD');
    const bytes = new AvroRecordCodec(resolver).encode('data', EXAMPLE_DATA_EVENTS['store-longs']);
    expect(readFrame(bytes).schemaId).toBe(resolver.writerSchema('data').id);
  });

  it('uses the configured topic names for the subjects', async () => {
    const resolver = await openRegistrySchemaResolver({ url: stub.url, topics: { data: 'cell1-data', metadata: 'cell1-metadata' } });

    expect(resolver.writerSchema('data').subject).toBe('cell1-data-value');
    expect(stub.versionsOf('cell1-data-value')).toHaveLength(1);
    expect(stub.versionsOf('cell1-metadata-value')).toHaveLength(1);
    expect(stub.versionsOf('data-value')).toEqual([]);
  });

  it('reuses the ids of schemas already registered: a second start and another cell get the same ids, no new version', async () => {
    const first = await openRegistrySchemaResolver({ url: stub.url });
    const again = await openRegistrySchemaResolver({ url: stub.url });
    const otherCell = await openRegistrySchemaResolver({ url: stub.url, topics: { data: 'cell2-data', metadata: 'cell2-metadata' } });

    for (const topic of TOPICS) {
      expect(again.writerSchema(topic).id).toBe(first.writerSchema(topic).id);
      expect(otherCell.writerSchema(topic).id).toBe(first.writerSchema(topic).id);
    }
    expect(stub.versionsOf('data-value')).toHaveLength(1);
    expect(stub.versionsOf('cell2-data-value')).toEqual(stub.versionsOf('data-value'));
  });

  describe('decoding through the registry path', () => {
    let resolver: RegistrySchemaResolver;
    let codec: AvroRecordCodec;
    beforeEach(async () => {
      resolver = await openRegistrySchemaResolver({ url: stub.url });
      codec = new AvroRecordCodec(resolver);
    });

    it.each(goldenFiles())('decodes the golden record %s framed with its registry id', (_name, topic, version, bytes, expected) => {
      const registryId = resolver.known().find((k) => k.topic === topic && k.version === version)?.id;
      expect(registryId).toBeDefined();
      expect(registryId).not.toBe(readFrame(bytes).schemaId);

      expect(toJsonValue(codec.decode(topic as TopicName, reframed(bytes, registryId as number)))).toEqual(expected);
    });

    it.each(Object.entries(EXAMPLE_METADATA_EVENTS))('round-trips the metadata event %s', (_name, event) => {
      expect(codec.decode('metadata', codec.encode('metadata', event))).toEqual(event);
    });

    it('refuses the embedded catalogue id, which the registry never assigned', async () => {
      const [, topic, , bytes] = goldenFiles()[0];
      expect(() => codec.decode(topic as TopicName, bytes)).toThrow(CodecError);
      await expect(resolver.ensureKnown(topic as TopicName, bytes)).rejects.toThrow(/schema id 1 is not in the schema registry/);
    });
  });

  it('registers a compatible v2 as version 2, writes with it, and still reads v1 records', async () => {
    const v1 = await openRegistrySchemaResolver({ url: stub.url });
    const v1Bytes = new AvroRecordCodec(v1).encode('data', EXAMPLE_DATA_EVENTS['delete-range']);

    const v2 = await openRegistrySchemaResolver({ url: stub.url, catalogue: withV2('data', DATA_V2_OK) });
    const codec = new AvroRecordCodec(v2);

    expect(stub.versionsOf('data-value')).toEqual([v1.writerSchema('data').id, v2.writerSchema('data').id]);
    expect(v2.writerSchema('data').version).toBe(2);
    expect(codec.decode('data', v1Bytes)).toEqual(EXAMPLE_DATA_EVENTS['delete-range']);
  });

  it('rejects an incompatible schema with a clear, non-retriable error and registers nothing of it', async () => {
    await openRegistrySchemaResolver({ url: stub.url });

    await expectRegistryError(openRegistrySchemaResolver({ url: stub.url, catalogue: withV2('data', DATA_V2_BAD) }), {
      retriable: false,
      status: 409,
      message: /cannot register data-value v2 as subject data-value .*incompatible/,
    });
    expect(stub.versionsOf('data-value')).toHaveLength(1);
  });

  it('learns a version registered later by a newer release when a record carries its id', async () => {
    const old = await openRegistrySchemaResolver({ url: stub.url });
    const oldCodec = new AvroRecordCodec(old);
    const newer = await openRegistrySchemaResolver({ url: stub.url, catalogue: withV2('data', DATA_V2_OK) });
    const bytes = new AvroRecordCodec(newer).encode('data', EXAMPLE_DATA_EVENTS['store-all-types-with-geo']);

    expect(() => oldCodec.decode('data', bytes)).toThrow(/unknown schema id/);
    const learned = await old.ensureKnown('data', bytes);

    expect(learned).toMatchObject({ subject: 'data-value', version: 2, id: newer.writerSchema('data').id });
    expect(old.ensureKnown('data', bytes)).toBeUndefined();
    expect(oldCodec.decode('data', bytes)).toEqual(EXAMPLE_DATA_EVENTS['store-all-types-with-geo']);
  });

  it('preloads a newer version that is already registered when it starts', async () => {
    const newer = await openRegistrySchemaResolver({ url: stub.url, catalogue: withV2('data', DATA_V2_OK) });
    const old = await openRegistrySchemaResolver({ url: stub.url });

    expect(old.schemaById(newer.writerSchema('data').id)).toMatchObject({ subject: 'data-value', version: 2 });
    expect(old.writerSchema('data').version).toBe(1);
  });

  it('refuses to learn an id the registry does not have, or one of another subject', async () => {
    const resolver = await openRegistrySchemaResolver({ url: stub.url });

    await expectRegistryError(resolver.refresh(4242, 'data'), { retriable: false, status: 404, message: /schema id 4242 is not in the schema registry/ });
    const other = await fetch(`${stub.url}/subjects/other-value/versions`, { method: 'POST', body: JSON.stringify({ schema: JSON.stringify(DATA_V2_BAD) }) });
    const otherId = ((await other.json()) as { id: number }).id;

    await expectRegistryError(resolver.refresh(otherId, 'data'), { retriable: false, message: new RegExp(`schema id ${otherId} is not a version of subject data-value`) });
    await expectRegistryError(resolver.refresh(resolver.writerSchema('metadata').id, 'data'), { retriable: false, message: /is a version of subject metadata-value, not of data-value/ });
  });

  it('does not change a subject configured with another compatibility level, and says so', async () => {
    await fetch(`${stub.url}/config/data-value`, { method: 'PUT', body: JSON.stringify({ compatibility: 'NONE' }) });

    await expectRegistryError(openRegistrySchemaResolver({ url: stub.url }), { retriable: false, message: /data-value.*BACKWARD != NONE/ });
    expect(stub.compatibilityOf('data-value')).toBe('NONE');
  });

  it('reports an unreachable registry as retriable', async () => {
    const url = stub.url;
    await stub.stop();
    stub = await SchemaRegistryStub.start();

    await expectRegistryError(openRegistrySchemaResolver({ url }), { retriable: true, message: /cannot register data-value v1 .*ECONNREFUSED/ });
  });

  it('`continuum schemas register` registers the configured topics and lists the ids', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'continuum-schemas-'));
    try {
      const lines = await schemasRegisterCommand({ registry: stub.url, dataDir });
      const again = await schemasRegisterCommand({ registry: stub.url, dataDir });

      expect(lines).toEqual([`schema registry ${stub.url}:`, '  data-value v1: id 100 (written by this release)', '  metadata-value v1: id 101 (written by this release)']);
      expect(again).toEqual(lines);
      await expect(schemasRegisterCommand({ dataDir })).rejects.toThrow(/--registry/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('schema registry stub: Confluent REST semantics', () => {
  let stub: SchemaRegistryStub;
  const schema = (fields: object[]) => JSON.stringify({ type: 'record', name: 'R', fields });
  const call = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${stub.url}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  beforeAll(async () => {
    stub = await SchemaRegistryStub.start();
  });
  afterAll(async () => {
    await stub.stop();
  });

  it.each<[string, string, string, object | undefined, number, object]>([
    ['an unknown subject', 'GET', '/subjects/nope/versions/latest', undefined, 404, { error_code: 40401, message: "Subject 'nope' not found." }],
    ['an unknown schema id', 'GET', '/schemas/ids/77', undefined, 404, { error_code: 40403, message: 'Schema 77 not found' }],
    ['a subject without its own level', 'GET', '/config/nope', undefined, 404, { error_code: 40408, message: "Subject 'nope' does not have subject-level compatibility configured" }],
    ['an invalid level', 'PUT', '/config/x', { compatibility: 'SIDEWAYS' }, 422, { error_code: 42203 }],
    ['an unparsable schema', 'POST', '/subjects/x/versions', { schema: '{"type":"record"' }, 422, { error_code: 42201 }],
  ])('answers %s like Confluent', async (_name, method, path, body, status, want) => {
    const got = await call(method, path, body);
    expect(got.status).toBe(status);
    expect(got.body).toMatchObject(want);
  });

  it('keeps global ids, versions per subject, and checks compatibility on request', async () => {
    const a = await call('POST', '/subjects/s1/versions', { schema: schema([{ name: 'a', type: 'int' }]) });
    const same = await call('POST', '/subjects/s2/versions', { schema: schema([{ name: 'a', type: 'int' }]) });
    const b = await call('POST', '/subjects/s1/versions', { schema: schema([{ name: 'a', type: 'int' }, { name: 'b', type: 'int', default: 0 }]) });
    const breaking = { schema: schema([{ name: 'c', type: 'int' }]) };

    expect(same.body).toEqual(a.body);
    expect(await call('GET', '/subjects/s1/versions', undefined)).toEqual({ status: 200, body: [1, 2] });
    expect((await call('GET', '/subjects/s1/versions/latest')).body).toMatchObject({ subject: 's1', version: 2, id: (b.body as { id: number }).id });
    expect((await call('POST', '/subjects/s1', { schema: schema([{ name: 'a', type: 'int' }]) })).body).toMatchObject({ version: 1 });
    expect(await call('POST', '/compatibility/subjects/s1/versions/latest', breaking)).toEqual({ status: 200, body: { is_compatible: false } });
    expect((await call('POST', '/subjects/s1/versions', breaking)).status).toBe(409);
  });
});
