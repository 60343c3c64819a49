import { mkdirSync } from 'node:fs';
import { ValidationError } from '../../domain/errors.js';
import { startCell } from '../apps/cell/main.js';
import { parseComponents } from '../apps/cell/components.js';
import { ConfigError } from '../config/config.js';
import { loadConfig } from '../config/config.loader.js';
import { applyHeapGrowth } from './heap-growth.js';
import { tokenCodecOf } from '../infrastructure/infrastructure.module.js';
import { ensureTokensFile } from './tokens-file.js';
import { warmUpMainThread } from './warm-up.js';

export interface StartOptions {
  readonly port?: string;
  readonly host?: string;
  readonly dataDir?: string;
  readonly config?: string;
  /** Overrides `warp.components`: `standalone` or a comma list of ingress, egress, directory, store. */
  readonly components?: string;
}

/**
 * `continuum start` (and `npm start`): the components of `warp.components` (or `--components`), by default a
 * standalone cell. The first start creates the data directory, its configuration with fresh keys, and a read
 * and a write token. `--port` (and `--host`) is the standalone cell's port, or, in a distributed process, the
 * port every HTTP component of the process listens on.
 */
export async function startCommand(options: StartOptions): Promise<void> {
  const overrides: Record<string, string> = {};
  if (options.components !== undefined) overrides['warp.components'] = options.components;
  const loaded = loadConfig({ dataDir: options.dataDir, configFile: options.config, overrides: { ...overrides, ...portOverrides(options) } });
  const set = componentsOf(loaded.config.get('warp.components'));
  applyHeapGrowth(loaded.config);
  if (loaded.created) console.log(`created ${loaded.configFile} with fresh keys`);
  // With --config the data directory may not exist yet (components of a cell share one configuration file).
  mkdirSync(loaded.config.dataDir, { recursive: true });
  const { tokens, created } = ensureTokensFile(loaded.config.dataDir, tokenCodecOf(loaded.config));
  console.log(created ? `tokens written to ${tokens.file}` : `tokens are in ${tokens.file}`);
  const port = set.kind === 'distributed' && options.port !== undefined ? Number(options.port) : undefined;
  if (set.kind === 'standalone' && loaded.config.get('runtime.warmup')) {
    const started = performance.now();
    await warmUpMainThread((line) => console.warn(line));
    console.log(`warmed up in ${Math.round(performance.now() - started)} ms`);
  }
  await startCell(loaded.config, set, { port });
}

/** --port/--host as configuration overrides, checked like any key (standalone.port's range applies to all). */
function portOverrides(options: StartOptions): Record<string, string> {
  const out: Record<string, string> = {};
  if (options.port !== undefined) out['standalone.port'] = options.port;
  if (options.host !== undefined) {
    for (const key of ['standalone.host', 'ingress.host', 'egress.host', 'directory.host', 'store.host']) out[key] = options.host;
  }
  return out;
}

function componentsOf(text: string) {
  try {
    return parseComponents(text);
  } catch (error) {
    if (error instanceof ValidationError) throw new ConfigError(`invalid configuration: warp.components = '${text}': ${error.message}`);
    throw error;
  }
}
