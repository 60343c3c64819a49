import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Config, ConfigError, type RawValue } from './config.js';
import { CONFIG_SCHEMA, envNameOf } from './config.schema.js';
import { parseProperties } from './properties.js';

/** File name of the configuration inside the data directory. */
export const CONFIG_FILE = 'continuum.conf';

export interface LoadOptions {
  /** Data directory (CLI --data-dir); else CONTINUUM_DATA_DIR; else ./data. */
  readonly dataDir?: string;
  /** Configuration file (CLI --config); else <data dir>/continuum.conf. */
  readonly configFile?: string;
  /** Values given on the command line (e.g. --port → standalone.port); they win over everything. */
  readonly overrides?: Readonly<Record<string, string>>;
  readonly env?: NodeJS.ProcessEnv;
}

export interface LoadedConfig {
  readonly config: Config;
  readonly configFile: string;
  /** True when this call created the data directory and its configuration. */
  readonly created: boolean;
}

/**
 * Loads the configuration: generated file (created with fresh random keys on first start), then environment
 * (`CONTINUUM_<KEY>`, plus `CONTINUUM_PORT` for standalone.port), then command-line overrides.
 * Throws ConfigError naming the key on any invalid value.
 */
export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir ?? env.CONTINUUM_DATA_DIR ?? 'data');
  const configFile = resolve(options.configFile ?? join(dataDir, CONFIG_FILE));
  let created = false;
  if (!existsSync(configFile)) {
    if (options.configFile !== undefined) throw new ConfigError(`invalid configuration: file ${configFile} does not exist`);
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(configFile, generatedConfiguration(), { mode: 0o600 });
    created = true;
  }
  const raw = new Map<string, RawValue>();
  for (const [key, entry] of parseProperties(readFileSync(configFile, 'utf8'))) {
    raw.set(key, { value: entry.value, origin: `${configFile}:${entry.line}` });
  }
  if (env.CONTINUUM_PORT !== undefined) raw.set('standalone.port', { value: env.CONTINUUM_PORT, origin: 'env CONTINUUM_PORT' });
  for (const key of Object.keys(CONFIG_SCHEMA)) {
    const name = envNameOf(key);
    const v = env[name];
    if (v !== undefined) raw.set(key, { value: v, origin: `env ${name}` });
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) raw.set(key, { value, origin: 'command line' });
  return { config: new Config(raw, dataDir), configFile, created };
}

/** A fresh configuration with new random keys (reference §2.5), written on first start. */
export function generatedConfiguration(): string {
  const key = (bytes: number) => `hex:${randomBytes(bytes).toString('hex')}`;
  return [
    '# Continuum configuration (Warp 10 key names where Warp 10 has the key).',
    '# Generated on first start with fresh random keys. Keep it secret: tokens are minted from these keys.',
    '# To accept the tokens of an existing Warp 10, copy its warp.hash.* and warp.aes.token values here.',
    '',
    'warp.timeunits = us',
    '',
    `warp.hash.class = ${key(16)}`,
    `warp.hash.labels = ${key(16)}`,
    `warp.hash.token = ${key(16)}`,
    `warp.hash.app = ${key(16)}`,
    `warp.aes.token = ${key(32)}`,
    '',
    '# standalone.host = 127.0.0.1',
    '# standalone.port = 8080',
    '',
  ].join('\n');
}
