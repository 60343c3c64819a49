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
