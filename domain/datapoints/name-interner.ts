import type { Labels } from '../series/series.js';
import { ownedString } from './owned-string.js';

/** Distinct values an interner shares per label name before it starts that name's values over. */
export const VALUES_PER_NAME = 256;
/** Distinct class and label names an interner shares before it starts over. */
export const INTERNED_NAMES = 1024;

/**
 * Shared, owned copies of the strings of series names, for what keeps many names for long (the ingress series
 * cache, the directory). Every name decoded from a request or a record has strings of its own, though most are
 * the same text across series: the class name, the label names, and the values that tokens force (`.owner`,
 * `.producer`, `.app`: 36-character ids) or that many series share (`dc=…`, `rack=…`). With 100,000 series of
 * 6 labels that is ~40 MB of copies per holder. Strings returned are owned (ownedString), never a slice of
 * their input, so a holder keeps no request body alive.
 *
 * Bounded: at most INTERNED_NAMES names and VALUES_PER_NAME values per name are remembered; a full table is
 * emptied and refilled by what comes next (values that are shared come back at once; one-off values, such as
 * a host per series, only pass through). Interning changes no text, only which copy is kept.
 */
export class NameInterner {
  private names = new Map<string, string>();
  private values = new Map<string, Map<string, string>>();

  /** The shared copy of a class name (or a label name). */
  name(text: string): string {
    let shared = this.names.get(text);
    if (shared === undefined) {
      if (this.names.size >= INTERNED_NAMES) this.names = new Map();
      shared = ownedString(text);
      this.names.set(shared, shared);
    }
    return shared;
  }

  /** A copy of `labels` (same order) whose names and values are shared copies. */
  labels(labels: Labels): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, value] of labels) out.set(this.name(name), this.value(name, value));
    return out;
  }

  /** The shared copy of the value of label `name`. */
  value(name: string, text: string): string {
    let values = this.values.get(name);
    if (values === undefined) {
      if (this.values.size >= INTERNED_NAMES) this.values = new Map();
      this.values.set(this.name(name), (values = new Map()));
    }
    let shared = values.get(text);
    if (shared === undefined) {
      if (values.size >= VALUES_PER_NAME) values.clear();
      shared = ownedString(text);
      values.set(shared, shared);
    }
    return shared;
  }
}
