import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintTokens } from '../../domain/tokens/token-factory.js';
import type { TokenCodec } from '../../domain/tokens/token-codec.js';

/** File, inside the data directory, holding the cell's first read and write tokens. */
export const TOKENS_FILE = 'tokens.txt';
/** Application of the generated tokens. */
export const DEFAULT_APP = 'continuum';
/** Lifetime of the generated tokens: ten years. */
export const DEFAULT_TOKEN_TTL_MS = 10n * 365n * 24n * 3600n * 1000n;

export interface CellTokens {
  readonly read: string;
  readonly write: string;
  readonly file: string;
}

/**
 * Makes sure the data directory holds a read token and a write token (the Worf role, reference §2.2), minted
 * from the cell's keys with a fresh owner = producer UUID. Existing tokens are kept.
 */
export function ensureTokensFile(dataDir: string, codec: TokenCodec, nowMs = Date.now()): { tokens: CellTokens; created: boolean } {
  const file = join(dataDir, TOKENS_FILE);
  if (existsSync(file)) return { tokens: readTokensFile(file), created: false };
  const owner = randomUUID();
  const { read, write } = mintTokens({ app: DEFAULT_APP, owner, producer: owner, ttlMs: DEFAULT_TOKEN_TTL_MS, nowMs: BigInt(nowMs) });
  const tokens = { read: codec.encodeRead(read), write: codec.encodeWrite(write), file };
  const expires = new Date(nowMs + Number(DEFAULT_TOKEN_TTL_MS)).toISOString();
  const text = [
    `# Continuum tokens of this cell: application '${DEFAULT_APP}', owner and producer ${owner}, valid until ${expires}.`,
    '# Mint others with `npx continuum token --type read|write --app NAME --owner UUID --producer UUID --ttl 30d`.',
    `read=${tokens.read}`,
    `write=${tokens.write}`,
    '',
  ].join('\n');
  writeFileSync(file, text, { mode: 0o600 });
  return { tokens, created: true };
}

export function readTokensFile(file: string): CellTokens {
  const entries = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^(read|write)=(.+)$/.exec(line.trim());
    if (m) entries.set(m[1], m[2]);
  }
  const read = entries.get('read');
  const write = entries.get('write');
  if (read === undefined || write === undefined) throw new Error(`cannot read tokens from ${file}: expected lines read=… and write=…`);
  return { read, write, file };
}
