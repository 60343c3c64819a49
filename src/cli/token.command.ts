import { randomUUID } from 'node:crypto';
import { mintTokens } from '../../domain/tokens/token-factory.js';
import { parseTtl } from '../../domain/tokens/ttl.js';
import { loadConfig } from '../config/config.loader.js';
import { tokenCodecOf } from '../infrastructure/infrastructure.module.js';
import { DEFAULT_APP, DEFAULT_TOKEN_TTL_MS } from './tokens-file.js';

export interface TokenOptions {
  readonly type: string;
  readonly app?: string;
  readonly owner?: string;
  readonly producer?: string;
  readonly ttl?: string;
  readonly dataDir?: string;
  readonly config?: string;
}

/**
 * `continuum token`: mints one token from the cell's keys (the Worf role, reference §2.2) and prints it.
 * Owner and producer default to one fresh UUID; the producer defaults to the owner.
 */
export function tokenCommand(options: TokenOptions): string {
  if (options.type !== 'read' && options.type !== 'write') throw new Error(`--type must be read or write, got '${options.type}'`);
  const { config } = loadConfig({ dataDir: options.dataDir, configFile: options.config });
  const codec = tokenCodecOf(config);
  const owner = options.owner ?? randomUUID();
  const { read, write } = mintTokens({
    app: options.app ?? DEFAULT_APP,
    owner,
    producer: options.producer ?? owner,
    ttlMs: options.ttl === undefined ? DEFAULT_TOKEN_TTL_MS : parseTtl(options.ttl),
    nowMs: BigInt(Date.now()),
  });
  return options.type === 'read' ? codec.encodeRead(read) : codec.encodeWrite(write);
}
