import type { DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { OutgoingRecord } from '../../../domain/ports/command-log.js';
import type { SeriesId } from '../../../domain/series/series.js';

/** Log records for decided events, keyed by the 16-byte series id (one series, one partition). */
export function toRecords(data: readonly DataEvent[], metadata: readonly MetadataEvent[]): OutgoingRecord[] {
  const records: OutgoingRecord[] = [];
  for (const event of metadata) records.push({ topic: 'metadata', key: keyOf(event.series.id), event });
  for (const event of data) records.push({ topic: 'data', key: keyOf(event.series), event });
  return records;
}

/**
 * The 16 bytes of a SeriesId (same as `seriesIdBytes`), by char codes: one key per series per request, where
 * parsing each byte from a substring showed in profiles.
 */
function keyOf(id: SeriesId): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = (nibble(id.charCodeAt(2 * i)) << 4) | nibble(id.charCodeAt(2 * i + 1));
  return out;
}

// A SeriesId is 32 lower-case hex chars (seriesIdFromHex checks it where ids come from outside).
function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}
