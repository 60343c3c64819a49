import type { DataEvent } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { OutgoingRecord } from '../../../domain/ports/command-log.js';
import { seriesIdBytes } from '../../../domain/series/series.js';

/** Log records for decided events, keyed by the 16-byte series id (one series, one partition). */
export function toRecords(data: readonly DataEvent[], metadata: readonly MetadataEvent[]): OutgoingRecord[] {
  const records: OutgoingRecord[] = [];
  for (const event of metadata) records.push({ topic: 'metadata', key: seriesIdBytes(event.series.id), event });
  for (const event of data) records.push({ topic: 'data', key: seriesIdBytes(event.series), event });
  return records;
}
