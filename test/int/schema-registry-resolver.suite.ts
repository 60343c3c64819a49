import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopicName } from '../../domain/ports/topics.js';
import { SCHEMA_CATALOGUE, type AvroSchema, type SchemaTopic, type SubjectSchemas } from '../../schemas/index.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { readFrame, writeHeader } from '../../src/infrastructure/serialization/confluent-framing.js';
import { toJsonValue } from '../../src/infrastructure/serialization/event-json.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from '../../src/infrastructure/serialization/example-events.js';
import { openRegistrySchemaResolver, type RegistrySchemaResolver } from '../../src/infrastructure/serialization/registry-schema-resolver.js';
import { SchemaRegistryError } from '../../src/infrastructure/serialization/schema-registry-error.js';
import { plainEvent } from '../../domain/events/plain-event.fixture.js';

/**
 * What the registry-backed SchemaResolver must do against any Confluent-compatible registry: run from
 * test/int/schema-registry.spec.ts (in-test stub) and test/int/schema-registry-containers.spec.ts (Confluent's
 * image). Every test uses its own topic names, so subjects are fresh even on a shared registry.
 */
const GOLDEN = join(__dirname, '../../schemas/golden');
const TOPICS: readonly SchemaTopic[] = ['data', 'metadata'];
let cells = 0;

/** Fresh topic names (hence subjects) for one test. */
export function uniqueTopics(): { data: string; metadata: string } {
  const cell = `c${process.pid}x${Date.now().toString(36)}x${++cells}`;
  return { data: `${cell}-data`, metadata: `${cell}-metadata` };
}

/** The real catalogue plus a v2 of one topic (the catalogue's own ids play no part with a registry). */
export function withV2(topic: SchemaTopic, schema: AvroSchema): { readonly [T in SchemaTopic]: SubjectSchemas } {
  const base = SCHEMA_CATALOGUE[topic];
  return { ...SCHEMA_CATALOGUE, [topic]: { ...base, versions: [...base.versions, { subject: base.subject, version: 2, id: 999, schema }] } };
}

function addField(topic: SchemaTopic, field: object): AvroSchema {
  const v1 = SCHEMA_CATALOGUE[topic].versions[0].schema;
  return { ...v1, fields: [...(v1['fields'] as object[]), field] };
}

/** A compatible v2 (an optional field) and an incompatible one (a required field v1 data lacks). */
export const DATA_V2_OK = addField('data', { name: 'deletionMinAge', type: ['null', 'long'], default: null });
export const DATA_V2_BAD = addField('data', { name: 'shard', type: 'int' });

/** Every golden record: name, topic, catalogue version, bytes, expected event (event-json view). */
export function goldenFiles(): Array<[string, SchemaTopic, number, Uint8Array, unknown]> {
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
export function reframed(bytes: Uint8Array, schemaId: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  writeHeader(out, schemaId);
  return out;
}

export async function expectRegistryError(p: Promise<unknown>, want: { retriable: boolean; status?: number; message: RegExp }): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SchemaRegistryError);
  const e = err as SchemaRegistryError;
  expect({ retriable: e.retriable, status: e.status }).toEqual({ retriable: want.retriable, status: want.status });
  expect(e.message).toMatch(want.message);
}

/** The ids of a subject's versions, in version order, read through the REST API. */
export async function versionIds(url: string, subject: string): Promise<number[]> {
  const res = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`);
  if (res.status === 404) return [];
  const versions = (await res.json()) as number[];
  const ids: number[] = [];
  for (const v of versions) ids.push(((await (await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions/${v}`)).json()) as { id: number }).id);
  return ids;
}

/** The subject's own compatibility level, or undefined. */
export async function compatibilityOf(url: string, subject: string): Promise<string | undefined> {
  const res = await fetch(`${url}/config/${encodeURIComponent(subject)}`);
  return res.status === 404 ? undefined : ((await res.json()) as { compatibilityLevel: string }).compatibilityLevel;
}

