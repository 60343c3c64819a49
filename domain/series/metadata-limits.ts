import { RESERVED_LABELS, type Attributes, type Labels } from './series.js';

/** `warp.labels.maxsize` (default 2048) and `warp.attributes.maxsize` (default 8192), in UTF-16 chars. */
export interface MetadataLimits {
  readonly labelsMaxSize: number;
  readonly attributesMaxSize: number;
}

export const DEFAULT_METADATA_LIMITS: MetadataLimits = { labelsMaxSize: 2048, attributesMaxSize: 8192 };

/**
 * What Warp 10 adds to `warp.labels.maxsize` so that the forced labels always fit: the names
 * `.producer`, `.owner`, `.app` and two 36-char UUIDs (reference §1.4).
 */
export const RESERVED_LABELS_PROVISION = 36 + 36 + RESERVED_LABELS.reduce((n, l) => n + l.length, 0);

function totalSize(map: ReadonlyMap<string, string>): number {
  let total = 0;
  for (const [k, v] of map) total += k.length + v.length;
  return total;
}

/**
 * Warp 10 `MetadataUtils.validateMetadata` (reference §1.4): false when an attribute is named
 * `.producer`, `.owner` or `.app`, when an attribute has the name of a label, when label names and
 * values add up to more than labelsMaxSize + 91 chars, or attributes to more than attributesMaxSize.
 * There is no limit on the class name or on the number of labels.
 */
export function isValidMetadata(labels: Labels, attributes: Attributes | undefined, limits: MetadataLimits): boolean {
  if (attributes !== undefined) {
    for (const name of attributes.keys()) {
      if (RESERVED_LABELS.includes(name) || labels.has(name)) return false;
    }
  }
  if (totalSize(labels) > limits.labelsMaxSize + RESERVED_LABELS_PROVISION) return false;
  return attributes === undefined || totalSize(attributes) <= limits.attributesMaxSize;
}

/**
 * Ingress only validates metadata when the line without its value is long enough to possibly
 * break a limit: `line.length - 6 - value.length` (6 for `// {} `) over this threshold.
 */
export function metadataCheckThreshold(limits: MetadataLimits): number {
  return Math.min(limits.labelsMaxSize, limits.attributesMaxSize);
}
