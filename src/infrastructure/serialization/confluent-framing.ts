import { CodecError } from './codec-error.js';

/**
 * The Confluent wire format of a record value: magic byte 0, the schema id as a 4-byte big-endian
 * integer, then the Avro binary body. Kafka consumers, Schema Registry tools and our embedded log all
 * read the same bytes.
 */
export const MAGIC_BYTE = 0;
export const HEADER_LENGTH = 5;

/** A record value split into its writer schema id and its Avro body (a view, not a copy). */
export interface Frame {
  readonly schemaId: number;
  readonly body: Uint8Array;
}

/** Writes the 5-byte header at the start of `target` (which must be at least 5 bytes long). */
export function writeHeader(target: Uint8Array, schemaId: number): void {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0x7fffffff) {
    throw new CodecError(`cannot write schema id ${schemaId}: expected an integer in 0..2^31-1`);
  }
  target[0] = MAGIC_BYTE;
  target[1] = schemaId >>> 24;
  target[2] = (schemaId >>> 16) & 0xff;
  target[3] = (schemaId >>> 8) & 0xff;
  target[4] = schemaId & 0xff;
}

/** Splits a record value; throws CodecError when it is shorter than the header or the magic byte is not 0. */
export function readFrame(bytes: Uint8Array): Frame {
  if (bytes.length < HEADER_LENGTH) {
    throw new CodecError(`cannot read record: ${bytes.length} bytes, shorter than the 5-byte Confluent header`);
  }
  if (bytes[0] !== MAGIC_BYTE) {
    throw new CodecError(`cannot read record: magic byte is ${bytes[0]}, expected ${MAGIC_BYTE} (Confluent wire format)`);
  }
  const schemaId = ((bytes[1] << 24) | (bytes[2] << 16) | (bytes[3] << 8) | bytes[4]) >>> 0;
  return { schemaId, body: bytes.subarray(HEADER_LENGTH) };
}
