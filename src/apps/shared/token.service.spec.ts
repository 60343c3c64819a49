import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintTokens } from '../../../domain/tokens/token-factory.js';
import { loadConfig } from '../../config/config.loader.js';
import { tokenCodecOf } from '../../infrastructure/infrastructure.module.js';
import { TokenService } from './token.service.js';

describe('token service', () => {
  const dir = mkdtempSync(join(tmpdir(), 'continuum-tokens-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const clock = { nowMs: () => 1_700_000_000_000 };
  const owner = '7b6e4f3a-1111-4222-8333-944455556666';
  const minted = (attributes: Record<string, string>) =>
    mintTokens({ app: 'a', owner, producer: owner, ttlMs: 60_000n, nowMs: BigInt(clock.nowMs()), attributes: new Map(Object.entries(attributes)) });

  it('refuses tokens carrying a banned attribute (warp.token.banned.attributes), read and write alike', () => {
    const { config } = loadConfig({ dataDir: dir, env: {}, overrides: { 'warp.token.banned.attributes': '.legacy, .other' } });
    const codec = tokenCodecOf(config);
    const service = new TokenService(codec, clock, config);
    const banned = minted({ '.legacy': 'true' });
    expect(() => service.write(codec.encodeWrite(banned.write))).toThrow('Invalid token attribute.');
    expect(() => service.read(codec.encodeRead(banned.read))).toThrow('Invalid token attribute.');
    const fine = minted({ '.expose': 'true' });
    expect(service.write(codec.encodeWrite(fine.write)).owner).toBe(owner);
    expect(service.read(codec.encodeRead(fine.read)).owners).toEqual([owner]);
  });

  it('says which token is missing', () => {
    const { config } = loadConfig({ dataDir: dir, env: {} });
    const service = new TokenService(tokenCodecOf(config), clock, config);
    expect(() => service.write(undefined)).toThrow('Write token missing.');
    expect(() => service.read('')).toThrow('Read token missing.');
  });

  it('refuses a token once it expires, even after it was accepted (and kept decoded)', () => {
    const { config } = loadConfig({ dataDir: dir, env: {} });
    const codec = tokenCodecOf(config);
    let now = clock.nowMs();
    const service = new TokenService(codec, { nowMs: () => now }, config);
    const tokens = minted({});
    const read = codec.encodeRead(tokens.read);
    const write = codec.encodeWrite(tokens.write);
    expect(service.read(read).owners).toEqual([owner]);
    expect(service.write(write).owner).toBe(owner);
    now += 60_001;
    expect(() => service.read(read)).toThrow('Token Expired.');
    expect(() => service.write(write)).toThrow('Token Expired.');
  });

  it('keeps read and write tokens apart: a read token is no write token because it was accepted before', () => {
    const { config } = loadConfig({ dataDir: dir, env: {} });
    const codec = tokenCodecOf(config);
    const service = new TokenService(codec, clock, config);
    const read = codec.encodeRead(minted({}).read);
    expect(service.read(read).owners).toEqual([owner]);
    expect(() => service.write(read)).toThrow('Invalid token.');
  });
});