/** The resolver's behaviour against the registry at `registryUrl()` (read when each test runs). */
export function schemaRegistryResolverSuite(registryUrl: () => string): void {
  describe('registry-backed SchemaResolver', () => {
    it('registers every catalogue version under <topic>-value with compatibility BACKWARD and writes with the registry ids', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const resolver = await openRegistrySchemaResolver({ url, topics });

      for (const topic of TOPICS) {
        const subject = `${topics[topic]}-value`;
        expect(resolver.writerSchema(topic).subject).toBe(subject);
        expect(await versionIds(url, subject)).toEqual([resolver.writerSchema(topic).id]);
        expect(await compatibilityOf(url, subject)).toBe('BACKWARD');
      }
      expect(readFrame(new AvroRecordCodec(resolver).encode('data', EXAMPLE_DATA_EVENTS['store-longs'])).schemaId).toBe(resolver.writerSchema('data').id);
    });

    it('reuses the ids of schemas already registered: a second start and another cell get the same ids, no new version', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const first = await openRegistrySchemaResolver({ url, topics });
      const again = await openRegistrySchemaResolver({ url, topics });
      const otherCell = await openRegistrySchemaResolver({ url, topics: uniqueTopics() });

      for (const topic of TOPICS) {
        expect(again.writerSchema(topic).id).toBe(first.writerSchema(topic).id);
        expect(otherCell.writerSchema(topic).id).toBe(first.writerSchema(topic).id);
      }
      expect(await versionIds(url, `${topics.data}-value`)).toHaveLength(1);
    });

    describe('decoding through the registry path', () => {
      let resolver: RegistrySchemaResolver;
      let codec: AvroRecordCodec;
      beforeAll(async () => {
        resolver = await openRegistrySchemaResolver({ url: registryUrl(), topics: uniqueTopics() });
        codec = new AvroRecordCodec(resolver);
      });

      it.each(goldenFiles())('decodes the golden record %s framed with its registry id', (_name, topic, version, bytes, expected) => {
        const registryId = resolver.known().find((k) => k.topic === topic && k.version === version)?.id;
        expect(registryId).toBeDefined();
        expect(toJsonValue(plainEvent(codec.decode(topic as TopicName, reframed(bytes, registryId as number))))).toEqual(expected);
      });

      it.each(Object.entries(EXAMPLE_METADATA_EVENTS))('round-trips the metadata event %s', (_name, event) => {
        expect(codec.decode('metadata', codec.encode('metadata', event))).toEqual(event);
      });
    });

    it('registers a compatible v2 as version 2, writes with it, and still reads v1 records', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const v1 = await openRegistrySchemaResolver({ url, topics });
      const v1Bytes = new AvroRecordCodec(v1).encode('data', EXAMPLE_DATA_EVENTS['delete-range']);

      const v2 = await openRegistrySchemaResolver({ url, topics, catalogue: withV2('data', DATA_V2_OK) });

      expect(await versionIds(url, `${topics.data}-value`)).toEqual([v1.writerSchema('data').id, v2.writerSchema('data').id]);
      expect(v2.writerSchema('data').version).toBe(2);
      expect(new AvroRecordCodec(v2).decode('data', v1Bytes)).toEqual(EXAMPLE_DATA_EVENTS['delete-range']);
    });

    it('rejects an incompatible schema with a clear, non-retriable error and registers nothing of it', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      await openRegistrySchemaResolver({ url, topics });

      await expectRegistryError(openRegistrySchemaResolver({ url, topics, catalogue: withV2('data', DATA_V2_BAD) }), {
        retriable: false,
        status: 409,
        message: new RegExp(`cannot register data-value v2 as subject ${topics.data}-value .*incompatible`),
      });
      expect(await versionIds(url, `${topics.data}-value`)).toHaveLength(1);
    });

    it('learns a version registered later by a newer release when a record carries its id', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const old = await openRegistrySchemaResolver({ url, topics });
      const oldCodec = new AvroRecordCodec(old);
      const newer = await openRegistrySchemaResolver({ url, topics, catalogue: withV2('data', DATA_V2_OK) });
      const bytes = new AvroRecordCodec(newer).encode('data', EXAMPLE_DATA_EVENTS['store-all-types-with-geo']);

      expect(() => oldCodec.decode('data', bytes)).toThrow(/unknown schema id/);
      const learned = await old.ensureKnown('data', bytes);

      expect(learned).toMatchObject({ subject: `${topics.data}-value`, version: 2, id: newer.writerSchema('data').id });
      expect(old.ensureKnown('data', bytes)).toBeUndefined();
      expect(oldCodec.decode('data', bytes)).toEqual(EXAMPLE_DATA_EVENTS['store-all-types-with-geo']);
    });

    it('preloads a newer version that is already registered when it starts', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const newer = await openRegistrySchemaResolver({ url, topics, catalogue: withV2('data', DATA_V2_OK) });
      const old = await openRegistrySchemaResolver({ url, topics });

      expect(old.schemaById(newer.writerSchema('data').id)).toMatchObject({ subject: `${topics.data}-value`, version: 2 });
      expect(old.writerSchema('data').version).toBe(1);
    });

    it('refuses to learn an id the registry does not have, or one of another subject', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const resolver = await openRegistrySchemaResolver({ url, topics });
      const other = await fetch(`${url}/subjects/${uniqueTopics().data}-value/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
        body: JSON.stringify({ schema: JSON.stringify(DATA_V2_BAD) }),
      });
      const otherId = ((await other.json()) as { id: number }).id;
      const subject = `${topics.data}-value`;

      await expectRegistryError(resolver.refresh(987654, 'data'), { retriable: false, status: 404, message: /schema id 987654 is not in the schema registry/ });
      await expectRegistryError(resolver.refresh(otherId, 'data'), { retriable: false, message: new RegExp(`schema id ${otherId} is not a version of subject ${subject}`) });
      await expectRegistryError(resolver.refresh(resolver.writerSchema('metadata').id, 'data'), { retriable: false, message: new RegExp(`is a version of subject ${topics.metadata}-value, not of ${subject}`) });
    });

    it('does not change a subject configured with another compatibility level, and says so', async () => {
      const url = registryUrl();
      const topics = uniqueTopics();
      const subject = `${topics.data}-value`;
      await fetch(`${url}/config/${subject}`, { method: 'PUT', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ compatibility: 'NONE' }) });

      await expectRegistryError(openRegistrySchemaResolver({ url, topics }), { retriable: false, message: new RegExp(`${subject}.*BACKWARD != NONE`) });
      expect(await compatibilityOf(url, subject)).toBe('NONE');
    });
  });
}
