import { forInputString, parseJavaDouble, parseJavaLong } from '../../../domain/datapoints/java-number.js';
import type { TimeUnit } from '../../../domain/datapoints/time-units.js';
import { ValidationError } from '../../../domain/errors.js';
import { computeFetchRange, parseTimestep } from '../../../domain/query/time-params.js';
import type { PointPlan } from './series-points.reader.js';
import type { RequestParams } from './request-params.js';
import type { TokenFetchLimits } from './token-fetch-limits.js';

/** What a /fetch request reads, parameters parsed (reference §7.1), before the token's limits. */
export interface FetchPlan {
  readonly points: PointPlan;
  /** `gskip` / `gcount`: series skipped, then most series returned (after de-duplication and ordering). */
  readonly gskip: number;
  readonly gcount: number;
  /** `activeafter` / `quietafter` (ms): keep series with lastActivity ≥ activeAfter / < quietAfter. */
  readonly activeAfterMs?: number;
  readonly quietAfterMs?: number;
}

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Parses the /fetch parameters the way Warp 10's EgressFetchHandler does: the time range through
 * `computeFetchRange` (start, end/now/stop, timespan, count, negative timespan), then `skip`, `gcount`, `gskip`,
 * `step` (≥ 1), `timestep` (≥ 1, long or `P…`), `sample` (a Java double), `boundary.pre`, `boundary.post`,
 * `activeafter`, `quietafter` (Java longs). Negative skip, gskip and boundaries count as 0, a negative gcount as
 * "no series", as they behave in Warp 10. Throws ValidationError (400) with Warp 10's messages.
 */
export function parseFetchPlan(params: RequestParams, unit: TimeUnit, now: bigint): FetchPlan {
  const p = (name: string) => params.get(name);
  const range = computeFetchRange(
    { start: p('start'), end: p('end'), now: p('now'), stop: p('stop'), timespan: p('timespan'), count: p('count') },
    unit,
    now,
  );
  const step = long(p('step'), 1);
  if (step < 1) throw new ValidationError("Parameter 'step' cannot be < 1.");
  const timestepText = p('timestep');
  const sampleText = p('sample');
  const sample = sampleText === undefined ? 1 : parseJavaDouble(sampleText);
  if (sample === undefined) throw new ValidationError(`Invalid 'sample' parameter: ${forInputString(sampleText as string)}`);
  return {
    points: {
      start: range.start,
      end: range.end,
      ...(range.count !== undefined ? { count: Math.min(range.count, MAX) } : {}),
      skip: Math.max(0, long(p('skip'), 0)),
      step,
      timestep: timestepText === undefined ? 1n : parseTimestep(timestepText, unit),
      sample,
      pre: Math.max(0, long(p('boundary.pre'), 0)),
      post: Math.max(0, long(p('boundary.post'), 0)),
    },
    gskip: Math.max(0, long(p('gskip'), 0)),
    gcount: Math.max(0, long(p('gcount'), MAX)),
    ...optionalLong('activeAfterMs', p('activeafter')),
    ...optionalLong('quietAfterMs', p('quietafter')),
  };
}

/**
 * Applies a read token's limits (EgressFetchHandler after `FETCH.parseTokenAttributes`): start raised, end lowered,
 * count and boundaries capped, activity filters replaced. Unlike Warp 10's /fetch — where `.count` only caps a
 * request that gives a count — the cap applies to every request, as WarpScript FETCH does.
 */
export function limitFetchPlan(plan: FetchPlan, limits: TokenFetchLimits): FetchPlan {
  const pts = plan.points;
  const cap = (value: number, limit: number | undefined) => (limit !== undefined && value > limit ? limit : value);
  const count = limits.count === undefined ? pts.count : Math.min(pts.count ?? MAX, limits.count);
  return {
    ...plan,
    points: {
      ...pts,
      start: limits.start !== undefined && pts.start < limits.start ? limits.start : pts.start,
      end: limits.end !== undefined && pts.end > limits.end ? limits.end : pts.end,
      ...(count !== undefined ? { count } : {}),
      pre: cap(pts.pre, limits.pre),
      post: cap(pts.post, limits.post),
    },
    ...(limits.activeAfterMs !== undefined ? { activeAfterMs: limits.activeAfterMs } : {}),
    ...(limits.quietAfterMs !== undefined ? { quietAfterMs: limits.quietAfterMs } : {}),
  };
}

/** Whether a series' activity passes the plan's filters (Warp 10 Directory: lastActivity, 0 when unknown). */
export function activityAllows(plan: { activeAfterMs?: number; quietAfterMs?: number }, lastActivity: number | undefined): boolean {
  const la = lastActivity ?? 0;
  if (plan.activeAfterMs !== undefined && la < plan.activeAfterMs) return false;
  if (plan.quietAfterMs !== undefined && la >= plan.quietAfterMs) return false;
  return true;
}

/** A Java long parameter as a safe number (saturated), or `fallback` when absent. */
export function long(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = parseJavaLong(text);
  if (n === undefined) throw new ValidationError(forInputString(text));
  return n > BigInt(MAX) ? MAX : n < BigInt(-MAX) ? -MAX : Number(n);
}

function optionalLong<K extends string>(key: K, text: string | undefined): { [P in K]?: number } {
  return text === undefined ? {} : ({ [key]: long(text, 0) } as { [P in K]?: number });
}
