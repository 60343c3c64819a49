import { MAX_TS, MIN_TS } from '../datapoints/datapoint.js';
import { forInputString, parseJavaLong } from '../datapoints/java-number.js';
import type { TimeUnit } from '../datapoints/time-units.js';
import { ValidationError } from '../errors.js';
import { parseIsoInstant } from './iso-time.js';

/** The raw range parameters of /api/v0/delete (reference §5.2). */
export interface DeleteTimeParams {
  readonly start?: string;
  readonly end?: string;
  /** `deleteall` is present (its value does not matter). */
  readonly deleteall: boolean;
  /** `metaonly` is present. */
  readonly metaonly?: boolean;
  /** `ingress.delete.metaonly.support`. */
  readonly metaonlySupported?: boolean;
}

/** Inclusive range in platform units; without a range it is the whole long range and `hasRange` is false. */
export interface DeleteRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly hasRange: boolean;
}

const ISO_ERROR = 'Can only parse an ISO8601 timestamp (YYYY-MM-DDThh:mm:ss.sssssssss) with a specified time zone.';

/** A delete bound: an ISO-8601 instant when it contains `T`, else a long in platform units. */
function parseDeleteInstant(text: string, unit: TimeUnit): bigint {
  if (text.includes('T')) {
    const ts = parseIsoInstant(text, unit);
    if (ts === undefined) throw new ValidationError(ISO_ERROR);
    return ts;
  }
  const ts = parseJavaLong(text);
  if (ts === undefined) throw new ValidationError(forInputString(text));
  return ts;
}

/**
 * The delete range, with Warp 10's checks in Warp 10's order (`Ingress.handleDelete`, §5.2): start
 * and end both or neither; without a range, `deleteall` or `metaonly` is required; `metaonly` needs
 * the support switch and excludes a range; start > end is an error (no swap, unlike fetch).
 * Warp 10 answers these with 500; Continuum throws ValidationError (400) with the same messages.
 */
export function computeDeleteRange(params: DeleteTimeParams, unit: TimeUnit): DeleteRange {
  const { start, end, deleteall, metaonly = false, metaonlySupported = false } = params;
  if ((start === undefined) !== (end === undefined)) throw new ValidationError('Both start and end should be defined.');
  const hasRange = start !== undefined && end !== undefined;
  const range = hasRange ? { start: parseDeleteInstant(start, unit), end: parseDeleteInstant(end, unit) } : { start: MIN_TS, end: MAX_TS };
  if (!hasRange && !deleteall && !metaonly) {
    throw new ValidationError('Parameter deleteall or metaonly should be set when no time range is specified.');
  }
  if (metaonly && !metaonlySupported) {
    throw new ValidationError('Parameter metaonly cannot be used as metaonly support is not enabled.');
  }
  if (metaonly && hasRange) throw new ValidationError('Parameter metaonly can only be set if no range is specified.');
  if (range.start > range.end) throw new ValidationError('Invalid time range specification.');
  return { ...range, hasRange };
}
