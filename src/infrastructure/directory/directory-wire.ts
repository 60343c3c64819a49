import { ValidationError } from '../../../domain/errors.js';
import { checkpointFromJson, checkpointToJson, type Checkpoint } from '../../../domain/ports/checkpoint.js';
import { compileJavaRegex } from '../../../domain/series/java-regex.js';
import type { ClassMatcher, LabelMatcher, Selector } from '../../../domain/series/selector.js';
import { seriesIdFromHex, type Series, type SeriesId } from '../../../domain/series/series.js';

/**
 * Continuum's directory protocol (issue 4, point 6): what egress and ingress send to a directory instance and
 * what it streams back. Warp 10's `/directory-streaming` (reference §6.2) answers Thrift-compact Metadata in
 * OPB64; ours answers NDJSON, one series per line, so that the selectors travel exactly as parsed (regex
 * sources, absent-label matchers) and no Thrift is needed.
 *
 * - `POST /directory-streaming`, body `{"selectors":[…]}` (`encodeFindRequest`) or `{"id":…}` (`encodeGetRequest`):
 *   200 `application/x-ndjson`,
 *   one `{"id","c","l","a","la"?}` line per matching series in `compareSeries` order, then `{"end":N}`
 *   (N = series sent). A response without that last line was cut short and MUST be treated as a failure.
 * - `POST /directory-applied`, body `{"position":{"0":12},"timeoutMs":500}`: waits (bounded) until the
 *   instance has applied that metadata position; 200 `{"covered":bool,"applied":{…}}`.
 * Both are signed with `directory.psk` when set (directory-signature.ts).
 */
export const DIRECTORY_FIND_PATH = '/directory-streaming';
export const DIRECTORY_APPLIED_PATH = '/directory-applied';
export const NDJSON = 'application/x-ndjson';

type ClassJson = ['=' | '~', string];
type LabelJson = [string, '=' | '~', string] | [string, '!'];
interface SelectorJson {
  readonly c: ClassJson;
  readonly l: LabelJson[];
}

/** The body of a find request. */
export function encodeFindRequest(selectors: readonly Selector[]): string {
  return JSON.stringify({ selectors: selectors.map(selectorJson) });
}

/** The body of a find request for one series by id (answered like a find: its line, if known, then the end). */
export function encodeGetRequest(id: SeriesId): string {
  return JSON.stringify({ id });
}

/** A find request: series matching selectors, or the series of one id. */
export type FindRequest = { readonly selectors: Selector[] } | { readonly id: SeriesId };

