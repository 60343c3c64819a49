import { labelsOf, pointAt, q1Of, q2Of, rackCount, scaled, T0_SECONDS, totalPoints, WORKLOADS, type Workload } from './workload.js';

const byName = (name: string): Workload => WORKLOADS.find((w) => w.name === name)!;

describe('workloads of issue 3', () => {
  it.each([
    ['W1', 1_000, 1_000],
    ['W2', 100_000, 10],
    ['W3', 10, 100_000],
  ])('%s is %d series × %d points', (name, series, points) => {
    expect(byName(name)).toMatchObject({ series, pointsPerSeries: points });
    expect(totalPoints(byName(name))).toBe(1_000_000);
  });

  it.each([
    ['W1', 0.01, 1_000, 10],
    ['W2', 0.01, 1_000, 10],
    ['W3', 0.01, 10, 1_000],
    ['W1', 0.001, 1_000, 4],
    ['W1', 1, 1_000, 1_000],
  ])('%s scaled by %d keeps its shape: %d series × %d points', (name, scale, series, points) => {
    expect(scaled(byName(name), scale)).toMatchObject({ name, series, pointsPerSeries: points });
  });

  it('rejects a scale outside (0, 1]', () => {
    expect(() => scaled(byName('W1'), 0)).toThrow(RangeError);
    expect(() => scaled(byName('W1'), 1.5)).toThrow(RangeError);
  });
});

describe('series and points', () => {
  it('gives every series three labels, 100 series per rack', () => {
    expect(labelsOf(0)).toEqual([['host', 'h0'], ['rack', 'r0'], ['dc', 'dc0']]);
    expect(labelsOf(250)).toEqual([['host', 'h250'], ['rack', 'r2'], ['dc', 'dc2']]);
  });

  it('orders lines time-major: at each timestamp every series', () => {
    const w = byName('W1');
    expect(pointAt(w, 0)).toEqual({ series: 0, seconds: T0_SECONDS });
    expect(pointAt(w, 999)).toEqual({ series: 999, seconds: T0_SECONDS });
    expect(pointAt(w, 1_000)).toEqual({ series: 0, seconds: T0_SECONDS + 1 });
    expect(pointAt(w, 999_999)).toEqual({ series: 999, seconds: T0_SECONDS + 999 });
  });
});

describe('queries', () => {
  it.each([
    ['W1', 1_000],
    ['W2', 10],
    ['W3', 100_000],
  ])('q1 on %s selects one host over its whole range: %d points', (name, expected) => {
    const q = q1Of(byName(name), 3);
    expect(q).toMatchObject({ label: 'host', expectedPoints: expected });
    expect(q.start.seconds + 0.5).toBeLessThan(T0_SECONDS);
    expect(q.end.seconds + 0.5).toBeGreaterThan(T0_SECONDS + expected - 1);
  });

  it.each([
    ['W1', 100 * 500],
    ['W2', 100 * 5],
    ['W3', 10 * 50_000],
  ])('q2 on %s selects one rack over the middle half: %d points', (name, expected) => {
    expect(q2Of(byName(name), 1)).toMatchObject({ label: 'rack', expectedPoints: expected });
  });

  it('q2 ranges fall between points, around indexes [P/4, 3P/4)', () => {
    const q = q2Of(byName('W1'), 0);
    expect(q.start.seconds + 0.5).toBe(T0_SECONDS + 250 - 0.5);
    expect(q.end.seconds + 0.5).toBe(T0_SECONDS + 749 + 0.5);
  });

  it('q1 and q2 repetitions visit several series and racks', () => {
    const w = byName('W2');
    expect(new Set(Array.from({ length: 50 }, (_, rep) => q1Of(w, rep).value)).size).toBe(50);
    expect(new Set(Array.from({ length: 50 }, (_, rep) => q2Of(w, rep).value)).size).toBeGreaterThan(10);
    expect(rackCount(w)).toBe(1_000);
  });

  it('q2 counts only the series a partial last rack has', () => {
    const w: Workload = { name: 'odd', series: 150, pointsPerSeries: 8 };
    expect(q2Of(w, 1)).toMatchObject({ value: 'r1', expectedPoints: 50 * 4 });
  });
});
