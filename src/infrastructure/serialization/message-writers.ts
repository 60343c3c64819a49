import type { DatapointsStored } from '../../../domain/events/data.events.js';
import type { MetadataEvent } from '../../../domain/events/metadata.events.js';
import type { AvroWriter } from './avro-writer.js';

/**
 * Hand-written writers of the records appended on every /update, for exactly one schema version each
 * (the codec uses them only while that version is the writer schema, and avsc otherwise): the bytes are
 * the ones avsc writes (message-writers.spec.ts checks them against it and the golden files).
 */

/** Index of STORE in DataMessageType (data-message v1). */
const STORE = 0;
const METADATA_KINDS = { SERIES_REGISTERED: 0, ATTRIBUTES_REPLACED: 1, ATTRIBUTES_MERGED: 2, SERIES_DELETED: 3 } as const;
const NULL_BRANCH = 0;
const LONG_BRANCH = 1;

/** The body of a STORE DataMessage (data-message v1) of `event`, whose points are already the chunk[0, chunkLength). */
export function writeStoreMessageV1(w: AvroWriter, event: DatapointsStored, chunk: Uint8Array, chunkLength = chunk.length): void {
  w.longFromHex(event.series, 0); // classId
  w.longFromHex(event.series, 16); // labelsId
  w.long(STORE);
  w.bytesOf(chunk, chunkLength);
  w.long(NULL_BRANCH); // deletionStart
  w.long(NULL_BRANCH); // deletionEnd
  w.stringMap(EMPTY); // attributes
}

/**
 * The body of a MetadataMessage (metadata-message v1) of `event`; false (nothing written) for what only
 * avsc can write exactly: a lastActivity that is not a safe integer once floored.
 */
export function writeMetadataMessageV1(w: AvroWriter, event: MetadataEvent): boolean {
  const { series } = event;
  let kind: number;
  let attributes: ReadonlyMap<string, string> = EMPTY;
  let lastActivity: number | undefined;
  switch (event.type) {
    case 'SeriesRegistered':
      kind = METADATA_KINDS.SERIES_REGISTERED;
      attributes = event.series.attributes;
      if (event.series.lastActivity !== undefined) {
        lastActivity = Math.floor(event.series.lastActivity);
        if (!Number.isSafeInteger(lastActivity)) return false;
      }
      break;
    case 'AttributesUpdated':
      kind = event.mode === 'merge' ? METADATA_KINDS.ATTRIBUTES_MERGED : METADATA_KINDS.ATTRIBUTES_REPLACED;
      attributes = event.attributes;
      break;
    case 'SeriesDeleted':
      kind = METADATA_KINDS.SERIES_DELETED;
      break;
    default:
      return false;
  }
  w.long(kind);
  w.string(series.className);
  w.stringMap(series.labels);
  w.stringMap(attributes);
  w.longFromHex(series.id, 0);
  w.longFromHex(series.id, 16);
  if (lastActivity === undefined) {
    w.long(NULL_BRANCH);
  } else {
    w.long(LONG_BRANCH);
    w.long(lastActivity);
  }
  return true;
}

const EMPTY: ReadonlyMap<string, string> = new Map();
