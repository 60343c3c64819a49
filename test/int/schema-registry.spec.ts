import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TopicName } from '../../domain/ports/topics.js';
import { schemasRegisterCommand } from '../../src/cli/schemas.command.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { CodecError } from '../../src/infrastructure/serialization/codec-error.js';
import { readFrame } from '../../src/infrastructure/serialization/confluent-framing.js';
import { openRegistrySchemaResolver } from '../../src/infrastructure/serialization/registry-schema-resolver.js';
import { SchemaRegistryStub } from '../harness/schema-registry-stub.js';
import { expectRegistryError, goldenFiles, schemaRegistryResolverSuite } from './schema-registry-resolver.suite.js';

// The registry client against an in-test server implementing the documented REST subset
// (test/harness/schema-registry-stub.ts); the same suite runs against Confluent's image in
// schema-registry-containers.spec.ts. Ids start at 100 here, so no registry id equals a catalogue id.
describe('schema registry (in-test Confluent-compatible server)', () => {
  let stub: SchemaRegistryStub;
  beforeAll(async () => {
    stub = await SchemaRegistryStub.start({ firstId: 100 });
  });
  afterAll(async () => {
    await stub.stop();
  });

  schemaRegistryResolverSuite(() => stub.url);

  it('writes with the ids the registry assigned, not the catalogue ids, and refuses a catalogue id it never assigned', async () => {
    const resolver = await openRegistrySchemaResolver({ url: stub.url });
    const codec = new AvroRecordCodec(resolver);
    const [, topic, , bytes] = goldenFiles()[0];

    expect(resolver.writerSchema('data').id).toBeGreaterThanOrEqual(100);
    expect(stub.versionsOf('data-value')).toEqual([resolver.writerSchema('data').id]);
    expect(readFrame(bytes).schemaId).toBeLessThan(100);
    expect(() => codec.decode(topic as TopicName, bytes)).toThrow(CodecError);
    await expect(resolver.ensureKnown(topic as TopicName, bytes)).rejects.toThrow(new RegExp(`schema id ${readFrame(bytes).schemaId} is not in the schema registry`));
  });

  it('reports an unreachable registry as retriable', async () => {
    const gone = await SchemaRegistryStub.start();
    const url = gone.url;
    await gone.stop();

    await expectRegistryError(openRegistrySchemaResolver({ url }), { retriable: true, message: /cannot register data-value v1 .*ECONNREFUSED/ });
  });

  it('`continuum schemas register` registers the configured topics, idempotently, and lists the ids', async () => {
    const fresh = await SchemaRegistryStub.start({ firstId: 100 });
    const dataDir = mkdtempSync(join(tmpdir(), 'continuum-schemas-'));
    try {
      const lines = await schemasRegisterCommand({ registry: fresh.url, dataDir });
      const again = await schemasRegisterCommand({ registry: fresh.url, dataDir });

      expect(lines).toEqual([`schema registry ${fresh.url}:`, '  data-value v1: id 100 (written by this release)', '  metadata-value v1: id 101 (written by this release)']);
      expect(again).toEqual(lines);
      expect(fresh.versionsOf('data-value')).toEqual([100]);
      await expect(schemasRegisterCommand({ dataDir })).rejects.toThrow(/--registry/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await fresh.stop();
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
