import { msToUnits, unitsToMs } from './time-units.js';

describe('platform time units', () => {
  it.each([
    ['ms', 1700000000123, 1700000000123n],
    ['us', 1700000000123, 1700000000123000n],
    ['ns', 1700000000123, 1700000000123000000n],
    ['us', 1700000000123.456, 1700000000123456n],
  ] as const)('converts ms to %s', (unit, ms, want) => {
    expect(msToUnits(ms, unit)).toBe(want);
  });

  it.each([
    ['us', 1500n, 1n],
    ['us', -1n, -1n],
    ['ns', -1000001n, -2n],
    ['ms', 42n, 42n],
  ] as const)('converts %s back to ms with floor division', (unit, units, want) => {
    expect(unitsToMs(units, unit)).toBe(want);
  });
});
