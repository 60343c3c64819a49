import { LabelPairError, parseLabelPairs } from '../series/label-pairs.js';
import { isValidMetadata, metadataCheckThreshold } from '../series/metadata-limits.js';
import type { Attributes, SeriesId, SeriesName } from '../series/series.js';
import { UrlDecodingError, urlDecode } from '../series/url-decoding.js';
import type { Datapoint } from './datapoint.js';
import { InputParseError } from './input-parse-error.js';
import { InputTimestamps } from './input-timestamp.js';
import { parseJavaLongAt } from './java-number.js';
import { NO_ELEVATION, parseLocation, sameName, selectorText } from './input-series.js';
import type { InputParseOptions, ParsedLine } from './input-options.js';
import { ownedName, type CachedSeries } from './series-cache.js';
import { ValueParseError, parseNumericIn, parseValueIn, valueOfNumeric, type NumericValue } from './value-parser.js';
import type { Value } from './value.js';

export { InputParseError } from './input-parse-error.js';
export type { InputParseOptions, ParsedLine } from './input-options.js';

/**
 * Stateful parser of the GTS input format (Warp 10 `GTSHelper.parse`, reference §1.2–1.5, §1.7), one
 * instance per request: a line may continue the series of the previous one. Line grammar:
 * `TS/LAT:LON/ELEV CLASS{LABELS}{ATTRS} VALUE`, or `=TS/LAT:LON/ELEV VALUE` (continuation).
 *
 * `parseAt` reads a line in place, as [start, end) of a whole request body, and leaves the result in
 * `name`, `id`, `attributes` and `point`: no string per line, no object per line besides the datapoint.
 */
export class InputParser {
  /** The series of the last line read (also when it was skipped as out of range), and its id if known. */
  name: SeriesName | undefined;
  id: SeriesId | undefined;
  /** The attributes block of the last line for which `parseAt` returned true. */
  attributes: Attributes | undefined;
  /**
   * Whether that line's point is numeric (PointColumns' sense): then `numericTs` and `numeric` hold it, and a
   * caller that keeps points in columns need not ask for `point` (built only when asked).
   */
  isNumeric = false;
  numericTs = 0;
  readonly numeric: NumericValue = { kind: 0, num: 0, scale: 0 };

  private currentAttributes: Attributes | undefined;
  /** The series cache's entry for `name` (with a cache): where the cache predicts the next series from. */
  private entry: CachedSeries | undefined;
  /** Raw `class{labels` text of the line that named `name`: identical text skips all decoding. */
  private currentKey = '';
  private readonly threshold: number;
  private readonly timestamps: InputTimestamps;
  // The line being parsed: text[start, end).
  private text = '';
  private start = 0;
  private end = 0;
  private lineNumber = 0;
  // The time window as numbers, for comparing safe timestamps without BigInts (see `checkTimeWindow`).
  private readonly minTs: number;
  private readonly maxTs: number;
  // Per-line scratch state, to avoid allocating a header object per datapoint (the timestamp is in `timestamps`).
  private geo: bigint | undefined;
  private elev: bigint | undefined;
  private ignored = false;
  private value: Value | undefined;
  private built: Datapoint | undefined;
  // The last search for '{' (a line may have none): text.indexOf('{', braceFrom) was braceAt.
  private braceFrom = -1;
  private braceAt = -1;

  constructor(private readonly options: InputParseOptions) {
    this.threshold = metadataCheckThreshold(options);
    this.timestamps = new InputTimestamps(() => options.now(), options.timeshift ?? 0n);
    const window = options.timeWindow;
    this.minTs = window?.min === undefined ? -Infinity : Number(window.min);
    this.maxTs = window?.max === undefined ? Infinity : Number(window.max);
  }

  /**
   * Parses one line. Returns undefined for lines to skip: empty, starting with `#`, or out of the
   * time window when `ignoreOutOfRange` is set (the line still names the current series).
   * Throws InputParseError with Warp 10's message for a malformed line.
   */
  parseLine(line: string, lineNumber: number): ParsedLine | undefined {
    if (!this.parseAt(line, 0, line.length, lineNumber)) return undefined;
    return { name: this.name as SeriesName, id: this.id, attributes: this.attributes, point: this.point as Datapoint };
  }

