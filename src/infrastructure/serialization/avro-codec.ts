import type avro from 'avsc';
import { ByteWriter } from '../../../domain/datapoints/byte-writer.js';
import { encodeChunkInto, encodeColumnsInto } from '../../../domain/datapoints/chunk-codec.js';
import { storedFromChunk, type DataEvent, type DatapointsStored } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import { TOPICS, type TopicEvents, type TopicName } from '../../../domain/ports/topics.js';
import { SCHEMA_CATALOGUE, type SchemaVersion } from '../../../schemas/index.js';
import { avroTypeFor } from './avro-types.js';
import { AvroWriter } from './avro-writer.js';
import { CodecError } from './codec-error.js';
import { HEADER_LENGTH, readFrame, writeHeader } from './confluent-framing.js';
import { dataEventToRecord, dataRecordToEvent, type DataMessageRecord } from './data-message.mapping.js';
import { readMetadataMessageV1, readStoreMessageV1 } from './message-readers.js';
import { writeMetadataMessageV1, writeStoreMessageV1 } from './message-writers.js';
import { metadataEventToRecord, metadataRecordToEvent, type MetadataMessageRecord } from './metadata-message.mapping.js';
import type { Echo, RecordCodec } from './record-codec.js';
import { CatalogueSchemaResolver, type SchemaResolver } from './schema-resolver.js';

interface Mapping<E> {
  toRecord(event: E): object;
  fromRecord(record: never): E;
}

const MAPPINGS: { readonly [T in TopicName]: Mapping<TopicEvents[T]> } = {
  data: { toRecord: dataEventToRecord, fromRecord: (r: DataMessageRecord) => dataRecordToEvent(r) },
  metadata: { toRecord: metadataEventToRecord, fromRecord: (r: MetadataMessageRecord) => metadataRecordToEvent(r) },
};

interface Writer {
  readonly version: SchemaVersion;
  readonly type: avro.Type;
  /** The writer schema is the one the hand-written writer of the topic implements (message-writers.ts). */
  readonly handWritten: boolean;
  /** The records' Confluent header, written once (undefined for an id writeHeader refuses: it throws on each encode). */
  readonly header: Uint8Array | undefined;
}

/** The 5-byte header of records written with schema `id`, or undefined when writeHeader refuses the id. */
function headerOf(id: number): Uint8Array | undefined {
  const header = new Uint8Array(HEADER_LENGTH);
  try {
    writeHeader(header, id);
  } catch {
    return undefined;
  }
  return header;
}

/** The schema versions message-writers.ts writes by hand. */
const HAND_WRITTEN: { readonly [T in TopicName]: SchemaVersion } = { data: SCHEMA_CATALOGUE.data.versions[0], metadata: SCHEMA_CATALOGUE.metadata.versions[0] };

// The chunk of the STORE record being written (encode is synchronous); dropped after one past MAX_RETAINED.
const chunkWriter = new ByteWriter(4096);
const MAX_RETAINED = 1 << 20;

/** A STORE record's body written by hand: the length of its chunk; -1 (nothing written) for another event (avsc writes it). */
function writeData(out: AvroWriter, event: DataEvent): number {
  if (event.type !== 'DatapointsStored') return -1;
  const w = chunkWriter;
  w.reset();
  // Events from ingest hold their points in columns: encoded from there, no Datapoint is built.
  const c = event.columns;
  if (c !== undefined) encodeColumnsInto(c.columns, c.from, c.to, w);
  else encodeChunkInto(event.points, w);
  writeStoreMessageV1(out, event, w.buf, w.pos);
  const chunkLength = w.pos;
  w.shrink(MAX_RETAINED);
  return chunkLength;
}

/** What follows the chunk in a STORE body written by hand: deletionStart and deletionEnd null, no attributes. */
const STORE_TRAILER_BYTES = 3;
/** The longest `bytes` readStoreMessageV1 reads (a length of at most 4 varint bytes); avsc reads longer ones. */
const HAND_READ_MAX_BYTES = 2 ** 27 - 1;

/**
 * The echo of the STORE body `out` ends with, just written by hand from `event` with a chunk of `chunkLength`
 * bytes: events as readStoreMessageV1 builds them (over a copy of the chunk, with the point count, which the chunk
 * decodes to since it was encoded from those points), without parsing the body or decoding the chunk. Undefined
 * when decode would not give exactly that: a chunk too long for the hand-written reader, or a series id
 * longer than the 32 hex chars the record's two longs are written from.
 */
