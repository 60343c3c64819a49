import { InputParser, type InputParseOptions } from './input-format.js';
import { InputTimestamps } from './input-timestamp.js';

const SAFE = 2n ** 53n - 1n;

describe('InputTimestamps', () => {
  it.each<[string, bigint, bigint, boolean]>([
    ['1700000000000000', 0n, 1700000000000000n, true],
    ['-5', 0n, -5n, true],
    [String(SAFE), 0n, SAFE, true],
    [String(SAFE + 1n), 0n, SAFE + 1n, false],
    [String(-SAFE - 1n), 0n, -SAFE - 1n, false],
    ['1700000000000000000', 0n, 1700000000000000000n, false],
    ['10', 5n, 15n, true],
    ['9223372036854775807', 1n, -(2n ** 63n), false],
    ['T-100', 0n, 900n, true],
    ['', 7n, 1007n, true],
  ])('reads %j (timeshift %s) as %s, a safe number: %s', (text, shift, expected, safe) => {
    const t = new InputTimestamps(() => 1000n, shift);
    expect(t.read(`x${text}/`, 1, text.length + 1)).toBe(true);
    expect([t.value, t.num, t.safe]).toEqual([expected, Number(expected), safe]);
  });

  it('gives the BigInt of each new timestamp after a run of equal ones', () => {
    const t = new InputTimestamps(() => 0n, 0n);
    const seen = ['5', '5', '6', String(SAFE + 2n), String(SAFE + 2n), '6'].map((text) => (t.read(text, 0, text.length), t.value));
    expect(seen).toEqual([5n, 5n, 6n, SAFE + 2n, SAFE + 2n, 6n]);
  });

  it.each(['x', '1.5', '+', '99999999999999999999', 'T'])('refuses %j and keeps the previous timestamp', (text) => {
    const t = new InputTimestamps(() => 0n, 0n);
    t.read('42', 0, 2);
    expect(t.read(text, 0, text.length)).toBe(false);
    expect([t.value, t.num]).toEqual([42n, 42]);
  });
});

describe('InputParser time window around 2^53', () => {
  const options = (min: bigint, max: bigint): InputParseOptions => ({
    now: () => 0n,
    parseAttributes: false,
    labelsMaxSize: 2048,
    attributesMaxSize: 8192,
    valueMaxSize: 65536,
    timeWindow: { min, max, ignoreOutOfRange: true },
  });

  it.each<[bigint, bigint, bigint, boolean]>([
    [SAFE, SAFE, SAFE, true],
    [SAFE + 1n, SAFE + 1n, SAFE, false],
    [SAFE + 1n, SAFE + 1n, SAFE + 1n, true],
    [-SAFE - 1n, SAFE + 3n, SAFE + 2n, true],
    [-SAFE - 1n, SAFE + 3n, SAFE + 4n, false],
    [-SAFE - 2n, -SAFE - 2n, -SAFE, false],
    [0n, 2n ** 62n, -1n, false],
    [-(2n ** 62n), -1n, -SAFE, true],
  ])('with min %s and max %s, a point at %s is kept: %s', (min, max, ts, kept) => {
    const parser = new InputParser(options(min, max));
    expect(parser.parseLine(`${ts}// a{} 1`, 1)?.point.ts).toBe(kept ? ts : undefined);
  });
});
