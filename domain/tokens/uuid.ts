import { ValidationError } from '../errors.js';

/**
 * UUIDs as tokens carry them: 16 bytes in Thrift (Java's msb then lsb, big-endian, as
 * `QuasarTokenEncoder.toByteBuffer` writes them), the lower-case canonical 8-4-4-4-12 form
 * everywhere else (labels `.producer`/`.owner`, selectors), as Java's `UUID.toString()` prints it.
 */
const CANONICAL = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** True when `text` is a UUID in 8-4-4-4-12 hex form (either case). */
export function isUuid(text: string): boolean {
  return CANONICAL.test(text);
}

/** The 16 bytes of a UUID given in 8-4-4-4-12 form; throws a ValidationError otherwise. */
export function uuidToBytes(text: string): Uint8Array {
  if (!CANONICAL.test(text)) throw new ValidationError(`cannot read UUID '${text}': expected 8-4-4-4-12 hex digits`);
  const hex = text.replace(/-/g, '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The lower-case canonical form of a 16-byte UUID; throws a ValidationError for another length. */
export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new ValidationError(`cannot read UUID: expected 16 bytes, got ${bytes.length}`);
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lower-cases a UUID after checking its form, so equal UUIDs compare equal as strings. */
export function normalizeUuid(text: string): string {
  return uuidFromBytes(uuidToBytes(text));
}
