import type { Attributes, SeriesId, SeriesName } from '../series/series.js';
import type { Datapoint } from './datapoint.js';
import { InputParser, type InputParseOptions, type ParsedLine } from './input-format.js';
import type { NumericValue } from './value-parser.js';

/** Receives the datapoints of a body as they are parsed (see `readInputBody`). */
export interface DatapointSink {
  /** `name` is the same object for consecutive lines of one series; `id` is given when the parser had a series cache. */
  add(name: SeriesName, id: SeriesId | undefined, attributes: Attributes | undefined, point: Datapoint): void;
  /**
   * Optional: takes the numeric points (PointColumns' sense: safe timestamp, no location or elevation, a LONG or
   * DECIMAL that is a safe integer) as numbers, so that neither a Datapoint nor a Value is built for them; the
   * other points still come through `add`. `value` is the parser's, valid during the call only.
   */
  addNumeric?(name: SeriesName, id: SeriesId | undefined, attributes: Attributes | undefined, ts: number, value: NumericValue): void;
}

/** Hands the point `parser` has just read to `sink` (numeric points through `addNumeric` when it has one). */
export function sendPoint(parser: InputParser, sink: DatapointSink): void {
  const name = parser.name as SeriesName;
  if (parser.isNumeric && sink.addNumeric !== undefined) sink.addNumeric(name, parser.id, parser.attributes, parser.numericTs, parser.numeric);
  else sink.add(name, parser.id, parser.attributes, parser.point as Datapoint);
}

/**
 * The lines of a text as Java's `readLine` cuts them: on `\n`, `\r\n` or `\r`; a final line terminator
 * does not start another (empty) line. `next()` moves to the next line, text[start, end).
 */
export class LineScanner {
  start = 0;
  end = 0;
  private pos = 0;
  // Next '\n' and '\r' at or after the position they were searched from (-1: none left), so that a text
  // using only one kind of terminator is not rescanned for the other at every line.
  private lf = -2;
  private cr = -2;

  constructor(private readonly text: string) {}

  next(): boolean {
    const { text, pos } = this;
    const n = text.length;
    if (pos >= n) return false;
    if (this.lf !== -1 && this.lf < pos) this.lf = text.indexOf('\n', pos);
    if (this.cr !== -1 && this.cr < pos) this.cr = text.indexOf('\r', pos);
    let end = this.lf < 0 ? n : this.lf;
    if (this.cr >= 0 && this.cr < end) end = this.cr;
    this.start = pos;
    this.end = end;
    if (end === n) this.pos = n;
    else if (text.charCodeAt(end) === 0x0d && end + 1 < n && text.charCodeAt(end + 1) === 0x0a) this.pos = end + 2;
    else this.pos = end + 1;
    return true;
  }
}

/** Splits a request body into lines like Java's `readLine` (see LineScanner). */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  const scanner = new LineScanner(text);
  while (scanner.next()) lines.push(text.slice(scanner.start, scanner.end));
  return lines;
}

/**
 * Parses a whole /update body, handing every datapoint to `sink` in order; throws an InputParseError for
 * the first malformed line (line numbers are 1-based). The request is atomic, so a caller MUST NOT act on
 * what the sink received before this returns. Lines are read in place: no string per line.
 */
export function readInputBody(text: string, options: InputParseOptions, sink: DatapointSink): void {
  const parser = new InputParser(options);
  const lines = new LineScanner(text);
  for (let lineNumber = 1; lines.next(); lineNumber++) {
    if (parser.parseAt(text, lines.start, lines.end, lineNumber)) sendPoint(parser, sink);
  }
}

/** Parses a whole /update body atomically: every datapoint, or an InputParseError for the first malformed line. */
export function parseInputBody(text: string, options: InputParseOptions): ParsedLine[] {
  const out: ParsedLine[] = [];
  readInputBody(text, options, { add: (name, id, attributes, point) => out.push({ name, id, attributes, point }) });
  return out;
}
