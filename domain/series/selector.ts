import { ValidationError } from '../errors.js';
import { percentDecode, percentEncode } from '../text/percent.js';
import { compileJavaRegex } from './java-regex.js';
import { type Attributes, type Labels, RESERVED_LABELS } from './series.js';

/** How a selector matches the class name: exactly, or with a (Java) regex matching the whole name. */
export type ClassMatcher = { kind: 'exact'; value: string } | { kind: 'regex'; source: string; regex: RegExp };

/**
 * How a selector matches one label (or, when the series has no such label, the attribute of that name):
 * exactly, with a regex matching the whole value, or — with absent-label support — by its absence.
 */
export type LabelMatcher =
  | { name: string; kind: 'exact'; value: string }
  | { name: string; kind: 'regex'; source: string; regex: RegExp }
  | { name: string; kind: 'absent' };

/** A parsed selector (reference §6.3). Label names are unique; order is the order of first appearance. */
export interface Selector {
  readonly classMatcher: ClassMatcher;
  readonly labels: readonly LabelMatcher[];
}

/** Parsing options. */
export interface SelectorOptions {
  /** `warp10.absent.label.support`: `name=` means "no label or attribute `name`" instead of "empty value". */
  absentLabelSupport: boolean;
}

/**
 * Parses one selector `CLASS{NAME=VALUE,NAME~REGEX,…}` exactly as Warp 10 does (`EgressFetchHandler`
 * / `PARSESELECTOR` with `GTSHelper.parseLabelsSelectors`, reference §6.3):
 * - the text must match `^([^{]+)\{(.*)\}$` (class part non-empty and without `{`; no line break
 *   inside the braces); the class part is PE-decoded, then `~REGEX` is a regex, `=NAME` an exact
 *   name and anything else an exact name (so `=~x` is the class literally named `~x`);
 * - the label part is split on `,`; each item is trimmed (Java `trim`: chars ≤ U+0020) and skipped
 *   when empty; if it contains `=` anywhere it is exact, split at every `=` with the first piece as
 *   name and the second as value (`a~b=c` is exact on `a~b`; `a!=b` is exact on `a!`; quirk: `a=b=c`
 *   is exact on `a` with value `b`, the rest dropped), else if it contains `~` it is a regex split the same way, else an
 *   error; name and value are PE-decoded; a repeated name keeps its first position and last value.
 * Throws ValidationError naming the selector.
 */
export function parseSelector(text: string, options: SelectorOptions): Selector {
  const open = text.indexOf('{');
  if (open <= 0 || text.length < open + 2 || text.charCodeAt(text.length - 1) !== 0x7d /* } */) {
    throw invalid(text, 'expected CLASS{LABELS}');
  }
  const labelsText = text.slice(open + 1, -1);
  if (hasLineTerminator(labelsText)) throw invalid(text, 'line break inside the label selectors');
  try {
    return { classMatcher: classMatcher(percentDecode(text.slice(0, open))), labels: parseLabelSelectors(labelsText, options) };
  } catch (e) {
    if (e instanceof ValidationError) throw invalid(text, e.message, e);
    throw e;
  }
}

/**
 * Parses a whitespace-separated list of selectors, as /fetch, /find and /delete accept them
 * (Java `selector.split("\\s+")`): trailing whitespace is ignored, all-whitespace text gives no
 * selector, and — as in Warp 10 — leading whitespace yields an empty first selector, which is invalid.
 */
export function parseSelectors(text: string, options: SelectorOptions): Selector[] {
  return splitOnJavaWhitespace(text).map((t) => parseSelector(t, options));
}

/**
 * Builds one label matcher, e.g. for selectors forced by a read token (reference §2.4).
 * `=` with an empty value means "absent" when absent-label support is on. Throws ValidationError
 * when a regex cannot be used.
 */
export function labelMatcher(name: string, op: '=' | '~', value: string, options: SelectorOptions): LabelMatcher {
  if (op === '~') return { name, kind: 'regex', source: value, regex: compileJavaRegex(value) };
  if (value === '' && options.absentLabelSupport) return { name, kind: 'absent' };
  return { name, kind: 'exact', value };
}

