import { parseJavaLongAt } from './java-number.js';

/**
 * The timestamp field of input lines (reference §1.2): absolute, `T`-relative to now, or empty (now), then
 * moved by the request's timeshift. Remembers the last absolute text it read, as scrapers repeat it line
 * after line: the same text gives back the same bigint without parsing it again.
 */
export class InputTimestamps {
  private text = '';
  private from = 0;
  private to = 0;
  private value = 0n;

  constructor(
    private readonly now: () => bigint,
    private readonly timeshift: bigint,
  ) {}

  /** The timestamp of text[from, to), or undefined when it is not a valid one. */
  read(text: string, from: number, to: number): bigint | undefined {
    if (from === to) return this.shifted(this.now(), false);
    const relative = text.charCodeAt(from) === 0x54; // T
    if (!relative && this.sameText(text, from, to)) return this.value;
    const parsed = parseJavaLongAt(text, relative ? from + 1 : from, to);
    if (parsed === undefined) return undefined;
    if (relative) return this.shifted(this.now() + parsed, true);
    this.text = text;
    this.from = from;
    this.to = to;
    this.value = this.shifted(parsed, false);
    return this.value;
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
