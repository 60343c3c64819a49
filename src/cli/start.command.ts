import { loadConfig } from '../config/config.loader.js';
import { tokenCodecOf } from '../infrastructure/infrastructure.module.js';
import { startStandalone } from '../apps/standalone/main.js';
import { ensureTokensFile } from './tokens-file.js';

export interface StartOptions {
  readonly port?: string;
  readonly host?: string;
  readonly dataDir?: string;
  readonly config?: string;
}

/**
 * `continuum start` (and `npm start`): a standalone cell. The first start creates the data directory, its
 * configuration with fresh keys, and a read and a write token.
 */
export async function startCommand(options: StartOptions): Promise<void> {
  const overrides: Record<string, string> = {};
  if (options.port !== undefined) overrides['standalone.port'] = options.port;
  if (options.host !== undefined) overrides['standalone.host'] = options.host;
  const loaded = loadConfig({ dataDir: options.dataDir, configFile: options.config, overrides });
  if (loaded.created) console.log(`created ${loaded.configFile} with fresh keys`);
  const { tokens, created } = ensureTokensFile(loaded.config.dataDir, tokenCodecOf(loaded.config));
  console.log(created ? `tokens written to ${tokens.file}` : `tokens are in ${tokens.file}`);
  await startStandalone(loaded.config);
}
