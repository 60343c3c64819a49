import { warmUpValue, warmUpValueText } from './warm-up-value.js';

describe('warmUpValue', () => {
  it.each([
    [0, 3, { long: true, unscaled: 3 }, '3'],
    [10, 7, { long: true, unscaled: 77 }, '77'],
    [0, 0, { long: false, unscaled: 4_502 }, '45.02'],
    [1, 2, { long: false, unscaled: 4_561 }, '45.61'],
  ])('step %i of series %i is %j, written %s', (step, series, value, text) => {
    expect(warmUpValue(step, series)).toEqual(value);
    expect(warmUpValueText(warmUpValue(step, series))).toBe(text);
  });

  it('keeps gauges between 45.02 and 54.98 (two decimals, as the input format writes them)', () => {
    for (let step = 0; step < 500; step++) {
      for (const series of [0, 1, 2]) {
        const { unscaled } = warmUpValue(step, series);
        expect(unscaled).toBeGreaterThanOrEqual(4_502);
        expect(unscaled).toBeLessThanOrEqual(5_498);
        expect(warmUpValueText(warmUpValue(step, series))).toMatch(/^\d\d\.\d\d$/);
      }
    }
  });
});
