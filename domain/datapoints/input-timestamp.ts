import { parseJavaLongAt, readSafeLongAt } from './java-number.js';

/**
 * The timestamp field of input lines (reference §1.2): absolute, `T`-relative to now, or empty (now), then
 * moved by the request's timeshift.
 *
 * `read` leaves the timestamp in `num` and, when it is a safe integer (`safe`), nothing else: an absolute
 * timestamp without timeshift is parsed straight into a number, as the columnar ingest path keeps it, and
 * the BigInt (`value`) is only built when asked — a BigInt per line, and its conversion back to a number,
 * showed in ingest profiles. Other timestamps (relative, shifted, beyond 2^53) are read as BigInts; an
 * absolute text repeated line after line (ns timestamps of scrapers) gives back the same BigInt without
 * parsing it again.
 */
export class InputTimestamps {
  /** The last timestamp read as a number: exact when `safe`. */
  num = 0;
  /** Whether `num` is the last timestamp exactly (a safe integer). */
  safe = false;
  // Where readSafeLongAt leaves a safe timestamp.
  private readonly parsed = { value: 0 };
  // The last timestamp as a BigInt, when built; undefined until `value` builds it for a safe `num`.
  private big: bigint | undefined;
  // The last absolute text read as a BigInt, and its value (unshifted timestamps out of the safe range).
  private text = '';
  private from = 0;
  private to = 0;
  private textValue = 0n;

  constructor(
    private readonly now: () => bigint,
    private readonly timeshift: bigint,
  ) {}

  /** The last timestamp read, as a BigInt (built once per distinct safe timestamp). */
  get value(): bigint {
    return (this.big ??= BigInt(this.num));
  }

  /** Reads the timestamp of text[from, to); false when it is not a valid one (then the fields are unchanged). */
  read(text: string, from: number, to: number): boolean {
    if (from !== to && this.timeshift === 0n && text.charCodeAt(from) !== 0x54) {
      if (readSafeLongAt(text, from, to, this.parsed)) {
        const n = this.parsed.value;
        if (!this.safe || n !== this.num) {
          this.num = n;
          this.safe = true;
          this.big = undefined;
        }
        return true;
      }
    }
    const value = this.readBig(text, from, to);
    if (value === undefined) return false;
    this.big = value;
    this.num = Number(value);
    this.safe = this.num <= Number.MAX_SAFE_INTEGER && this.num >= -Number.MAX_SAFE_INTEGER;
    return true;
  }

  private readBig(text: string, from: number, to: number): bigint | undefined {
    if (from === to) return this.shifted(this.now(), false);
    const relative = text.charCodeAt(from) === 0x54; // T
    if (!relative && this.sameText(text, from, to)) return this.textValue;
    const parsed = parseJavaLongAt(text, relative ? from + 1 : from, to);
    if (parsed === undefined) return undefined;
    if (relative) return this.shifted(this.now() + parsed, true);
    this.text = text;
    this.from = from;
    this.to = to;
    this.textValue = this.shifted(parsed, false);
    return this.textValue;
  }

  private sameText(text: string, from: number, to: number): boolean {
    if (text !== this.text || to - from !== this.to - this.from) return false;
    for (let i = from, j = this.from; i < to; i++, j++) if (text.charCodeAt(i) !== text.charCodeAt(j)) return false;
    return true;
  }

  // Java long arithmetic wraps around; so does ours.
  private shifted(ts: bigint, mayOverflow: boolean): bigint {
    if (this.timeshift === 0n && !mayOverflow) return ts;
    return BigInt.asIntN(64, ts + this.timeshift);
  }
}