  /** `parseLine` of text[start, end) (no line terminator inside); true when it produced a datapoint. */
  parseAt(text: string, start: number, end: number, lineNumber: number): boolean {
    if (start === end || text.charCodeAt(start) === 0x23) return false;
    if (text !== this.text) {
      this.text = text;
      this.braceFrom = -1;
    }
    this.start = start;
    this.end = end;
    this.lineNumber = lineNumber;
    const continuation = text.charCodeAt(start) === 0x3d;
    if (continuation && this.name === undefined) throw this.fail(start, 'Invalid continuation.');
    let idx = this.parseHeader(continuation);
    let name = this.name;
    let id = this.id;
    let key: string | undefined;
    let entry = this.entry;
    let attributes: Attributes | undefined;
    const brace = continuation ? -1 : this.findBrace(idx);
    if (brace < 0) {
      if (idx >= end) throw this.fail(idx, 'Missing value');
      if (name === undefined) throw this.fail(idx, 'Missing or invalid GTS name and labels.');
    } else {
      const close = this.find('}', brace + 1);
      if (close < 0) throw this.fail(end - 1, "Missing end of labels '}'.");
      const previous = name;
      const previousKey = this.currentKey;
      // Consecutive series mostly differ in their last label value: its last char rules most of them out at once.
      // Then a substring and `===` (a memory comparison), 2-3x cheaper than `startsWith` at an offset in V8.
      const n = previousKey.length;
      if (previous === undefined || close - idx !== n || text.charCodeAt(close - 1) !== previousKey.charCodeAt(n - 1) || text.slice(idx, close) !== previousKey) {
        const cache = this.options.seriesCache;
        const hit = cache?.get(text, idx, close, this.entry);
        if (hit !== undefined) {
          name = hit.name;
          id = hit.id;
          key = hit.key;
          entry = hit;
        } else {
          const decoded = this.decodeName(idx, brace, close);
          const same = previous !== undefined && sameName(previous, decoded);
          if (cache === undefined) {
            name = same ? previous : decoded;
            key = text.slice(idx, close);
          } else {
            // With a cache, `previous` came from it: its strings are owned already.
            const added = same ? cache.add(text, idx, close, previous as SeriesName, id, this.entry) : cache.add(text, idx, close, ownedName(decoded), undefined, this.entry);
            name = added.name;
            id = added.id;
            key = added.key;
            entry = added;
          }
        }
      }
      idx = close + 1;
      if (idx < end && text.charCodeAt(idx) === 0x7b) {
        const close2 = this.find('}', idx + 1);
        if (this.options.parseAttributes) attributes = this.parseAttributes(idx + 1, close2);
        idx = (close2 < 0 ? end : close2) + 1;
      }
      while (idx < end && text.charCodeAt(idx) === 0x20) idx++;
      if (idx >= end) throw this.fail(end - 1, 'Missing value.');
    }
    const value = parseNumericIn(text, idx, end, this.numeric) ? undefined : this.parseValueAt(idx);
    // Set in every branch above: from the line, from the cache, or the previous line's (checked).
    name = name as SeriesName;
    if (name !== this.name) {
      this.name = name;
      this.currentAttributes = undefined;
    }
    this.id = id;
    this.entry = entry;
    if (key !== undefined) this.currentKey = key;
    if (attributes !== undefined) this.currentAttributes = attributes;
    if (idx - start - 6 > this.threshold && !isValidMetadata(name.labels, this.currentAttributes, this.options)) {
      throw this.fail(start, 'Invalid or too large metadata');
    }
    if (this.ignored) return false;
    this.attributes = attributes;
    this.value = value;
    this.built = undefined;
    this.numericTs = this.timestamps.num;
    this.isNumeric = value === undefined && this.geo === undefined && this.elev === undefined && this.timestamps.safe;
    return true;
  }

  /** The datapoint of the last line for which `parseAt` returned true (valid until the next call). */
  get point(): Datapoint | undefined {
    return (this.built ??= { ts: this.timestamps.value, geo: this.geo, elev: this.elev, value: this.value ?? valueOfNumeric(this.numeric) });
  }

  /** An error at absolute position `at` of the text, reported relative to the line as Warp 10 does. */
  private fail(at: number, reason: string, cause?: string): InputParseError {
    return new InputParseError(at - this.start, this.text.slice(this.start, this.end), this.lineNumber, reason, cause);
  }

  /** `text.indexOf(char, from)` within the line, or -1. */
  private find(char: string, from: number): number {
    const at = this.text.indexOf(char, from);
    return at < this.end ? at : -1;
  }

  /**
   * find(char, from) for a char usually found right at `from` (most lines have neither location nor elevation:
   * `TS// class…`): one char comparison instead of a search.
   */
  private findNext(code: number, char: string, from: number): number {
    return from < this.end && this.text.charCodeAt(from) === code ? from : this.find(char, from);
  }

  // Like find('{'), remembering the last answer: a body of lines without braces must not rescan the rest of
  // the body for every line.
  private findBrace(from: number): number {
    if (!(this.braceFrom >= 0 && this.braceFrom <= from && (this.braceAt < 0 || this.braceAt >= from))) {
      this.braceFrom = from;
      this.braceAt = this.text.indexOf('{', from);
    }
    return this.braceAt < this.end ? this.braceAt : -1;
  }

