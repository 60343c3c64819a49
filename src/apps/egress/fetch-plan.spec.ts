import { MIN_TS } from '../../../domain/datapoints/datapoint.js';
import { ValidationError } from '../../../domain/errors.js';
import { activityAllows, type FetchPlan, limitFetchPlan, parseFetchPlan } from './fetch-plan.js';

const NOW = 10_000n;
const plan = (params: Record<string, string>) => parseFetchPlan(new Map(Object.entries(params)), 'us', NOW);
const MAX = Number.MAX_SAFE_INTEGER;

describe('parseFetchPlan (reference §7.1 parameters)', () => {
  it('has Warp 10 defaults: no skip, step 1, timestep 1, sample 1, no boundaries, every series', () => {
    expect(plan({ start: '0', end: '100' })).toEqual({
      points: { start: 0n, end: 100n, skip: 0, step: 1, timestep: 1n, sample: 1, pre: 0, post: 0 },
      gskip: 0,
      gcount: MAX,
    });
  });

  it.each<[Record<string, string>, Partial<FetchPlan['points']>]>([
    [{ end: 'now', timespan: '1000' }, { start: 9001n, end: 10_000n }],
    [{ now: '5000', timespan: '-3' }, { start: MIN_TS, end: 5000n, count: 3 }],
    [{ stop: '5000', count: '7' }, { start: MIN_TS, end: 5000n, count: 7 }],
    [{ start: '1970-01-01T00:00:00.001Z', end: '1970-01-01T00:00:00.002Z' }, { start: 1000n, end: 2000n }],
    [{ start: '0', end: '10', skip: '2', step: '3', timestep: '5', sample: '0.25' }, { skip: 2, step: 3, timestep: 5n, sample: 0.25 }],
    [{ start: '0', end: '10', timestep: 'PT0.001S' }, { timestep: 1000n }],
    [{ start: '0', end: '10', 'boundary.pre': '4', 'boundary.post': '5' }, { pre: 4, post: 5 }],
    [{ start: '0', end: '10', skip: '-4', 'boundary.pre': '-1', 'boundary.post': '-1' }, { skip: 0, pre: 0, post: 0 }],
    [{ start: '0', end: '10', count: '99999999999999999' }, { count: MAX }],
  ])('reads %p', (params, expected) => {
    expect(plan(params).points).toMatchObject(expected);
  });

  it('reads gskip, gcount, activeafter and quietafter', () => {
    expect(plan({ start: '0', end: '1', gskip: '2', gcount: '3', activeafter: '40', quietafter: '50' })).toMatchObject({
      gskip: 2,
      gcount: 3,
      activeAfterMs: 40,
      quietAfterMs: 50,
    });
    expect(plan({ start: '0', end: '1', gskip: '-2', gcount: '-3' })).toMatchObject({ gskip: 0, gcount: 0 });
  });

  it.each([
    [{ end: '100' }, "Invalid time range specification: 'count' is mandatory if 'start' and 'timespan' are not specified."],
    [{}, "Missing either 'start' or 'end' parameter."],
    [{ end: '1', now: '2', count: '1' }, "Cannot specify both 'end' and 'now'."],
    [{ end: '1', timespan: '-2', count: '1' }, "Cannot specify both 'count' and negative 'timespan'."],
    [{ start: '0', end: '1', step: '0' }, "Parameter 'step' cannot be < 1."],
    [{ start: '0', end: '1', timestep: '0' }, "Parameter 'timestep' cannot be < 1."],
    [{ start: '0', end: '1', timestep: 'P1M' }, 'No support for ambiguous durations containing years or months, please convert those to days.'],
    [{ start: '0', end: '1', skip: 'x' }, 'For input string: "x"'],
    [{ start: '0', end: '1', gcount: '1.5' }, 'For input string: "1.5"'],
    [{ start: '0', end: '1', sample: 'half' }, `Invalid 'sample' parameter: For input string: "half"`],
  ])('refuses %p with 400 %p', (params, message) => {
    expect(() => plan(params)).toThrow(new ValidationError(message));
  });
});

describe('limitFetchPlan (read token limits, reference §2.4)', () => {
  const base = plan({ start: '100', end: '200', count: '10', 'boundary.pre': '5', 'boundary.post': '5' });

  it('raises start, lowers end and caps count and boundaries', () => {
    expect(limitFetchPlan(base, { start: 150n, end: 180n, count: 3, pre: 1, post: 0 }).points).toMatchObject({ start: 150n, end: 180n, count: 3, pre: 1, post: 0 });
  });

  it('never widens what was asked', () => {
    expect(limitFetchPlan(base, { start: 50n, end: 500n, count: 30, pre: 9, post: 9 }).points).toMatchObject({ start: 100n, end: 200n, count: 10, pre: 5, post: 5 });
  });

  it('caps the count of a request that gave none (WarpScript FETCH rule)', () => {
    const noCount = plan({ start: '100', end: '200' });
    expect(limitFetchPlan(noCount, { count: 4 }).points.count).toBe(4);
    expect(limitFetchPlan(noCount, {}).points.count).toBeUndefined();
  });

  it('replaces the activity filters', () => {
    expect(limitFetchPlan({ ...base, activeAfterMs: 1 }, { activeAfterMs: 7, quietAfterMs: 9 })).toMatchObject({ activeAfterMs: 7, quietAfterMs: 9 });
  });
});

describe('activityAllows (Warp 10 Directory activeafter/quietafter)', () => {
  it.each([
    [{}, undefined, true],
    [{ activeAfterMs: 10 }, 10, true],
    [{ activeAfterMs: 10 }, 9, false],
    [{ activeAfterMs: 10 }, undefined, false],
    [{ quietAfterMs: 10 }, 9, true],
    [{ quietAfterMs: 10 }, 10, false],
    [{ quietAfterMs: 10 }, undefined, true],
  ])('%p with lastActivity %p → %p', (filters, la, expected) => {
    expect(activityAllows(filters, la)).toBe(expected);
  });
});
