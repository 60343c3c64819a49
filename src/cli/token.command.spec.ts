import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../../domain/errors.js';
import type { TokenCodec } from '../../domain/tokens/token-codec.js';
import { loadConfig } from '../config/config.loader.js';
import { tokenCodecOf } from '../infrastructure/infrastructure.module.js';
import { tokenCommand } from './token.command.js';
import { DEFAULT_APP, DEFAULT_TOKEN_TTL_MS } from './tokens-file.js';

const OWNER = '11111111-1111-4111-8111-111111111111';
const PRODUCER = '22222222-2222-4222-8222-222222222222';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('continuum token', () => {
  let dataDir: string;
  let codec: TokenCodec;
  const now = () => BigInt(Date.now());

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'continuum-token-'));
    // The cell's configuration, with fresh keys, as `continuum start` creates it.
    codec = tokenCodecOf(loadConfig({ dataDir, env: {} }).config);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('mints a write token that the cell keys decode, with the given app, owner and producer', () => {
    const before = now();
    const token = tokenCommand({ type: 'write', app: 'sensors', owner: OWNER, producer: PRODUCER, dataDir });
    const write = codec.decodeWrite(token, now());
    expect(write).toMatchObject({ app: 'sensors', owner: OWNER, producer: PRODUCER });
    expect(write.issuance).toBeGreaterThanOrEqual(before);
    expect(write.expiry - write.issuance).toBe(DEFAULT_TOKEN_TTL_MS);
  });

  it('mints a read token of that app, owner and producer', () => {
    const token = tokenCommand({ type: 'read', app: 'sensors', owner: OWNER, producer: PRODUCER, dataDir });
    const read = codec.decodeRead(token, now());
    expect(read).toMatchObject({ apps: ['sensors'], owners: [OWNER], producers: [PRODUCER], billedId: PRODUCER });
  });

  it('a read token is not a write token and the other way round', () => {
    const opts = { app: 'a', owner: OWNER, dataDir };
    expect(() => codec.decodeWrite(tokenCommand({ ...opts, type: 'read' }), now())).toThrow();
    expect(() => codec.decodeRead(tokenCommand({ ...opts, type: 'write' }), now())).toThrow();
  });

  it('defaults the app to continuum, the owner to a fresh UUID and the producer to the owner', () => {
    const a = codec.decodeWrite(tokenCommand({ type: 'write', dataDir }), now());
    const b = codec.decodeWrite(tokenCommand({ type: 'write', dataDir }), now());
    expect(a.app).toBe(DEFAULT_APP);
    expect(a.owner).toMatch(UUID);
    expect(a.producer).toBe(a.owner);
    expect(b.owner).not.toBe(a.owner);
  });

  it('takes the producer as given and the owner as fresh when only the producer is given', () => {
    const w = codec.decodeWrite(tokenCommand({ type: 'write', producer: PRODUCER, dataDir }), now());
    expect(w.producer).toBe(PRODUCER);
    expect(w.owner).toMatch(UUID);
    expect(w.owner).not.toBe(PRODUCER);
  });

  it('lower-cases UUIDs given in upper case', () => {
    const w = codec.decodeWrite(tokenCommand({ type: 'write', owner: OWNER.toUpperCase().replace(/1/g, 'A'), dataDir }), now());
    expect(w.owner).toBe(OWNER.replace(/1/g, 'a'));
  });

  it('accepts an empty app, which forces no .app label', () => {
    const w = codec.decodeWrite(tokenCommand({ type: 'write', app: '', owner: OWNER, dataDir }), now());
    expect(w.app).toBe('');
    expect(codec.decodeRead(tokenCommand({ type: 'read', app: '', owner: OWNER, dataDir }), now()).apps).toEqual([]);
  });

  it.each([
    ['3600000', 3_600_000n],
    ['30d', 30n * 86_400_000n],
    ['12h', 12n * 3_600_000n],
    ['P30D', 30n * 86_400_000n],
    ['PT1M', 60_000n],
  ])('honours --ttl %s', (ttl, ms) => {
    const w = codec.decodeWrite(tokenCommand({ type: 'write', ttl, dataDir }), now());
    expect(w.expiry - w.issuance).toBe(ms);
  });

  it('mints tokens that another cell (other keys) refuses', () => {
    const other = mkdtempSync(join(tmpdir(), 'continuum-token-'));
    try {
      const otherCodec = tokenCodecOf(loadConfig({ dataDir: other, env: {} }).config);
      const token = tokenCommand({ type: 'write', dataDir });
      expect(() => otherCodec.decodeWrite(token, now())).toThrow('Invalid token.');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it.each(['admin', 'READ', ''])('refuses --type %j', (type) => {
    expect(() => tokenCommand({ type, dataDir })).toThrow(`--type must be read or write, got '${type}'`);
  });

  it.each(['soon', '-5', '0', 'P1Y'])('refuses --ttl %j', (ttl) => {
    expect(() => tokenCommand({ type: 'write', ttl, dataDir })).toThrow(ValidationError);
  });

  it.each([['--owner', { owner: 'not-a-uuid' }], ['--producer', { producer: '1234' }]])('refuses a malformed %s', (_name, opts) => {
    expect(() => tokenCommand({ type: 'write', dataDir, ...opts })).toThrow(ValidationError);
  });
});
