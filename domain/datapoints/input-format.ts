import { toGeoPoint } from '../series/geo.js';
import { LabelPairError, parseLabelPairs } from '../series/label-pairs.js';
import { isValidMetadata, metadataCheckThreshold } from '../series/metadata-limits.js';
import type { Attributes, Labels, SeriesId, SeriesName } from '../series/series.js';
import { UrlDecodingError, urlDecode } from '../series/url-decoding.js';
import { percentEncode } from '../text/percent.js';
import type { Datapoint } from './datapoint.js';
import { InputParseError } from './input-parse-error.js';
import { parseJavaDouble, parseJavaLong, parseJavaLongAt } from './java-number.js';
import type { SeriesCache } from './series-cache.js';
import { ValueParseError, parseValue } from './value-parser.js';
import type { Value } from './value.js';

export { InputParseError } from './input-parse-error.js';

/** Options of one /update request (reference §1). All times are in platform units. */
export interface InputParseOptions {
  /** "now" (§1.6); called only for lines whose timestamp is absent or `T`-relative. */
  now: () => bigint;
  /** `X-Warp10-Timeshift`, added to every timestamp after the `T` handling. */
  timeshift?: bigint;
  /** Labels forced by the write token (§2.3): they override same-named labels of the line. */
  forcedLabels?: Labels;
  /** `ingress.parse.attributes`: honour a `{attributes}` block, else skip it silently. */
  parseAttributes: boolean;
  /** `warp.labels.maxsize`, `warp.attributes.maxsize` (§1.4). */
  labelsMaxSize: number;
  attributesMaxSize: number;
  /** `ingress.value.maxsize` or the token's `.maxsize`: max chars of a STRING, bytes of a BINARY. */
  valueMaxSize: number;
  /** Accepted timestamps (maxpast/maxfuture, §1.5); out-of-range lines fail or, if ignored, are skipped. */
  timeWindow?: { min?: bigint; max?: bigint; ignoreOutOfRange: boolean };
  /**
   * Series named recently, by their raw text, with their ids (kept across requests). MUST only ever be used
   * with the same `forcedLabels`. Without it, lines carry no `id` and every new name is decoded.
   */
  seriesCache?: SeriesCache;
}

export interface ParsedLine {
  /** The same object as the previous line's when the series is the same, so callers can group by identity. */
  readonly name: SeriesName;
  /** The series id, when the options gave a `seriesCache`. */
  readonly id?: SeriesId;
  /** Only when this line carried an attributes block and `parseAttributes` is on. */
  readonly attributes?: Attributes;
  readonly point: Datapoint;
}

/** Warp 10's "no location" and "no elevation" markers (§3.4): written explicitly, they mean absent. */
const NO_LOCATION = 0x0145014501450145n;
const NO_ELEVATION = -(2n ** 63n);

/**
 * Splits a request body into lines like Java's `readLine`: on `\n`, `\r\n` or `\r`; a final line
 * terminator does not start another (empty) line.
 */
export function splitLines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const last = text.charCodeAt(text.length - 1);
  if (last === 0x0a || last === 0x0d) lines.pop();
  return lines;
}

/** Warp 10 `GTSHelper.buildSelector(metadata, false)`: how a series is named in error messages. */
function selectorText(name: SeriesName | undefined): string {
  if (name === undefined) return '';
  const c = name.className.charCodeAt(0);
  const prefix = c === 0x3d || c === 0x7e ? '=' : '';
  const labels = [...name.labels.keys()].sort().map((k) => `${percentEncode(k)}=${percentEncode(name.labels.get(k) ?? '')}`);
  return `${prefix}${percentEncode(name.className)}{${labels.join(',')}}`;
}

function sameName(a: SeriesName, b: SeriesName): boolean {
  if (a.className !== b.className || a.labels.size !== b.labels.size) return false;
  for (const [k, v] of a.labels) if (b.labels.get(k) !== v) return false;
  return true;
}

/**
 * Stateful parser of the GTS input format (Warp 10 `GTSHelper.parse`, reference §1.2–1.5, §1.7), one
 * instance per request: a line may continue the series of the previous one. Line grammar:
 * `TS/LAT:LON/ELEV CLASS{LABELS}{ATTRS} VALUE`, or `=TS/LAT:LON/ELEV VALUE` (continuation).
 */
export class InputParser {
  private current: SeriesName | undefined;
  private currentId: SeriesId | undefined;
  /** Raw `class{labels` text of the line that named `current`: identical text skips all decoding. */
  private currentKey = '';
  private currentAttributes: Attributes | undefined;
  private readonly threshold: number;
  private readonly timeshift: bigint;
  // Per-line scratch state, to avoid allocating a header object per datapoint.
  private line = '';
  private lineNumber = 0;
  private ts = 0n;
  private geo: bigint | undefined;
  private elev: bigint | undefined;
  private ignored = false;
  // What seriesName found: the series and, unless it is `current` by the same text, the line's key text.
  private foundName: SeriesName | undefined;
  private foundId: SeriesId | undefined;
  private foundKey: string | undefined;