function storeEcho(event: DatapointsStored, out: AvroWriter, chunkLength: number): Echo<DatapointsStored> | undefined {
  const { series } = event;
  if (series.length !== 32 || chunkLength > HAND_READ_MAX_BYTES) return undefined;
  const end = out.pos - STORE_TRAILER_BYTES;
  const count = event.columns !== undefined ? event.columns.to - event.columns.from : event.points.length;
  // A Buffer of its own, as readStoreMessageV1's copy of its view of the body.
  const chunk: Uint8Array = Uint8Array.prototype.slice.call(out.bytes, end - chunkLength, end);
  // A new event per read, as decode gives: an event memoises its points, which one reader may build and not another.
  return () => storedFromChunk(series, chunk, count);
}

interface Reader {
  readonly topic: TopicName;
  readonly label: string;
  read(body: Buffer): unknown;
  /** The hand-written reader of this version, when it has one (message-readers.ts); undefined from it: use `read`. */
  readonly handRead?: (body: Buffer) => TopicEvents[TopicName] | undefined;
}

const HAND_READERS: { readonly [T in TopicName]: (body: Buffer) => TopicEvents[T] | undefined } = { data: readStoreMessageV1, metadata: readMetadataMessageV1 };

const INITIAL_SCRATCH_BYTES = 64 * 1024;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function label(v: SchemaVersion): string {
  return `${v.subject} v${v.version}, schema id ${v.id}`;
}

/**
 * The production RecordCodec: Avro in the Confluent wire format (magic byte 0, 4-byte big-endian schema
 * id, Avro binary body; see confluent-framing.ts). Writes every topic with its latest schema; reads any
 * version the resolver knows, resolving older writers to the latest reader schema (BACKWARD
 * compatibility, schemas/README.md). Longs keep their 64 bits (bigint).
 *
 * Standalone builds it with no argument (the ids embedded in schemas/index.ts); distributed mode passes
 * a resolver backed by the Schema Registry. Types and resolvers are built once and cached; encode reuses
 * one scratch buffer, so an instance MUST NOT be shared across worker threads (it is fine across async
 * callers in one thread: encode is synchronous).
 *
 * The records /update appends (STORE data messages, metadata messages) are written, and records of that
 * same version read, by hand rather than by avsc while the writer schema is the version the hand-written
 * code implements (same canonical form): same bytes and events, a fraction of the cost.
 *
 * Errors: decode throws CodecError (never retriable) for a short record, a bad magic byte, an unknown
 * schema id or one of another topic's subject, a truncated or over-long body, and a record no event
 * stands for (e.g. ARCHIVE); encode throws CodecError for an event that does not fit the schema.
 */
export class AvroRecordCodec implements RecordCodec {
  private readonly writers = new Map<TopicName, Writer>();
  private readonly readers = new Map<number, Reader>();
  private scratch = Buffer.allocUnsafe(INITIAL_SCRATCH_BYTES);
  private readonly out = new AvroWriter();

  constructor(private readonly schemas: SchemaResolver = new CatalogueSchemaResolver()) {
    for (const topic of TOPICS) {
      const version = schemas.writerSchema(topic);
      const type = avroTypeFor(version.schema);
      const handWritten = type.fingerprint().equals(avroTypeFor(HAND_WRITTEN[topic].schema).fingerprint());
      this.writers.set(topic, { version, type, handWritten, header: headerOf(version.id) });
      const handRead = handWritten ? HAND_READERS[topic] : undefined;
      this.readers.set(version.id, { topic, label: label(version), read: (body) => type.fromBuffer(body), handRead });
    }
  }

  encode<T extends TopicName>(topic: T, event: TopicEvents[T]): Uint8Array {
    const writer = this.writer(topic);
    const out = this.out;
    out.reset(0);
    if (this.writeByHand(writer, topic, event, out) >= 0) return out.result();
    return this.encodeWithAvsc(writer, topic, event);
  }

  /** `encode`, appended to `out` (a log frame being built), without a Buffer per record. */
  encodeInto<T extends TopicName>(topic: T, event: TopicEvents[T], out: AvroWriter): void {
    const writer = this.writer(topic);
    if (this.writeByHand(writer, topic, event, out) < 0) out.raw(this.encodeWithAvsc(writer, topic, event));
  }

  /**
   * `encodeInto`, with the echo of a STORE record written by hand (the embedded log's tail readers take it
   * instead of decoding the record again); undefined for the other records.
   */
  encodeIntoEchoed<T extends TopicName>(topic: T, event: TopicEvents[T], out: AvroWriter): Echo<TopicEvents[T]> | undefined {
    const writer = this.writer(topic);
    const chunkLength = this.writeByHand(writer, topic, event, out);
    if (chunkLength < 0) {
      out.raw(this.encodeWithAvsc(writer, topic, event));
      return undefined;
    }
    return topic === 'data' ? (storeEcho(event as DatapointsStored, out, chunkLength) as Echo<TopicEvents[T]> | undefined) : undefined;
  }

