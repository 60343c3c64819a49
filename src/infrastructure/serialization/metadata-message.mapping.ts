import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import { classIdOf, labelsIdOf, seriesIdOf, type Attributes, type Labels } from '../../../domain/series/series.js';
import { CodecError } from './codec-error.js';

/**
 * Mapping between metadata events and the `MetadataMessage` Avro record (schemas/avro/metadata-message.v*).
 * The record's `kind` stands for Warp 10's Metadata `source` (reference §4.2).
 */
export type MetadataMessageKind = 'SERIES_REGISTERED' | 'ATTRIBUTES_REPLACED' | 'ATTRIBUTES_MERGED' | 'SERIES_DELETED';

/** The record as avro-types reads and writes it (longs are bigint, maps are Map). */
export interface MetadataMessageRecord {
  readonly kind: MetadataMessageKind;
  readonly className: string;
  readonly labels: Labels;
  readonly attributes: Attributes;
  readonly classId: bigint;
  readonly labelsId: bigint;
  readonly lastActivity: bigint | null;
}

const NO_ATTRIBUTES: Attributes = new Map();

/** The record to write for `event`. */
export function metadataEventToRecord(event: MetadataEvent): MetadataMessageRecord {
  const { series } = event;
  const base = { className: series.className, labels: series.labels, classId: classIdOf(series.id), labelsId: labelsIdOf(series.id) };
  switch (event.type) {
    case 'SeriesRegistered': {
      const last = event.series.lastActivity;
      return {
        ...base,
        kind: 'SERIES_REGISTERED',
        attributes: event.series.attributes,
        lastActivity: last === undefined ? null : BigInt(Math.floor(last)),
      };
    }
    case 'AttributesUpdated':
      return {
        ...base,
        kind: event.mode === 'merge' ? 'ATTRIBUTES_MERGED' : 'ATTRIBUTES_REPLACED',
        attributes: event.attributes,
        lastActivity: null,
      };
    case 'SeriesDeleted':
      return { ...base, kind: 'SERIES_DELETED', attributes: NO_ATTRIBUTES, lastActivity: null };
    default:
      throw new CodecError(`cannot encode metadata event of type '${(event as { type: unknown }).type}'`);
  }
}

/** The event a decoded record stands for. */
export function metadataRecordToEvent(record: MetadataMessageRecord): MetadataEvent {
  const id = seriesIdOf(record.classId, record.labelsId);
  const name = { id, className: record.className, labels: record.labels };
  switch (record.kind) {
    case 'SERIES_REGISTERED': {
      const series = { ...name, attributes: record.attributes };
      return {
        type: 'SeriesRegistered',
        series: record.lastActivity === null ? series : { ...series, lastActivity: Number(record.lastActivity) },
      };
    }
    case 'ATTRIBUTES_REPLACED':
    case 'ATTRIBUTES_MERGED':
      return {
        type: 'AttributesUpdated',
        series: name,
        attributes: record.attributes,
        mode: record.kind === 'ATTRIBUTES_MERGED' ? 'merge' : 'replace',
      };
    case 'SERIES_DELETED':
      return { type: 'SeriesDeleted', series: name };
    default:
      throw new CodecError(`cannot decode metadata record: unknown kind '${String(record.kind)}'`);
  }
}