  constructor(private readonly options: InputParseOptions) {
    this.threshold = metadataCheckThreshold(options);
    this.timeshift = options.timeshift ?? 0n;
  }

  /**
   * Parses one line. Returns undefined for lines to skip: empty, starting with `#`, or out of the
   * time window when `ignoreOutOfRange` is set (the line still names the current series).
   * Throws InputParseError with Warp 10's message for a malformed line.
   */
  parseLine(line: string, lineNumber: number): ParsedLine | undefined {
    if (line.length === 0 || line.charCodeAt(0) === 0x23) return undefined;
    this.line = line;
    this.lineNumber = lineNumber;
    const continuation = line.charCodeAt(0) === 0x3d;
    if (continuation && this.current === undefined) throw this.fail(0, 'Invalid continuation.');
    let idx = this.parseHeader(continuation);
    let name = this.current;
    let id = this.currentId;
    let key: string | undefined;
    let attributes: Attributes | undefined;
    const brace = continuation ? -1 : line.indexOf('{', idx);
    if (brace < 0) {
      if (idx >= line.length) throw this.fail(idx, 'Missing value');
      if (name === undefined) throw this.fail(idx, 'Missing or invalid GTS name and labels.');
    } else {
      const close = line.indexOf('}', brace + 1);
      if (close < 0) throw this.fail(line.length - 1, "Missing end of labels '}'.");
      this.seriesName(idx, brace, close);
      name = this.foundName as SeriesName;
      id = this.foundId;
      key = this.foundKey;
      idx = close + 1;
      if (idx < line.length && line.charCodeAt(idx) === 0x7b) {
        const end = line.indexOf('}', idx + 1);
        if (this.options.parseAttributes) attributes = this.parseAttributes(idx + 1, end);
        idx = (end < 0 ? line.length : end) + 1;
      }
      while (idx < line.length && line.charCodeAt(idx) === 0x20) idx++;
      if (idx >= line.length) throw this.fail(line.length - 1, 'Missing value.');
    }
    const valueText = line.slice(idx);
    const value = this.parseValueAt(valueText, idx);
    if (name !== this.current) {
      this.current = name;
      this.currentAttributes = undefined;
    }
    this.currentId = id;
    if (key !== undefined) this.currentKey = key;
    if (attributes !== undefined) this.currentAttributes = attributes;
    if (line.length - 6 - valueText.length > this.threshold && !isValidMetadata(name.labels, this.currentAttributes, this.options)) {
      throw this.fail(0, 'Invalid or too large metadata');
    }
    if (this.ignored) return undefined;
    const point: Datapoint = { ts: this.ts, geo: this.geo, elev: this.elev, value };
    return { name, id, attributes, point };
  }

  private fail(index: number, reason: string, cause?: string): InputParseError {
    return new InputParseError(index, this.line, this.lineNumber, reason, cause);
  }

  /** Timestamp, location and elevation; returns the index of the first char after the separating spaces. */
  private parseHeader(continuation: boolean): number {
    const line = this.line;
    const tsOffset = continuation ? 1 : 0;
    const slash = line.indexOf('/', tsOffset);
    if (slash < 0) throw this.fail(tsOffset, 'Missing timestamp separator.');
    this.ts = this.parseTimestamp(tsOffset, slash);
    this.checkTimeWindow(slash);
    let idx = slash + 1;
    const slash2 = line.indexOf('/', idx);
    if (slash2 < 0) throw this.fail(idx, 'Missing location/elevation separator.');
    this.geo = slash2 === idx ? undefined : this.parseLocation(idx, slash2);
    idx = slash2 + 1;
    const space = line.indexOf(' ', idx);
    if (space < 0) throw this.fail(idx, continuation ? 'Missing value.' : 'Missing GTS name, labels and value.');
    this.elev = undefined;
    if (space !== idx) {
      const elev = parseJavaLongAt(line, idx, space);
      if (elev === undefined) throw this.fail(idx, `Invalid elevation: '${line.slice(idx, space)}'.`);
      this.elev = elev === NO_ELEVATION ? undefined : elev;
    }
    idx = space + 1;
    while (idx < line.length && line.charCodeAt(idx) === 0x20) idx++;
    return idx;
  }

  private parseTimestamp(from: number, to: number): bigint {
    if (from === to) return this.shifted(this.options.now(), false);
    const relative = this.line.charCodeAt(from) === 0x54; // T
    const parsed = parseJavaLongAt(this.line, relative ? from + 1 : from, to);
    if (parsed === undefined) throw this.fail(from, 'Invalid timestamp.');
    return relative ? this.shifted(this.options.now() + parsed, true) : this.shifted(parsed, false);
  }

  // Java long arithmetic wraps around; so does ours.
  private shifted(ts: bigint, mayOverflow: boolean): bigint {
    if (this.timeshift === 0n && !mayOverflow) return ts;
    return BigInt.asIntN(64, ts + this.timeshift);
  }