  /**
   * Appends the record to `out` when the hand-written writers can, answering the length of a STORE record's
   * chunk (0 for a metadata record); -1 (nothing appended) when they cannot.
   */
  private writeByHand(writer: Writer, topic: TopicName, event: TopicEvents[TopicName], out: AvroWriter): number {
    if (!writer.handWritten) return -1;
    const start = out.pos;
    out.skip(HEADER_LENGTH);
    let written: number;
    try {
      written = topic === 'data' ? writeData(out, event as DataEvent) : writeMetadataMessageV1(out, event as MetadataEvent) ? 0 : -1;
    } catch (err) {
      out.pos = start;
      const what = topic === 'data' ? `${topic} event` : `${topic} event with ${label(writer.version)}`;
      throw new CodecError(`cannot encode ${what}: ${messageOf(err)}`, { cause: err });
    }
    if (written < 0) {
      out.pos = start;
      return -1;
    }
    const { header } = writer;
    if (header === undefined) writeHeader(out.bytes.subarray(start, start + HEADER_LENGTH), writer.version.id);
    else for (let i = 0, bytes = out.bytes; i < HEADER_LENGTH; i++) bytes[start + i] = header[i];
    return written;
  }

  private encodeWithAvsc(writer: Writer, topic: TopicName, event: TopicEvents[TopicName]): Uint8Array {
    let record: object;
    try {
      record = MAPPINGS[topic].toRecord(event as never);
    } catch (err) {
      if (err instanceof CodecError) throw err;
      throw new CodecError(`cannot encode ${topic} event: ${messageOf(err)}`, { cause: err });
    }
    for (;;) {
      let end: number;
      try {
        end = writer.type.encode(record, this.scratch, HEADER_LENGTH);
      } catch (err) {
        throw new CodecError(`cannot encode ${topic} event with ${label(writer.version)}: ${messageOf(err)}`, { cause: err });
      }
      if (end >= 0) {
        writeHeader(this.scratch, writer.version.id);
        return Buffer.from(this.scratch.subarray(0, end));
      }
      // encode returned minus the number of missing bytes: grow and write again.
      this.scratch = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratch.length - end));
    }
  }

  decode<T extends TopicName>(topic: T, bytes: Uint8Array): TopicEvents[T] {
    const { schemaId, body } = readFrame(bytes);
    const reader = this.reader(topic, schemaId);
    const buf = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (reader.handRead !== undefined) {
      let event: TopicEvents[TopicName] | undefined;
      try {
        event = reader.handRead(buf);
      } catch (err) {
        throw new CodecError(`cannot decode ${topic} record (${reader.label}): ${messageOf(err)}`, { cause: err });
      }
      if (event !== undefined) return event as TopicEvents[T];
    }
    let record: unknown;
    try {
      record = reader.read(buf);
    } catch (err) {
      throw new CodecError(`cannot decode ${topic} record (${reader.label}): ${messageOf(err)}`, { cause: err });
    }
    try {
      return MAPPINGS[topic].fromRecord(record as never);
    } catch (err) {
      if (err instanceof CodecError) throw err;
      throw new CodecError(`cannot decode ${topic} record (${reader.label}): ${messageOf(err)}`, { cause: err });
    }
  }

  private writer(topic: TopicName): Writer {
    const writer = this.writers.get(topic);
    if (writer === undefined) throw new CodecError(`cannot encode: unknown topic '${topic}'`);
    return writer;
  }

  private reader(topic: TopicName, schemaId: number): Reader {
    let reader = this.readers.get(schemaId);
    if (reader === undefined) {
      reader = this.olderVersionReader(topic, schemaId);
      this.readers.set(schemaId, reader);
    }
    if (reader.topic !== topic) {
      throw new CodecError(`cannot decode ${topic} record: schema id ${schemaId} is a ${reader.topic} schema (${reader.label})`);
    }
    return reader;
  }

  /** A reader for a version other than the latest: avsc resolves it to the latest reader schema. */
  private olderVersionReader(topic: TopicName, schemaId: number): Reader {
    const version = this.schemas.schemaById(schemaId);
    if (version === undefined) throw new CodecError(`cannot decode ${topic} record: unknown schema id ${schemaId}`);
    const owner = TOPICS.find((t) => this.writer(t).version.subject === version.subject);
    if (owner === undefined) {
      throw new CodecError(`cannot decode ${topic} record: schema id ${schemaId} is of subject ${version.subject}, which no topic uses`);
    }
    const latest = this.writer(owner);
    let resolver: ReturnType<avro.Type['createResolver']>;
    try {
      resolver = latest.type.createResolver(avroTypeFor(version.schema));
    } catch (err) {
      throw new CodecError(`cannot read ${label(version)} with ${label(latest.version)}: ${messageOf(err)}`, { cause: err });
    }
    return { topic: owner, label: label(version), read: (body) => latest.type.fromBuffer(body, resolver) };
  }
}
