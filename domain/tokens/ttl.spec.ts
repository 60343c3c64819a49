import { ValidationError } from '../errors.js';
import { parseTtl } from './ttl.js';

describe('parseTtl', () => {
  it.each([
    ['3600000', 3_600_000n],
    ['0', 0n],
    ['250ms', 250n],
    ['45s', 45_000n],
    ['30m', 1_800_000n],
    ['12h', 43_200_000n],
    ['1d', 86_400_000n],
    ['2w', 1_209_600_000n],
    ['1d12h', 129_600_000n],
    ['P30D', 2_592_000_000n],
    ['p1d', 86_400_000n],
    ['P2W', 1_209_600_000n],
    ['PT12H30M', 45_000_000n],
    ['P1DT1H1M1S', 90_061_000n],
    ['PT0.5S', 500n],
    ['PT1,25S', 1250n],
    [' 1h ', 3_600_000n],
  ])('reads %s as %s ms', (text, ms) => {
    expect(parseTtl(text)).toBe(ms);
  });

  it.each(['', '1y', 'P1Y', 'P1M', 'P', 'PT', 'P1DT', '-1d', '1.5h', 'h', '1 d', 'PT0.0001S', '99999999999999999999'])('rejects "%s"', (text) => {
    expect(() => parseTtl(text)).toThrow(ValidationError);
  });
});
