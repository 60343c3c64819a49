import { ValidationError } from '../errors.js';
import { javaTrim } from '../datapoints/java-number.js';
import { LabelPairError, parseLabelPairs } from './label-pairs.js';
import { isValidMetadata, type MetadataLimits } from './metadata-limits.js';
import type { Attributes, Labels, SeriesName } from './series.js';
import { UrlDecodingError, urlDecode } from './url-decoding.js';

export interface MetaLineOptions {
  /** Token labels, then `.producer`, `.owner`, `.app` (§5.1): they override same-named labels of the line. */
  readonly forcedLabels?: Labels;
  readonly limits: MetadataLimits;
}

export interface MetaLine {
  readonly name: SeriesName;
  /** The new attributes of the series (empty for `{}`, which clears them). */
  readonly attributes: Attributes;
}

/**
 * Parses one line of an /api/v0/meta body (Warp 10 `MetadataUtils.parseMetadata` and
 * `Ingress.handleMeta`, reference §5.1). The line, Java-trimmed, must be `CLASS{LABELS}{ATTRIBUTES}`:
 * CLASS is one or more chars other than `{`, LABELS and ATTRIBUTES have no `}`, nothing follows.
 * Pairs and percent-decoding are as in the input format (§1.2, §1.7); forced labels are applied,
 * then the metadata limits of §1.4 are always checked.
 *
 * Returns undefined for lines Warp 10 skips (empty, or starting with `#`). Throws ValidationError
 * `Invalid metadata <line>` for anything else that is not valid (Warp 10 answers 500 for bad
 * percent escapes; Continuum treats them as invalid metadata too).
 */
export function parseMetaLine(line: string, options: MetaLineOptions): MetaLine | undefined {
  if (line.length === 0 || line.charCodeAt(0) === 0x23) return undefined;
  const invalid = () => new ValidationError(`Invalid metadata ${line}`);
  const text = javaTrim(line);
  const open = text.indexOf('{');
  if (open < 1) throw invalid();
  const close = text.indexOf('}', open + 1);
  if (close < 0 || text.charCodeAt(close + 1) !== 0x7b || text.indexOf('}', close + 2) !== text.length - 1) throw invalid();
  let name: SeriesName;
  let attributes: Map<string, string>;
  try {
    const labels = parseLabelPairs(text.slice(open + 1, close));
    attributes = parseLabelPairs(text.slice(close + 2, text.length - 1));
    if (options.forcedLabels !== undefined) for (const [k, v] of options.forcedLabels) labels.set(k, v);
    name = { className: urlDecode(text.slice(0, open)), labels };
  } catch (e) {
    if (e instanceof LabelPairError || e instanceof UrlDecodingError) throw invalid();
    throw e;
  }
  if (!isValidMetadata(name.labels, attributes, options.limits)) throw invalid();
  return { name, attributes };
}
