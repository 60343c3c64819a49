import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.js';
import { loadConfig } from './config.loader.js';

describe('configuration', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'continuum-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the data directory with fresh random keys on first start and reuses them after', () => {
    const dataDir = join(dir, 'data');
    const first = loadConfig({ dataDir, env: {} });
    expect(first.created).toBe(true);
    expect(first.config.require('warp.hash.class')).toHaveLength(16);
    expect(first.config.require('warp.aes.token')).toHaveLength(32);
    const second = loadConfig({ dataDir, env: {} });
    expect(second.created).toBe(false);
    expect(second.config.require('warp.hash.token')).toEqual(first.config.require('warp.hash.token'));
    const other = loadConfig({ dataDir: join(dir, 'other'), env: {} });
    expect(other.config.require('warp.hash.token')).not.toEqual(first.config.require('warp.hash.token'));
  });

  it('applies defaults, then the file, then the environment, then the command line', () => {
    const dataDir = join(dir, 'd');
    loadConfig({ dataDir, env: {} });
    writeFileSync(join(dataDir, 'continuum.conf'), readFileSync(join(dataDir, 'continuum.conf'), 'utf8') + 'standalone.port = 9000\nwarp.timeunits = ms\n');
    expect(loadConfig({ dataDir, env: {} }).config.get('standalone.port')).toBe(9000);
    expect(loadConfig({ dataDir, env: { CONTINUUM_PORT: '9001' } }).config.get('standalone.port')).toBe(9001);
    expect(loadConfig({ dataDir, env: { CONTINUUM_STANDALONE_PORT: '9002' } }).config.get('standalone.port')).toBe(9002);
    expect(loadConfig({ dataDir, env: { CONTINUUM_PORT: '9001' }, overrides: { 'standalone.port': '9003' } }).config.get('standalone.port')).toBe(9003);
    expect(loadConfig({ dataDir, env: {} }).config.get('warp.timeunits')).toBe('ms');
    expect(loadConfig({ dataDir, env: {} }).config.get('warp.labels.maxsize')).toBe(2048);
  });

  it.each([
    ['warp.timeunits = xs', /warp\.timeunits = 'xs'.*continuum\.conf:\d+.*one of ms, us, ns/],
    ['standalone.port = 70000', /standalone\.port = '70000'.*\[0, 65535\]/],
    ['log.fsync = yes', /log\.fsync = 'yes'.*true or false/],
    ['warp.hash.class = hex:00ff', /warp\.hash\.class.*128 bits, got 16/],
    ['warp.aes.token = nothex', /warp\.aes\.token.*hex:/],
  ])('rejects %j naming the key and where it came from', (line, message) => {
    const dataDir = join(dir, 'bad');
    loadConfig({ dataDir, env: {} });
    writeFileSync(join(dataDir, 'continuum.conf'), readFileSync(join(dataDir, 'continuum.conf'), 'utf8') + line + '\n');
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ dataDir, env: {} })).toThrow(message);
  });

  it('names the environment variable of an invalid environment value', () => {
    expect(() => loadConfig({ dataDir: join(dir, 'e'), env: { CONTINUUM_WARP_TIMEUNITS: 'h' } })).toThrow(/env CONTINUUM_WARP_TIMEUNITS/);
  });
});