/** Reads a find request; throws ValidationError (400) when it is not one, or a regex cannot be compiled. */
export function decodeFindRequest(body: string): FindRequest {
  const parsed = parseJson(body, 'find request') as { selectors?: unknown; id?: unknown };
  if (typeof parsed?.id === 'string') {
    try {
      return { id: seriesIdFromHex(parsed.id) };
    } catch (error) {
      throw new ValidationError(`cannot read find request: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!Array.isArray(parsed?.selectors)) throw new ValidationError('cannot read find request: neither a selectors array nor an id');
  return { selectors: parsed.selectors.map((s) => selectorOf(s)) };
}

/** One line of a find answer (with its `\n`). */
export function encodeSeriesLine(series: Series): string {
  const line: Record<string, unknown> = { id: series.id, c: series.className, l: pairs(series.labels), a: pairs(series.attributes) };
  if (series.lastActivity !== undefined) line.la = series.lastActivity;
  return `${JSON.stringify(line)}\n`;
}

/** The last line of a complete find answer. */
export function encodeEndLine(count: number): string {
  return `${JSON.stringify({ end: count })}\n`;
}

/** A line of a find answer: a series, or the end marker with the count the server sent. */
export type FindLine = { readonly series: Series } | { readonly end: number };

/** Reads one line of a find answer (without its line break); throws ValidationError on anything else. */
export function decodeFindLine(line: string): FindLine {
  const o = parseJson(line, 'find answer line') as Record<string, unknown>;
  if (typeof o?.end === 'number') return { end: o.end };
  if (typeof o?.id !== 'string' || typeof o.c !== 'string') throw new ValidationError(`cannot read find answer line '${line.slice(0, 200)}': no id or class`);
  const series: Series = { id: seriesIdFromHex(o.id), className: o.c, labels: mapOf(o.l, line), attributes: mapOf(o.a, line) };
  return { series: typeof o.la === 'number' ? { ...series, lastActivity: o.la } : series };
}

/** The body of an applied-position request. */
export function encodeAppliedRequest(position: Checkpoint, timeoutMs: number): string {
  return `{"position":${checkpointToJson(position)},"timeoutMs":${Math.max(0, Math.floor(timeoutMs))}}`;
}

export function decodeAppliedRequest(body: string): { position: Checkpoint; timeoutMs: number } {
  const o = parseJson(body, 'applied request') as { position?: unknown; timeoutMs?: unknown };
  if (typeof o?.timeoutMs !== 'number' || !Number.isSafeInteger(o.timeoutMs) || o.timeoutMs < 0) throw new ValidationError('cannot read applied request: timeoutMs must be a non-negative integer');
  try {
    return { position: checkpointFromJson(JSON.stringify(o.position)), timeoutMs: o.timeoutMs };
  } catch (error) {
    throw new ValidationError(`cannot read applied request: ${(error as Error).message}`, { cause: error });
  }
}

export function encodeAppliedAnswer(covered: boolean, applied: Checkpoint): string {
  return `{"covered":${covered},"applied":${checkpointToJson(applied)}}`;
}

export function decodeAppliedAnswer(body: string): { covered: boolean; applied: Checkpoint } {
  const o = parseJson(body, 'applied answer') as { covered?: unknown; applied?: unknown };
  if (typeof o?.covered !== 'boolean') throw new ValidationError('cannot read applied answer: no covered flag');
  return { covered: o.covered, applied: checkpointFromJson(JSON.stringify(o.applied ?? {})) };
}

function selectorJson(selector: Selector): SelectorJson {
  const cm = selector.classMatcher;
  return {
    c: cm.kind === 'exact' ? ['=', cm.value] : ['~', cm.source],
    l: selector.labels.map((m): LabelJson => (m.kind === 'absent' ? [m.name, '!'] : m.kind === 'exact' ? [m.name, '=', m.value] : [m.name, '~', m.source])),
  };
}

function selectorOf(json: unknown): Selector {
  const s = json as Partial<SelectorJson> | null;
  const fail = (why: string) => new ValidationError(`cannot read selector ${JSON.stringify(json)?.slice(0, 200)}: ${why}`);
  if (!Array.isArray(s?.c) || s.c.length !== 2 || typeof s.c[1] !== 'string' || !Array.isArray(s.l)) throw fail('expected {"c":[op,text],"l":[…]}');
  let classMatcher: ClassMatcher;
  if (s.c[0] === '=') classMatcher = { kind: 'exact', value: s.c[1] };
  else if (s.c[0] === '~') classMatcher = { kind: 'regex', source: s.c[1], regex: compileJavaRegex(s.c[1]) };
  else throw fail(`unknown class operator '${String(s.c[0])}'`);
  const labels: LabelMatcher[] = s.l.map((l: unknown) => {
    if (!Array.isArray(l) || typeof l[0] !== 'string') throw fail('a label matcher is not [name, op, text]');
    const [name, op, text] = l as [string, string, unknown];
    if (op === '!' && l.length === 2) return { name, kind: 'absent' };
    if (typeof text !== 'string' || l.length !== 3) throw fail(`label matcher on '${name}' has no text`);
    if (op === '=') return { name, kind: 'exact', value: text };
    if (op === '~') return { name, kind: 'regex', source: text, regex: compileJavaRegex(text) };
    throw fail(`unknown label operator '${op}'`);
  });
  return { classMatcher, labels };
}

function pairs(map: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of map) out.push(k, v);
  return out;
}

function mapOf(value: unknown, line: string): Map<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) return out;
  if (!Array.isArray(value) || value.length % 2 !== 0) throw new ValidationError(`cannot read find answer line '${line.slice(0, 200)}': labels and attributes are [name, value, …]`);
  for (let i = 0; i < value.length; i += 2) {
    const [k, v] = [value[i], value[i + 1]];
    if (typeof k !== 'string' || typeof v !== 'string') throw new ValidationError(`cannot read find answer line '${line.slice(0, 200)}': a name or value is not a string`);
    out.set(k, v);
  }
  return out;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`cannot read ${what}: ${(error as Error).message}`, { cause: error });
  }
}
