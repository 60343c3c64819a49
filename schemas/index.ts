import dataMessageV1 from './avro/data-message.v1.avsc.json' with { type: 'json' };
import metadataMessageV1 from './avro/metadata-message.v1.avsc.json' with { type: 'json' };

/**
 * The wire contract's catalogue: for each logical topic, its subject (`<topic>-value`, the Confluent
 * TopicNameStrategy) and every released schema version, oldest first. Evolution rules: README.md.
 *
 * The schemas are JSON files imported with `with { type: 'json' }`: the ESM build keeps the import
 * attribute (Node loads the copied `.json`), and Jest's CommonJS transform turns it into a `require`.
 * This module imports nothing outside `schemas/`.
 */

/** An Avro schema as parsed JSON. */
export type AvroSchema = Readonly<Record<string, unknown>>;

/** The logical topics that have a schema (the same names as `TopicName` in domain/ports/topics.ts). */
export type SchemaTopic = 'data' | 'metadata';

/** One released version of a subject. */
export interface SchemaVersion {
  readonly subject: string;
  /** 1, 2, ... in release order; never reused. */
  readonly version: number;
  /**
   * The schema id written after the magic byte when no registry is used (standalone). Unique across
   * all subjects, never reused. With a Confluent Schema Registry the registry's ids are used instead.
   */
  readonly id: number;
  readonly schema: AvroSchema;
}

export interface SubjectSchemas {
  readonly topic: SchemaTopic;
  readonly subject: string;
  /** Oldest first; the last one is the writer and reader schema of the current code. */
  readonly versions: readonly SchemaVersion[];
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function subject(topic: SchemaTopic, versions: ReadonlyArray<{ id: number; schema: object }>): SubjectSchemas {
  const name = `${topic}-value`;
  return deepFreeze({
    topic,
    subject: name,
    versions: versions.map((v, i) => ({ subject: name, version: i + 1, id: v.id, schema: v.schema as AvroSchema })),
  });
}

/**
 * Append a version here when a schema changes (and never edit a released one). Ids: take the next
 * unused integer across all subjects.
 */
export const SCHEMA_CATALOGUE: { readonly [T in SchemaTopic]: SubjectSchemas } = Object.freeze({
  data: subject('data', [{ id: 1, schema: dataMessageV1 }]),
  metadata: subject('metadata', [{ id: 2, schema: metadataMessageV1 }]),
});

/** The version new records of `topic` are written with, and that readers resolve every version to. */
export function latestSchema(topic: SchemaTopic): SchemaVersion {
  const versions = SCHEMA_CATALOGUE[topic].versions;
  return versions[versions.length - 1];
}

/** Every released version of every subject. */
export function allSchemaVersions(): readonly SchemaVersion[] {
  return Object.values(SCHEMA_CATALOGUE).flatMap((s) => s.versions);
}

/** The released version that has this embedded id, if any. */
export function schemaVersionById(id: number): SchemaVersion | undefined {
  return allSchemaVersions().find((v) => v.id === id);
}
