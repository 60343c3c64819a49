import { ValidationError } from '../../../domain/errors.js';
import { tokenFetchLimits } from './token-fetch-limits.js';

// Platform unit µs; now = 1 h after the epoch; the request reads [1000 s, 2000 s].
const NOW = 3_600_000_000n;
const REQUEST = { start: 1_000_000_000n, end: 2_000_000_000n };
const limits = (attrs: Record<string, string>) => tokenFetchLimits(new Map(Object.entries(attrs)), 'us', NOW, REQUEST);

describe('tokenFetchLimits (Warp 10 FETCH.parseTokenAttributes, reference §2.4)', () => {
  it('imposes nothing without the attributes', () => {
    expect(limits({ '.expose': '', other: 'x' })).toEqual({});
  });

  it.each<[Record<string, string>, object]>([
    [{ '.end': '1970-01-01T00:10:00Z' }, { end: 600_000_000n }],
    [{ '.end': 'PT10M' }, { end: NOW - 600_000_000n }],
    [{ '.start': ' 1970-01-01T00:00:01.5+00:00 ' }, { start: 1_500_000n }],
    [{ '.start': 'PT100S' }, { start: REQUEST.end - 100_000_000n }],
    [{ '.start': 'PT100S', '.end': 'PT10M' }, { start: NOW - 600_000_000n - 100_000_000n, end: NOW - 600_000_000n }],
    [{ '.count': '5', '.pre': '0', '.post': '2' }, { count: 5, pre: 0, post: 2 }],
    [{ '.quietafter': 'PT1S' }, { quietAfterMs: 1_999_000 }],
    [{ '.activeafter': '1970-01-01T00:00:02Z' }, { activeAfterMs: 2000 }],
    [{ '.activeafter': '0' }, { activeAfterMs: 1_000_000 }],
  ])('reads %p', (attrs, expected) => {
    expect(limits(attrs)).toEqual(expected);
  });

  it.each([
    [{ '.count': '-1' }, 'Invalid count specification.'],
    [{ '.count': 'many' }, 'Invalid count specification.'],
    [{ '.pre': '-1' }, 'Invalid pre boundary specification.'],
    [{ '.post': 'x' }, 'Invalid post boundary specification.'],
    [{ '.end': '12345' }, 'Can only parse an ISO8601 timestamp (YYYY-MM-DDThh:mm:ss.sssssssss) with a specified time zone.'],
    [{ '.start': 'P1Y' }, 'No support for ambiguous durations containing years or months, please convert those to days.'],
  ])('refuses %p with %p', (attrs, message) => {
    expect(() => limits(attrs)).toThrow(new ValidationError(message));
  });
});