  /** Timestamp, location and elevation; returns the position of the first char after the separating spaces. */
  private parseHeader(continuation: boolean): number {
    const { text, end } = this;
    const tsOffset = continuation ? this.start + 1 : this.start;
    const slash = this.find('/', tsOffset);
    if (slash < 0) throw this.fail(tsOffset, 'Missing timestamp separator.');
    if (!this.timestamps.read(text, tsOffset, slash)) throw this.fail(tsOffset, 'Invalid timestamp.');
    this.checkTimeWindow(slash);
    let idx = slash + 1;
    const slash2 = this.findNext(0x2f, '/', idx);
    if (slash2 < 0) throw this.fail(idx, 'Missing location/elevation separator.');
    this.geo = undefined;
    if (slash2 !== idx) {
      const location = parseLocation(text, idx, slash2);
      if (location === null) throw this.fail(idx, `Invalid location: '${text.slice(idx, slash2)}'.`);
      this.geo = location;
    }
    idx = slash2 + 1;
    const space = this.findNext(0x20, ' ', idx);
    if (space < 0) throw this.fail(idx, continuation ? 'Missing value.' : 'Missing GTS name, labels and value.');
    this.elev = undefined;
    if (space !== idx) {
      const elev = parseJavaLongAt(text, idx, space);
      if (elev === undefined) throw this.fail(idx, `Invalid elevation: '${text.slice(idx, space)}'.`);
      this.elev = elev === NO_ELEVATION ? undefined : elev;
    }
    idx = space + 1;
    while (idx < end && text.charCodeAt(idx) === 0x20) idx++;
    return idx;
  }

  /**
   * A safe timestamp is compared with the bounds as numbers: exact, because a bound within the safe range
   * converts exactly and one beyond it converts to ±2^53 or further, still on the same side of any safe
   * integer. Other timestamps are compared as BigInts.
   */
  private checkTimeWindow(at: number): void {
    this.ignored = false;
    const window = this.options.timeWindow;
    if (window === undefined) return;
    const t = this.timestamps;
    if (t.safe && t.num >= this.minTs && t.num <= this.maxTs) return;
    const ts = t.value;
    let reason: string | undefined;
    if (window.min !== undefined && ts < window.min) reason = `Timestamp ${ts} is too far in the past.`;
    else if (window.max !== undefined && ts > window.max) reason = `Timestamp ${ts} is too far in the future.`;
    if (reason === undefined) return;
    if (!window.ignoreOutOfRange) throw this.fail(at, reason);
    this.ignored = true;
  }

  /** Decodes the class name and labels of `class{labels}` at [from, close), then applies the forced labels. */
  private decodeName(from: number, brace: number, close: number): SeriesName {
    const text = this.text;
    let className: string;
    let labels: Map<string, string>;
    try {
      className = urlDecode(text.slice(from, brace));
    } catch (e) {
      throw e instanceof UrlDecodingError ? this.fail(from, e.message) : e;
    }
    try {
      labels = parseLabelPairs(text.slice(brace + 1, close));
    } catch (e) {
      if (e instanceof LabelPairError) throw this.fail(brace + 1, 'Invalid label definition.', e.message);
      throw e instanceof UrlDecodingError ? this.fail(brace + 1, e.message) : e;
    }
    const forced = this.options.forcedLabels;
    if (forced !== undefined) for (const [k, v] of forced) labels.set(k, v);
    return { className, labels };
  }

  /** The attributes block whose content starts at `from` and whose `}` is at `close` (-1: missing). */
  private parseAttributes(from: number, close: number): Attributes {
    if (close < 0) throw this.fail(this.end - 1, "Missing end of attributes '}'.");
    try {
      return parseLabelPairs(this.text.slice(from, close));
    } catch (e) {
      // Warp 10 reports the attribute error at the closing brace.
      if (e instanceof LabelPairError) throw this.fail(close, 'Invalid attribute definition.', e.message);
      throw e instanceof UrlDecodingError ? this.fail(from, e.message) : e;
    }
  }

  /** The value: the rest of the line from `from`. */
  private parseValueAt(from: number): Value {
    let value: Value;
    try {
      value = parseValueIn(this.text, from, this.end);
    } catch (e) {
      throw e instanceof ValueParseError ? this.fail(from + e.offset, e.reason, e.causeMessage) : e;
    }
    if ((value.type === 'STRING' || value.type === 'BINARY') && value.value.length > this.options.valueMaxSize) {
      // Warp 10 quirk: the series named is the previous line's (or none on the first line).
      throw this.fail(from, `Value too large for GTS ${selectorText(this.name)}`);
    }
    return value;
  }
}
