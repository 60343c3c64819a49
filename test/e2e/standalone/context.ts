import type { Cell } from '../../harness/cell.js';
import type { Client } from '../../harness/client.js';

/**
 * What the standalone suites share: one cell for the whole file, and a client whose default tokens are a
 * write token and a read token minted for `owner` (owner = producer, empty application: `--app ''`), so that outputs
 * carry no `.app` label and hidden owner/producer labels only.
 */
export interface StandaloneContext {
  readonly cell: Cell;
  readonly client: Client;
  readonly owner: string;
  readonly writeToken: string;
  readonly readToken: string;
}

/** Suites get the context lazily: it exists only once beforeAll has started the cell. */
export type GetContext = () => StandaloneContext;

/** Normalises the random `"i"` field of JSON fetch output (reference §7.1: it changes on every request). */
export function normaliseJsonIds(json: string): string {
  return json.replace(/"i":"-?\d+"/g, '"i":"*"');
}

/**
 * Replaces every `"la":<ms>` of JSON output (fetch or find) by `"la":"*"` and returns the values it saw.
 * Reference §7.1 prints "lastActivity ms or 0": Continuum tracks activity, so the value is the time of a
 * recent write; callers check the values are plausible instead of comparing a clock reading byte for byte.
 */
export function normaliseActivity(json: string): { json: string; activity: number[] } {
  const activity: number[] = [];
  const out = json.replace(/"la":(-?\d+)/g, (_, ms: string) => {
    activity.push(Number(ms));
    return '"la":"*"';
  });
  return { json: out, activity };
}

/** Asserts lastActivity values are 0 (not tracked) or a time in ms between `sinceMs` and now. */
export function expectPlausibleActivity(activity: readonly number[], sinceMs: number): void {
  const now = Date.now();
  for (const la of activity) if (la !== 0 && (la < sinceMs || la > now)) throw new Error(`lastActivity ${la} is not 0 nor within [${sinceMs}, ${now}]`);
}
