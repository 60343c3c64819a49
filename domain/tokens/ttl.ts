import { ValidationError } from '../errors.js';

/**
 * Token lifetimes as an operator types them on the CLI (`--ttl`), in ms:
 * - plain digits: ms (`3600000`), as Worf's TTL prompt takes them;
 * - one or more `<digits><unit>` with unit `ms`, `s`, `m`, `h`, `d` or `w` (`30m`, `12h`, `1d12h`);
 * - an ISO-8601 duration without years or months, whose length varies (`P30D`, `P2W`,
 *   `PT12H30M`, `P1DT0.5S`; fractions of a second down to the ms).
 * Throws a ValidationError for anything else, or for a result beyond a signed 64-bit long.
 */
const MS: Readonly<Record<string, bigint>> = { ms: 1n, s: 1000n, m: 60_000n, h: 3_600_000n, d: 86_400_000n, w: 604_800_000n };
const LONG_MAX = 0x7fffffffffffffffn;

const COMPACT = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const COMPACT_PART = /(\d+)(ms|s|m|h|d|w)/g;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:[.,](\d{1,3}))?S)?)?$/i;

/** Parses a TTL (see above) into ms. */
export function parseTtl(text: string): bigint {
  const t = text.trim();
  let ms: bigint | undefined;
  if (/^\d+$/.test(t)) ms = BigInt(t);
  else if (COMPACT.test(t)) ms = parseCompact(t);
  else if (ISO.test(t) && !/^P(T)?$/i.test(t) && !/T$/i.test(t)) ms = parseIso(t);
  if (ms === undefined) {
    throw new ValidationError(`cannot read TTL '${text}': expected ms, <n>ms|s|m|h|d|w (e.g. 12h, 1d) or an ISO-8601 duration (e.g. P30D)`);
  }
  if (ms > LONG_MAX) throw new ValidationError(`cannot read TTL '${text}': longer than a signed 64-bit ms count`);
  return ms;
}

function parseCompact(t: string): bigint {
  let ms = 0n;
  for (const [, n, unit] of t.matchAll(COMPACT_PART)) ms += BigInt(n) * MS[unit];
  return ms;
}

function parseIso(t: string): bigint {
  const [, w, d, h, m, s, frac] = ISO.exec(t) as RegExpExecArray;
  const n = (v: string | undefined): bigint => (v === undefined ? 0n : BigInt(v));
  const fracMs = frac === undefined ? 0n : BigInt(frac.padEnd(3, '0'));
  return n(w) * MS.w + n(d) * MS.d + n(h) * MS.h + n(m) * MS.m + n(s) * MS.s + fracMs;
}
