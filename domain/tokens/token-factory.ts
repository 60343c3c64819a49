import { ValidationError } from '../errors.js';
import type { Attributes, Labels } from '../series/series.js';
import type { ReadToken, WriteToken } from './token.js';
import { normalizeUuid } from './uuid.js';

/** What to mint: the Worf role (reference §2.2), one read and one write token for an application. */
export interface MintRequest {
  /** Application name: written as `.app`, and the only readable app unless `read.apps` says otherwise. */
  readonly app: string;
  /** Owner UUID (any case; stored lower-case). */
  readonly owner: string;
  /** Producer UUID (any case; stored lower-case). Also the read token's billed id, as Worf does. */
  readonly producer: string;
  /** Lifetime in ms, > 0. The expiry is capped at Long.MAX_VALUE, as TOKENGEN does. */
  readonly ttlMs: bigint;
  /** Issuance time, ms since the epoch. */
  readonly nowMs: bigint;
  /**
   * Labels put in both tokens, as Worf does: forced on written series, and forced as selectors on
   * reads (a bare value selects that exact value; `=x`/`~re` are also accepted, but such values
   * would be written literally by the write token).
   */
  readonly labels?: Labels;
  /** Attributes put in both tokens (e.g. `.expose`); `read`/`write` attributes are added over them. */
  readonly attributes?: Attributes;
  /** Read token overrides: which apps, owners and producers it may read (defaults [app], [owner], [producer]). */
  readonly read?: {
    readonly apps?: readonly string[];
    readonly owners?: readonly string[];
    readonly producers?: readonly string[];
    readonly attributes?: Attributes;
  };
  readonly write?: { readonly attributes?: Attributes };
}

const LONG_MAX = 0x7fffffffffffffffn;

/**
 * Mints the claims of a read and a write token (encode them with TokenCodec). The read token reads
 * what the write token writes: apps [app] (none when `app` is empty), owners [owner], producers
 * [producer]. Throws a ValidationError for a malformed UUID or a TTL that is not positive.
 */
export function mintTokens(req: MintRequest): { read: ReadToken; write: WriteToken } {
  if (req.ttlMs <= 0n) throw new ValidationError(`cannot mint tokens: TTL must be positive, got ${req.ttlMs} ms`);
  const owner = normalizeUuid(req.owner);
  const producer = normalizeUuid(req.producer);
  const expiry = req.nowMs + req.ttlMs > LONG_MAX ? LONG_MAX : req.nowMs + req.ttlMs;
  const labels = new Map(req.labels ?? []);
  const common = req.attributes ?? new Map<string, string>();
  const write: WriteToken = {
    issuance: req.nowMs,
    expiry,
    producer,
    owner,
    app: req.app,
    labels,
    attributes: new Map([...common, ...(req.write?.attributes ?? [])]),
  };
  const read: ReadToken = {
    issuance: req.nowMs,
    expiry,
    appName: req.app,
    apps: [...(req.read?.apps ?? (req.app === '' ? [] : [req.app]))],
    owners: (req.read?.owners ?? [owner]).map(normalizeUuid),
    producers: (req.read?.producers ?? [producer]).map(normalizeUuid),
    billedId: producer,
    labels: new Map(labels),
    attributes: new Map([...common, ...(req.read?.attributes ?? [])]),
  };
  return { read, write };
}
