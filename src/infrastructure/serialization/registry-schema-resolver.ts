import { SchemaRegistry, SchemaType, type COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import { TOPICS, type TopicName } from '../../../domain/ports/topics.js';
import { SCHEMA_CATALOGUE, type AvroSchema, type SchemaTopic, type SchemaVersion, type SubjectSchemas } from '../../../schemas/index.js';
import { readFrame } from './confluent-framing.js';
import { RegistryHttp } from './registry-http.js';
import { asRegistryError, SchemaRegistryError } from './schema-registry-error.js';
import type { SchemaResolver } from './schema-resolver.js';

/** Compatibility levels the resolver can set on its subjects (Confluent's names). */
export type RegistryCompatibility = `${COMPATIBILITY}`;

export interface RegistrySchemaResolverOptions {
  /** Base URL of the registry, e.g. `http://schema-registry:8081` (config `kafka.schema.registry.url`). */
  readonly url: string;
  /** The Kafka topic of each logical topic (config `ingress.kafka.data.topic`, …); subjects are `<topic>-value`. Default: the logical names. */
  readonly topics?: Partial<Readonly<Record<TopicName, string>>>;
  /** Compatibility level of the subjects. @default 'BACKWARD' (issue 4). */
  readonly compatibility?: RegistryCompatibility;
  /** The schema versions to register. @default SCHEMA_CATALOGUE (tests pass other catalogues). */
  readonly catalogue?: { readonly [T in SchemaTopic]: SubjectSchemas };
}

/** One schema version as the registry knows it: what `continuum schemas register` prints. */
export interface RegisteredSchema {
  readonly topic: TopicName;
  readonly subject: string;
  /** The catalogue's release version, or the registry's version for a schema registered by another release. */
  readonly version: number;
  readonly id: number;
  /** True for the version this process writes with. */
  readonly writer: boolean;
}

/**
 * The codec's SchemaResolver backed by a Confluent Schema Registry (issue 4, point 3). Build it with
 * openRegistrySchemaResolver, which registers the catalogue (schemas/index.ts) and preloads every id, so
 * that the synchronous AvroRecordCodec encodes with the registry's id of the latest catalogue version
 * and decodes, by the id in each record, any version this release knows, resolved to the latest reader.
 *
 * A record whose id is unknown here (written by a newer release that registered a new version after this
 * process started) makes `codec.decode` throw CodecError "unknown schema id". A consumer SHOULD call
 * `ensureKnown(topic, value)` before decoding (it returns undefined, without allocating, when the id is
 * known, else a promise that fetches the schema from the registry), then decode. Ids that are not a
 * version of the topic's subject are rejected with a non-retriable SchemaRegistryError.
 */
export class RegistrySchemaResolver implements SchemaResolver {
  private readonly writers = new Map<TopicName, SchemaVersion>();
  private readonly byId = new Map<number, SchemaVersion>();
  private readonly topicOfId = new Map<number, TopicName>();
  private readonly pending = new Map<number, Promise<SchemaVersion>>();
  private readonly http: RegistryHttp;

  /** @internal Use openRegistrySchemaResolver. */
  constructor(
    private readonly registry: SchemaRegistry,
    readonly url: string,
    private readonly subjects: Readonly<Record<TopicName, string>>,
  ) {
    this.http = new RegistryHttp(url);
  }

  writerSchema(topic: TopicName): SchemaVersion {
    const writer = this.writers.get(topic);
    if (writer === undefined) throw new SchemaRegistryError(`BUG: no schema registered for topic ${topic}`, { retriable: false });
    return writer;
  }

  schemaById(id: number): SchemaVersion | undefined {
    return this.byId.get(id);
  }

  /** The subject (`<topic>-value`) of a logical topic. */
  subjectOf(topic: TopicName): string {
    return this.subjects[topic];
  }

  /**
   * Undefined when the schema id of the record value `bytes` is known (decode at once), else a promise
   * that fetches it (refresh). Throws CodecError for bytes that are not in the Confluent wire format.
   */
  ensureKnown(topic: TopicName, bytes: Uint8Array): Promise<SchemaVersion> | undefined {
    const { schemaId } = readFrame(bytes);
    return this.byId.has(schemaId) ? undefined : this.refresh(schemaId, topic);
  }

  /**
   * Fetches schema id `id` from the registry and makes it known, checking that it is a version of the
   * subject of `topic`. Concurrent calls for one id share one request. Rejects with SchemaRegistryError:
   * retriable when the registry could not be reached, not when it has no such id or the id belongs to
   * another subject.
   */
  refresh(id: number, topic: TopicName): Promise<SchemaVersion> {
    const known = this.byId.get(id);
    if (known !== undefined) {
      if (this.topicOfId.get(id) === topic) return Promise.resolve(known);
      return Promise.reject(new SchemaRegistryError(`cannot decode a ${topic} record: schema id ${id} is a version of subject ${known.subject}, not of ${this.subjects[topic]}`, { retriable: false }));
    }
    let p = this.pending.get(id);
    if (p === undefined) {
      p = this.fetch(id, topic).finally(() => this.pending.delete(id));
      this.pending.set(id, p);
    }
    return p;
  }

  /** Every schema known here, oldest first per topic. */
  known(): RegisteredSchema[] {
    const out: RegisteredSchema[] = [];
    for (const [id, v] of this.byId) {
      const topic = this.topicOfId.get(id) as TopicName;
      out.push({ topic, subject: v.subject, version: v.version, id, writer: this.writers.get(topic)?.id === id });
    }
    return out;
  }

  /** @internal Registers one catalogue version (oldest first) and records its id. */
  async register(topic: TopicName, version: SchemaVersion, compatibility: RegistryCompatibility): Promise<SchemaVersion> {
    const subject = this.subjects[topic];
    let id: number;
    try {
      ({ id } = await this.registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(version.schema) }, { subject, compatibility: compatibility as COMPATIBILITY }));
    } catch (err) {
      throw asRegistryError(err, `cannot register ${version.subject} v${version.version} as subject ${subject} in the schema registry at ${this.url}`);
    }
    const registered: SchemaVersion = { subject, version: version.version, id, schema: version.schema };
    this.remember(topic, registered);
    this.writers.set(topic, registered);
    return registered;
  }

  /** @internal Preloads the subject's latest version when another (newer) release registered it. */
  async preloadLatest(topic: TopicName): Promise<void> {
    const latest = await this.http.latest(this.subjects[topic]);
    if (latest === undefined || this.byId.has(latest.id)) return;
    this.remember(topic, { subject: latest.subject, version: latest.version, id: latest.id, schema: parseSchema(latest.schema, latest.id) });
  }

  private async fetch(id: number, topic: TopicName): Promise<SchemaVersion> {
    const subject = this.subjects[topic];
    const text = await this.http.schemaString(id);
    if (text === undefined) throw new SchemaRegistryError(`cannot decode a ${topic} record: schema id ${id} is not in the schema registry at ${this.url}`, { retriable: false, status: 404 });
    const found = await this.http.lookUp(subject, text);
    if (found?.id !== id) {
      const why = found === undefined ? 'the subject does not hold it' : `the subject has that schema under id ${found.id}`;
      throw new SchemaRegistryError(`cannot decode a ${topic} record: schema id ${id} is not a version of subject ${subject} in the schema registry at ${this.url} (${why})`, { retriable: false });
    }
    const schema: SchemaVersion = { subject, version: found.version, id, schema: parseSchema(text, id) };
    this.remember(topic, schema);
    return schema;
  }

  private remember(topic: TopicName, version: SchemaVersion): void {
    this.byId.set(version.id, version);
    this.topicOfId.set(version.id, topic);
  }
}

