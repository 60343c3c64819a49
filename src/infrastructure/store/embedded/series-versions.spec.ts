import { seriesIdOf } from '../../../../domain/series/series.js';
import { SeriesVersions, VERSIONED_SERIES } from './series-versions.js';

const A = seriesIdOf(1n, 1n);
const B = seriesIdOf(2n, 2n);

describe('SeriesVersions', () => {
  it('bounds a series by its own highest version, and others by the watermark it started from', () => {
    const v = new SeriesVersions();
    v.sync(10);
    v.raise(A, 30);
    v.raise(A, 20);
    v.committed(30);
    v.sync(30);
    expect([v.bound(A), v.bound(B)]).toEqual([30, 10]);
  });

  it('starts over from the store-wide watermark when it is not the one it committed last', () => {
    const v = new SeriesVersions();
    v.sync(-1);
    v.raise(A, 5);
    v.committed(5);
    v.sync(50);
    expect([v.bound(A), v.bound(B)]).toEqual([50, 50]);
    v.sync(-1);
    expect([v.bound(A), v.bound(B)]).toEqual([-1, -1]);
  });

  it('raises its floor to the bound of a series it forgets', () => {
    const v = new SeriesVersions();
    v.sync(-1);
    v.raise(A, 7);
    for (let i = 0; i < VERSIONED_SERIES; i++) v.raise(seriesIdOf(100n + BigInt(i), 0n), 1);
    expect(v.bound(A)).toBe(7);
    expect(v.bound(B)).toBe(7);
  });

  it('raises through the slots of an apply as without them', () => {
    const [plain, slotted] = [new SeriesVersions(), new SeriesVersions()];
    for (const v of [plain, slotted]) v.sync(10);
    for (const [series, version] of [[A, 5], [A, 40], [B, 12], [A, 30], [B, 50]] as const) {
      const slot = slotted.slot(series);
      expect(slotted.bound(series, slot)).toBe(plain.bound(series));
      plain.raise(series, version);
      slotted.raise(series, version, slot);
    }
    expect([slotted.bound(A), slotted.bound(B)]).toEqual([plain.bound(A), plain.bound(B)]);
  });

  it.each([
    ['forgotten into the floor', (v: SeriesVersions) => { for (let i = 0; i < VERSIONED_SERIES; i++) v.raise(seriesIdOf(100n + BigInt(i), 0n), 1); }, 20],
    ['dropped by a sync to another watermark', (v: SeriesVersions) => v.sync(3), 20],
  ])('does not raise through a slot of a series %s since (it is raised as a series it does not know)', (_, drop, expected) => {
    const v = new SeriesVersions();
    v.sync(-1);
    v.raise(A, 7);
    const slot = v.slot(A);
    drop(v);
    v.raise(A, 20, slot);
    expect(v.bound(A)).toBe(expected);
  });
});