/**
 * Replaces the matchers on `replaced` names (by default the reserved `.producer`, `.owner`, `.app`)
 * with `forced` ones, as egress does with the selectors a read token imposes (reference §2.4, §6.3).
 */
export function forceLabelMatchers(selector: Selector, forced: readonly LabelMatcher[], replaced: readonly string[] = RESERVED_LABELS): Selector {
  const kept = selector.labels.filter((m) => !replaced.includes(m.name) && !forced.some((f) => f.name === m.name));
  return { classMatcher: selector.classMatcher, labels: [...kept, ...forced] };
}

/**
 * Whether a series matches (Warp 10 Directory `find`, reference §6.3): the class matcher on the class
 * name; every label matcher on the label of that name or, if the series has no such label, on the
 * attribute of that name (neither → no match); `absent` requires neither a label nor an attribute.
 */
export function matchesSeries(selector: Selector, series: { className: string; labels: Labels; attributes: Attributes }): boolean {
  const cm = selector.classMatcher;
  if (cm.kind === 'exact' ? series.className !== cm.value : !cm.regex.test(series.className)) return false;
  for (const m of selector.labels) {
    if (m.kind === 'absent') {
      if (series.labels.has(m.name) || series.attributes.has(m.name)) return false;
      continue;
    }
    const value = series.labels.get(m.name) ?? series.attributes.get(m.name);
    if (value === undefined) return false;
    if (m.kind === 'exact' ? value !== m.value : !m.regex.test(value)) return false;
  }
  return true;
}

/**
 * The canonical text of a selector, for messages and logs: `=CLASS` or `~REGEX`, then
 * `{name=value,name~regex,name=}` (absent as an empty exact value), every name, value and the class
 * PE-encoded. Parsing it again (with absent-label support for `name=`) gives the same selector.
 */
export function selectorToString(selector: Selector): string {
  const cm = selector.classMatcher;
  let out = cm.kind === 'exact' ? `=${percentEncode(cm.value)}` : `~${percentEncode(cm.source)}`;
  out += '{';
  selector.labels.forEach((m, i) => {
    if (i > 0) out += ',';
    out += percentEncode(m.name);
    if (m.kind === 'regex') out += `~${percentEncode(m.source)}`;
    else out += `=${m.kind === 'exact' ? percentEncode(m.value) : ''}`;
  });
  return `${out}}`;
}

function classMatcher(decoded: string): ClassMatcher {
  if (decoded.startsWith('~')) {
    const source = decoded.slice(1);
    return { kind: 'regex', source, regex: compileJavaRegex(source) };
  }
  return { kind: 'exact', value: decoded.startsWith('=') ? decoded.slice(1) : decoded };
}

function parseLabelSelectors(text: string, options: SelectorOptions): LabelMatcher[] {
  const byName = new Map<string, LabelMatcher>();
  for (const raw of text.split(',')) {
    const item = javaTrim(raw);
    if (item === '') continue;
    const op = item.includes('=') ? '=' : item.includes('~') ? '~' : undefined;
    if (op === undefined) throw new ValidationError(`label selector '${item}' has neither '=' nor '~'`);
    const parts = item.split(op);
    const name = percentDecode(parts[0]);
    const matcher = labelMatcher(name, op, percentDecode(parts[1]), options);
    byName.set(name, matcher);
  }
  return [...byName.values()];
}

function invalid(text: string, reason: string, cause?: unknown): ValidationError {
  return new ValidationError(`cannot parse selector '${text}': ${reason}`, { cause });
}

// Java String.trim: strips chars <= U+0020 at both ends.
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

// Java regex `.` does not match these, so `\{(.*)\}` cannot span them.
function hasLineTerminator(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

// Java `text.split("\\s+")`: ASCII whitespace separators, trailing empty strings removed.
function splitOnJavaWhitespace(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    if (!isJavaSpace(text.charCodeAt(i))) {
      i++;
      continue;
    }
    parts.push(text.slice(start, i));
    while (i < text.length && isJavaSpace(text.charCodeAt(i))) i++;
    start = i;
  }
  if (parts.length === 0) return [text]; // no separator: Java returns the input itself, even ''
  parts.push(text.slice(start));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function isJavaSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}