  private checkTimeWindow(index: number): void {
    this.ignored = false;
    const window = this.options.timeWindow;
    if (window === undefined) return;
    let reason: string | undefined;
    if (window.min !== undefined && this.ts < window.min) reason = `Timestamp ${this.ts} is too far in the past.`;
    else if (window.max !== undefined && this.ts > window.max) reason = `Timestamp ${this.ts} is too far in the future.`;
    if (reason === undefined) return;
    if (!window.ignoreOutOfRange) throw this.fail(index, reason);
    this.ignored = true;
  }

  private parseLocation(from: number, to: number): bigint | undefined {
    const text = this.line.slice(from, to);
    const colon = text.indexOf(':');
    let geo: bigint | undefined;
    if (colon >= 0) {
      const lat = parseJavaDouble(text.slice(0, colon));
      const lon = lat === undefined ? undefined : parseJavaDouble(text.slice(colon + 1));
      if (lat !== undefined && lon !== undefined) geo = toGeoPoint(lat, lon);
    } else {
      geo = parseJavaLong(text);
    }
    if (geo === undefined) throw this.fail(from, `Invalid location: '${text}'.`);
    return geo === NO_LOCATION ? undefined : geo;
  }

  /**
   * Finds the series named by `class{labels}` at [from, close) into `found*`: the previous object when it is
   * the same series, else the cached one for the same text, else a newly decoded one (cached then).
   */
  private seriesName(from: number, brace: number, close: number): void {
    const line = this.line;
    const current = this.current;
    const previousKey = this.currentKey;
    if (current !== undefined && close - from === previousKey.length && line.startsWith(previousKey, from)) {
      this.found(current, this.currentId, undefined);
      return;
    }
    const key = line.slice(from, close);
    const cache = this.options.seriesCache;
    const hit = cache?.get(key);
    if (hit !== undefined) {
      this.found(hit.name, hit.id, key);
      return;
    }
    const decoded = this.decodeName(from, brace, close);
    const name = current !== undefined && sameName(current, decoded) ? current : decoded;
    const id = cache?.add(key, name, name === current ? this.currentId : undefined).id;
    this.found(name, id, key);
  }

  private found(name: SeriesName, id: SeriesId | undefined, key: string | undefined): void {
    this.foundName = name;
    this.foundId = id;
    this.foundKey = key;
  }

  /** Decodes the class name and labels at [from, close), then applies the forced labels. */
  private decodeName(from: number, brace: number, close: number): SeriesName {
    const line = this.line;
    let className: string;
    let labels: Map<string, string>;
    try {
      className = urlDecode(line.slice(from, brace));
    } catch (e) {
      throw e instanceof UrlDecodingError ? this.fail(from, e.message) : e;
    }
    try {
      labels = parseLabelPairs(line.slice(brace + 1, close));
    } catch (e) {
      if (e instanceof LabelPairError) throw this.fail(brace + 1, 'Invalid label definition.', e.message);
      throw e instanceof UrlDecodingError ? this.fail(brace + 1, e.message) : e;
    }
    const forced = this.options.forcedLabels;
    if (forced !== undefined) for (const [k, v] of forced) labels.set(k, v);
    return { className, labels };
  }

  /** The attributes block whose content starts at `from` and whose `}` is at `end` (-1: missing). */
  private parseAttributes(from: number, end: number): Attributes {
    if (end < 0) throw this.fail(this.line.length - 1, "Missing end of attributes '}'.");
    try {
      return parseLabelPairs(this.line.slice(from, end));
    } catch (e) {
      // Warp 10 reports the attribute error at the closing brace.
      if (e instanceof LabelPairError) throw this.fail(end, 'Invalid attribute definition.', e.message);
      throw e instanceof UrlDecodingError ? this.fail(from, e.message) : e;
    }
  }

  private parseValueAt(text: string, index: number): Value {
    let value: Value;
    try {
      value = parseValue(text);
    } catch (e) {
      throw e instanceof ValueParseError ? this.fail(index + e.offset, e.reason, e.causeMessage) : e;
    }
    if ((value.type === 'STRING' || value.type === 'BINARY') && value.value.length > this.options.valueMaxSize) {
      // Warp 10 quirk: the series named is the previous line's (or none on the first line).
      throw this.fail(index, `Value too large for GTS ${selectorText(this.current)}`);
    }
    return value;
  }
}

/**
 * Parses a whole /update body atomically: every datapoint, or an InputParseError for the first
 * malformed line (nothing is returned then). Line numbers are 1-based, as splitLines counts them.
 */
export function parseInputBody(text: string, options: InputParseOptions): ParsedLine[] {
  const parser = new InputParser(options);
  const lines = splitLines(text);
  const out: ParsedLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const parsed = parser.parseLine(lines[i], i + 1);
    if (parsed !== undefined) out.push(parsed);
  }
  return out;
}
