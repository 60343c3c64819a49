import avro from 'avsc';
import { TOPICS } from '../domain/ports/topics.js';
import { SCHEMA_CATALOGUE, allSchemaVersions, latestSchema, schemaVersionById, type AvroSchema, type SchemaTopic } from './index.js';

/** Checks the catalogue obeys the rules of README.md; plain avsc, so longs are parsed as numbers here. */
const typeOf = (schema: AvroSchema): avro.Type => avro.Type.forSchema(schema as unknown as avro.Schema);

describe('schema catalogue', () => {
  it('has a subject for every topic of the log, named <topic>-value', () => {
    expect(Object.keys(SCHEMA_CATALOGUE).sort()).toEqual([...TOPICS].sort());
    for (const topic of TOPICS) expect(SCHEMA_CATALOGUE[topic]).toMatchObject({ topic, subject: `${topic}-value` });
  });

  it('gives every version a distinct id across subjects', () => {
    const ids = allSchemaVersions().map((v) => v.id);

    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(Object.values(SCHEMA_CATALOGUE).map((s) => [s.subject, s] as const))('numbers the versions of %s 1, 2, ... in order', (_s, subject) => {
    expect(subject.versions.map((v) => v.version)).toEqual(subject.versions.map((_v, i) => i + 1));
    expect(subject.versions.every((v) => v.subject === subject.subject)).toBe(true);
  });

  it.each(TOPICS)('keeps the record name and namespace of every %s version (readers match records by full name)', (topic) => {
    const names = SCHEMA_CATALOGUE[topic].versions.map((v) => `${v.schema['namespace']}.${v.schema['name']}`);

    expect(new Set(names)).toEqual(new Set([names[0]]));
  });

  it.each(allSchemaVersions().map((v) => [`${v.subject} v${v.version}`, v] as const))(
    'the latest reader can resolve %s (BACKWARD compatibility)',
    (_label, version) => {
      const subject = Object.values(SCHEMA_CATALOGUE).find((s) => s.subject === version.subject);
      const reader = typeOf(latestSchema(subject?.topic as SchemaTopic).schema);

      expect(() => reader.createResolver(typeOf(version.schema))).not.toThrow();
    },
  );

  it('finds a version by its id, and nothing for an unknown id', () => {
    expect(schemaVersionById(latestSchema('metadata').id)).toBe(latestSchema('metadata'));
    expect(schemaVersionById(0)).toBeUndefined();
  });

  it('is frozen, so that no caller can change a schema at run time', () => {
    const schema = latestSchema('data').schema;

    expect(Object.isFrozen(schema)).toBe(true);
    expect(Object.isFrozen((schema['fields'] as object[])[0])).toBe(true);
  });
});
