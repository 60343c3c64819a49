import { ValidationError } from '../../../domain/errors.js';
import { msToUnits, type TimeUnit } from '../../../domain/datapoints/time-units.js';
import { nanosToUnits, parseIsoDurationNanos } from '../../../domain/query/iso-time.js';

const LONG = /^[+-]?\d{1,19}$/;

/**
 * "now" for an /update request (reference §1.6): the wall clock in platform units, taken once, unless
 * X-Warp10-Now gives an absolute long, a `+N`/`-N` delta, or `*` (wall clock per line).
 */
export function nowOf(header: string | undefined, nowMs: () => number, unit: TimeUnit): () => bigint {
  const wall = () => msToUnits(nowMs(), unit);
  if (header === undefined || header === '') {
    const fixed = wall();
    return () => fixed;
  }
  if (header === '*') return wall;
  if (!LONG.test(header)) throw new ValidationError('Invalid base timestamp.');
  const n = BigInt(header);
  const fixed = header.startsWith('+') || header.startsWith('-') ? wall() + n : n;
  return () => fixed;
}

/** X-Warp10-Timeshift: a long (platform units) or an ISO-8601 duration (`P…`). */
export function timeshiftOf(header: string | undefined, unit: TimeUnit): bigint {
  if (header === undefined || header === '') return 0n;
  try {
    if (LONG.test(header)) return BigInt(header);
    if (header.startsWith('P')) return nanosToUnits(parseIsoDurationNanos(header), unit);
    if (header.startsWith('-P')) return -nanosToUnits(parseIsoDurationNanos(header.slice(1)), unit);
  } catch {
    // fall through to Warp 10's message
  }
  throw new ValidationError('Invalid timeshift.');
}
