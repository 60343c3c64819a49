import { decodeChunk, encodeChunk } from '../../../domain/datapoints/chunk-codec.js';
import { MAX_TS, MIN_TS } from '../../../domain/datapoints/datapoint.js';
import type { DataEvent } from '../../../domain/events/data.events.js';
import { classIdOf, labelsIdOf, seriesIdOf } from '../../../domain/series/series.js';
import { CodecError } from './codec-error.js';

/**
 * Mapping between data events and the `DataMessage` Avro record (schemas/avro/data-message.v*), after
 * Warp 10's KafkaDataMessage (reference §4.3): STORE carries the points of one series as a chunk
 * (domain/datapoints/chunk-codec.ts), DELETE the inclusive range to delete.
 */
export type DataMessageType = 'STORE' | 'DELETE' | 'ARCHIVE';

/** The record as avro-types reads and writes it (longs are bigint, maps are Map, bytes are Buffer). */
export interface DataMessageRecord {
  readonly classId: bigint;
  readonly labelsId: bigint;
  readonly type: DataMessageType;
  readonly data: Buffer;
  readonly deletionStart: bigint | null;
  readonly deletionEnd: bigint | null;
  readonly attributes: ReadonlyMap<string, string>;
}

const NO_BYTES = Buffer.alloc(0);
const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

/** The record to write for `event`. */
export function dataEventToRecord(event: DataEvent): DataMessageRecord {
  const classId = classIdOf(event.series);
  const labelsId = labelsIdOf(event.series);
  switch (event.type) {
    case 'DatapointsStored': {
      const chunk = encodeChunk(event.points);
      const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      return { classId, labelsId, type: 'STORE', data, deletionStart: null, deletionEnd: null, attributes: NO_ATTRIBUTES };
    }
    case 'DatapointsDeleted':
      return {
        classId,
        labelsId,
        type: 'DELETE',
        data: NO_BYTES,
        deletionStart: event.start,
        deletionEnd: event.end,
        attributes: NO_ATTRIBUTES,
      };
    default:
      throw new CodecError(`cannot encode data event of type '${(event as { type: unknown }).type}'`);
  }
}

/**
 * The event a decoded record stands for. A DELETE without a bound deletes from MIN_TS (resp. up to
 * MAX_TS). ARCHIVE is a Warp 10 symbol this platform never writes: reading one throws.
 */
export function dataRecordToEvent(record: DataMessageRecord): DataEvent {
  const series = seriesIdOf(record.classId, record.labelsId);
  switch (record.type) {
    case 'STORE':
      return { type: 'DatapointsStored', series, points: decodeChunk(record.data) };
    case 'DELETE':
      return {
        type: 'DatapointsDeleted',
        series,
        start: record.deletionStart ?? MIN_TS,
        end: record.deletionEnd ?? MAX_TS,
      };
    default:
      throw new CodecError(`cannot decode data record of series ${series}: type ${String(record.type)} is not supported`);
  }
}
