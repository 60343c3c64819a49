import type { Attributes, Labels } from '../series/series.js';

/**
 * Token claims (reference §2.1), after decoding and before encoding. Timestamps are ms since the
 * epoch; UUIDs are lower-case canonical strings (16-byte binaries on the wire, see uuid.ts).
 * Absent Thrift maps decode to empty maps, and empty maps are not written.
 */

/** Write token (`WriteToken` struct): what may be written, and which labels are forced (§2.3). */
export interface WriteToken {
  readonly issuance: bigint;
  readonly expiry: bigint;
  readonly producer: string;
  readonly owner: string;
  /** Application name; Thrift requires it, so it is `''` rather than absent. */
  readonly app: string;
  readonly labels: Labels;
  readonly attributes: Attributes;
  /** Deprecated Warp 10 field, carried through unchanged. */
  readonly indices?: readonly bigint[];
}

/** Read token (`ReadToken` struct): what may be read, turned into forced selectors (§2.4). */
export interface ReadToken {
  readonly issuance: bigint;
  readonly expiry: bigint;
  /** Applications whose series may be read; empty = no constraint on `.app`. */
  readonly apps: readonly string[];
  /** Owners whose series may be read; empty = no constraint on `.owner`. */
  readonly owners: readonly string[];
  /** Producers whose series may be read; empty = no constraint on `.producer`. */
  readonly producers: readonly string[];
  /** Billed customer (Worf sets the producer, TOKENGEN the owner). */
  readonly billedId: string;
  /** Extra forced selectors: values are selector expressions (`=x` or `~regex`). */
  readonly labels: Labels;
  readonly attributes: Attributes;
  /** WarpScript hooks; a token with hooks cannot be used for /fetch or Plasma. */
  readonly hooks?: ReadonlyMap<string, string>;
  readonly dataviz?: boolean;
  /** Name of the application using the token (informational). */
  readonly appName?: string;
  readonly lookup?: boolean;
}

/** `TokenType` enum values (field 3 of both structs). */
export const TokenType = { READ: 1, WRITE: 2 } as const;
export type TokenKind = 'READ' | 'WRITE';

/** Thrift field ids of `WriteToken` (io_warp10_quasar_token_thrift_data.thrift). */
export const WRITE_TOKEN_FIELD = {
  issuanceTimestamp: 1,
  expiryTimestamp: 2,
  tokenType: 3,
  lookup: 4,
  producerId: 5,
  ownerId: 6,
  appName: 7,
  indices: 8,
  labels: 9,
  attributes: 10,
} as const;

/** Thrift field ids of `ReadToken`; 5 (groovy) and 6 (maxFetchSize) are deprecated and skipped. */
export const READ_TOKEN_FIELD = {
  issuanceTimestamp: 1,
  expiryTimestamp: 2,
  tokenType: 3,
  lookup: 4,
  groovy: 5,
  maxFetchSize: 6,
  appName: 7,
  apps: 8,
  owners: 9,
  producers: 10,
  billedId: 11,
  hooks: 12,
  attributes: 13,
  labels: 14,
  dataviz: 100,
} as const;
