import { latencyOf, median, percentile } from './stats.js';

describe('percentile (nearest rank)', () => {
  it.each([
    [[5], 50, 5],
    [[1, 2, 3, 4], 50, 2],
    [[4, 3, 2, 1], 99, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 50, 50],
    [Array.from({ length: 50 }, (_, i) => i + 1), 99, 50],
  ])('of %j at p%d is %d', (samples, p, expected) => {
    expect(percentile(samples, p)).toBe(expected);
  });

  it('is NaN without samples and rejects a percentile outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('median', () => {
  it.each([
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
    [[Number.NaN, 1, 3], 2],
  ])('of %j is %d', (samples, expected) => {
    expect(median(samples)).toBe(expected);
  });

  it('is NaN without a number', () => {
    expect(median([])).toBeNaN();
    expect(median([Number.NaN])).toBeNaN();
  });
});

it('latencyOf gives p50, p99 and the sample count', () => {
  expect(latencyOf([10, 30, 20])).toEqual({ p50Ms: 20, p99Ms: 30, samples: 3 });
});