function parseSchema(text: string, id: number): AvroSchema {
  try {
    return JSON.parse(text) as AvroSchema;
  } catch (err) {
    throw new SchemaRegistryError(`cannot read schema id ${id}: it is not JSON`, { retriable: false, cause: err });
  }
}

/**
 * Connects to the registry at `options.url`, sets the compatibility level of the subjects
 * `<topic>-value` (BACKWARD unless told otherwise; a subject already configured with another level is
 * an error naming it, never silently changed), registers every catalogue version oldest first (a version
 * already there keeps its id: registering is idempotent), and preloads the latest version of each
 * subject. Rejects with SchemaRegistryError; an incompatible schema is never registered (409).
 */
export async function openRegistrySchemaResolver(options: RegistrySchemaResolverOptions): Promise<RegistrySchemaResolver> {
  const catalogue = options.catalogue ?? SCHEMA_CATALOGUE;
  const compatibility = options.compatibility ?? 'BACKWARD';
  const subjects = Object.fromEntries(TOPICS.map((t) => [t, `${options.topics?.[t] ?? t}-value`])) as Record<TopicName, string>;
  const registry = new SchemaRegistry({ host: options.url, clientId: 'continuum', retry: { retries: 2, maxRetryTimeInSecs: 2 } });
  const resolver = new RegistrySchemaResolver(registry, options.url, subjects);
  for (const topic of TOPICS) {
    const versions = catalogue[topic].versions;
    if (versions.length === 0) throw new SchemaRegistryError(`BUG: the catalogue has no schema for topic ${topic}`, { retriable: false });
    for (const version of versions) await resolver.register(topic, version, compatibility);
    await resolver.preloadLatest(topic);
  }
  return resolver;
}
