import { SparseIndex } from './sparse-index.js';

describe('SparseIndex', () => {
  const build = () => {
    const index = new SparseIndex(100, 1000);
    // frames of 400 bytes, 10 records each: offsets 100,110,... at positions 0,400,800,...
    for (let i = 1; i < 20; i++) index.add(100 + i * 10, i * 400);
    return index;
  };

  it('keeps at most one entry per interval of bytes', () => {
    // positions 0, 1200, 2400, 3600, 4800, 6000, 7200
    expect(build().size).toBe(7);
  });

  it.each([
    [100, 100, 0],
    [105, 100, 0],
    [129, 100, 0],
    [130, 130, 1200],
    [175, 160, 2400],
    [10_000, 280, 7200],
    [50, 100, 0],
  ])('finds the entry at or before offset %p', (offset, expectedOffset, expectedPosition) => {
    expect(build().floor(offset)).toEqual({ offset: expectedOffset, position: expectedPosition });
  });

  it('ignores entries that are not past the last one', () => {
    const index = build();
    index.add(150, 9000);
    index.add(280, 7500);
    expect(index.size).toBe(7);
    expect(index.floor(10_000)).toEqual({ offset: 280, position: 7200 });
  });

  it('forgets entries at or after a cut, but never the segment start', () => {
    const index = build();
    index.truncateFrom(2400);
    expect(index.floor(10_000)).toEqual({ offset: 130, position: 1200 });
    index.truncateFrom(0);
    expect(index.floor(10_000)).toEqual({ offset: 100, position: 0 });
    index.add(300, 5000);
    expect(index.floor(10_000)).toEqual({ offset: 300, position: 5000 });
  });
});
