import { checkpointFromJson, checkpointToJson, covers, merge } from './checkpoint.js';

describe('checkpoint', () => {
  it('covers a position when every partition has read past it', () => {
    const cp = new Map([[0, 10], [1, 5]]);
    expect(covers(cp, new Map([[0, 10]]))).toBe(true);
    expect(covers(cp, new Map([[0, 11]]))).toBe(false);
    expect(covers(cp, new Map([[2, 1]]))).toBe(false);
    expect(covers(cp, new Map())).toBe(true);
  });

  it('merges partition-wise', () => {
    expect([...merge(new Map([[0, 3]]), new Map([[0, 2], [1, 7]]))]).toEqual([[0, 3], [1, 7]]);
  });

  it('round-trips through JSON and rejects garbage', () => {
    const cp = new Map([[3, 40], [0, 12]]);
    expect(checkpointToJson(cp)).toBe('{"0":12,"3":40}');
    expect([...checkpointFromJson('{"0":12,"3":40}')]).toEqual([[0, 12], [3, 40]]);
    expect(() => checkpointFromJson('[1]')).toThrow(/not an object/);
    expect(() => checkpointFromJson('{"x":1}')).toThrow(/bad entry/);
  });
});
