import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainEvent } from '../domain/events/plain-event.fixture.js';
import { AvroRecordCodec } from '../src/infrastructure/serialization/avro-codec.js';
import { readFrame } from '../src/infrastructure/serialization/confluent-framing.js';
import { toJsonValue } from '../src/infrastructure/serialization/event-json.js';
import { EXAMPLE_DATA_EVENTS, EXAMPLE_METADATA_EVENTS } from '../src/infrastructure/serialization/example-events.js';
import { SCHEMA_CATALOGUE, allSchemaVersions, latestSchema, type SchemaTopic } from './index.js';

/**
 * Golden files: `golden/<subject>/v<N>/<case>.bin` holds the exact record value (Confluent framing)
 * that the writer of version N produced, `<case>.json` the event it decodes to (event-json.ts view).
 * Every .bin is decoded with the current codec forever. The current writer must still produce the
 * golden bytes of the latest versions byte for byte.
 *
 * Missing files of the latest versions are written by `WRITE_GOLDEN=1 npx jest schemas/golden`;
 * existing files are never overwritten (released bytes are frozen; see README.md).
 */
const GOLDEN = join(__dirname, 'golden');
const WRITE = process.env.WRITE_GOLDEN === '1';
const codec = new AvroRecordCodec();

const CURRENT_CASES: { readonly [T in SchemaTopic]: Readonly<Record<string, object>> } = {
  data: EXAMPLE_DATA_EVENTS,
  metadata: EXAMPLE_METADATA_EVENTS,
};

function versionDir(subject: string, version: number): string {
  return join(GOLDEN, subject, `v${version}`);
}

function topicOfSubject(subject: string): SchemaTopic {
  const entry = Object.values(SCHEMA_CATALOGUE).find((s) => s.subject === subject);
  if (entry === undefined) throw new Error(`golden folder ${subject} is not a subject of the catalogue`);
  return entry.topic;
}

interface GoldenFile {
  readonly name: string;
  readonly topic: SchemaTopic;
  readonly version: number;
  readonly bin: string;
  readonly json: string;
}

function goldenFiles(): GoldenFile[] {
  const out: GoldenFile[] = [];
  if (!existsSync(GOLDEN)) return out;
  for (const subject of readdirSync(GOLDEN)) {
    for (const dir of readdirSync(join(GOLDEN, subject))) {
      const version = Number(dir.slice(1));
      for (const file of readdirSync(join(GOLDEN, subject, dir)).filter((f) => f.endsWith('.bin'))) {
        const base = join(GOLDEN, subject, dir, file.slice(0, -4));
        out.push({ name: `${subject}/${dir}/${file}`, topic: topicOfSubject(subject), version, bin: `${base}.bin`, json: `${base}.json` });
      }
    }
  }
  return out;
}

function writeMissing(topic: SchemaTopic, name: string, event: object): void {
  const latest = latestSchema(topic);
  const dir = versionDir(latest.subject, latest.version);
  const bin = join(dir, `${name}.bin`);
  if (existsSync(bin)) return;
  mkdirSync(dir, { recursive: true });
  const bytes = codec.encode(topic, event as never);
  writeFileSync(bin, bytes);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(toJsonValue(plainEvent(codec.decode(topic, bytes))), null, 2)}\n`);
}

if (WRITE) {
  for (const topic of Object.keys(CURRENT_CASES) as SchemaTopic[]) {
    for (const [name, event] of Object.entries(CURRENT_CASES[topic])) writeMissing(topic, name, event);
  }
}

describe('golden files', () => {
  it.each(allSchemaVersions().map((v) => [`${v.subject} v${v.version}`, v.subject, v.version] as const))(
    'every released version has golden files: %s',
    (_label, subject, version) => {
      const dir = versionDir(subject, version);
      expect(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')) : []).not.toHaveLength(0);
    },
  );

  it.each(goldenFiles().map((g) => [g.name, g] as const))('%s decodes to its .json with the current codec', (_name, golden) => {
    const bytes = new Uint8Array(readFileSync(golden.bin));
    const expected = JSON.parse(readFileSync(golden.json, 'utf8'));

    const { schemaId } = readFrame(bytes);
    const version = SCHEMA_CATALOGUE[golden.topic].versions.find((v) => v.version === golden.version);

    expect(schemaId).toBe(version?.id);
    expect(toJsonValue(plainEvent(codec.decode(golden.topic, bytes)))).toEqual(expected);
  });

  const current = (Object.keys(CURRENT_CASES) as SchemaTopic[]).flatMap((topic) =>
    Object.entries(CURRENT_CASES[topic]).map(([name, event]) => [`${latestSchema(topic).subject}/${name}`, topic, name, event] as const),
  );
  it.each(current)('the current writer still produces %s byte for byte', (_label, topic, name, event) => {
    const latest = latestSchema(topic);
    const bin = join(versionDir(latest.subject, latest.version), `${name}.bin`);
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run WRITE_GOLDEN=1 npx jest schemas/golden`);

    expect(Buffer.from(codec.encode(topic, event as never)).toString('hex')).toBe(readFileSync(bin).toString('hex'));
  });
});
