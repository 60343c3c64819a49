import type { TopicName } from '../../../domain/ports/topics.js';
import { latestSchema, schemaVersionById, type SchemaVersion } from '../../../schemas/index.js';

/**
 * Where the Avro codec finds schemas: the one to write a topic with, and the one a record's embedded
 * id names. The codec is synchronous, so an implementation MUST answer from memory: a Schema Registry
 * resolver registers (or looks up) every catalogue version at boot and keeps the ids the registry
 * assigned, so that any id a writer of a released version used is known before the first decode.
 */
export interface SchemaResolver {
  /** The schema new records of `topic` are written with (the catalogue's latest version), with its id. */
  writerSchema(topic: TopicName): SchemaVersion;
  /** The schema registered under `id`, or undefined when the id is unknown. */
  schemaById(id: number): SchemaVersion | undefined;
}

/** Standalone: the ids embedded in the catalogue (schemas/index.ts); no registry. */
export class CatalogueSchemaResolver implements SchemaResolver {
  writerSchema(topic: TopicName): SchemaVersion {
    return latestSchema(topic);
  }

  schemaById(id: number): SchemaVersion | undefined {
    return schemaVersionById(id);
  }
}
