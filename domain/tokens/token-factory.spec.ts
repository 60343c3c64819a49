import { ValidationError } from '../errors.js';
import { TokenCodec } from './token-codec.js';
import { mintTokens } from './token-factory.js';
import { readTokenSelectors, writeTokenLabels } from './token-policy.js';

const P = '11111111-2222-3333-4444-555555555555';
const O = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const base = { app: 'my.app', owner: O.toUpperCase(), producer: P, ttlMs: 86_400_000n, nowMs: 1_000n };

describe('mintTokens', () => {
  it('mints a read token that reads exactly what the write token writes', () => {
    // When
    const { read, write } = mintTokens(base);
    // Then
    expect(write).toEqual({ issuance: 1_000n, expiry: 86_401_000n, producer: P, owner: O, app: 'my.app', labels: new Map(), attributes: new Map() });
    expect(read).toEqual({
      issuance: 1_000n,
      expiry: 86_401_000n,
      appName: 'my.app',
      apps: ['my.app'],
      owners: [O],
      producers: [P],
      billedId: P,
      labels: new Map(),
      attributes: new Map(),
    });
    const forced = new Map(readTokenSelectors(read).map((s) => [s.name, s.value]));
    expect(forced).toEqual(new Map([...writeTokenLabels(write)].filter(([name]) => forced.has(name))));
    expect(forced.size).toBe(3);
  });

  it('puts labels in both tokens and layers attributes', () => {
    const { read, write } = mintTokens({
      ...base,
      labels: new Map([['env', 'prod']]),
      attributes: new Map([['.expose', '']]),
      read: { attributes: new Map([['.nofind', '']]) },
      write: { attributes: new Map([['.nodelete', ''], ['.expose', 'x']]) },
    });
    expect(write.labels).toEqual(new Map([['env', 'prod']]));
    expect(readTokenSelectors(read)[0]).toEqual({ name: 'env', op: '=', value: 'prod' });
    expect(write.attributes).toEqual(new Map([['.expose', 'x'], ['.nodelete', '']]));
    expect(read.attributes).toEqual(new Map([['.expose', ''], ['.nofind', '']]));
  });

  it('takes read overrides for apps, owners and producers', () => {
    const { read } = mintTokens({ ...base, read: { apps: ['a', 'b'], owners: [], producers: [O, P] } });
    expect(read.apps).toEqual(['a', 'b']);
    expect(read.owners).toEqual([]);
    expect(read.producers).toEqual([O, P]);
  });

  it('reads no app constraint when the app name is empty', () => {
    expect(mintTokens({ ...base, app: '' }).read.apps).toEqual([]);
  });

  it('caps the expiry at Long.MAX_VALUE', () => {
    expect(mintTokens({ ...base, ttlMs: 0x7fffffffffffffffn }).write.expiry).toBe(0x7fffffffffffffffn);
  });

  it.each([
    ['a zero TTL', { ttlMs: 0n }],
    ['a negative TTL', { ttlMs: -1n }],
    ['a malformed owner', { owner: 'me' }],
    ['a malformed producer', { producer: '' }],
    ['a malformed read owner', { read: { owners: ['x'] } }],
  ])('rejects %s', (_name, over) => {
    expect(() => mintTokens({ ...base, ...over })).toThrow(ValidationError);
  });

  it('mints claims the codec round-trips', () => {
    const codec = new TokenCodec({ tokenAes: new Uint8Array(32).fill(7), tokenHash: new Uint8Array(16).fill(9) });
    const { read, write } = mintTokens({ ...base, labels: new Map([['k', 'v']]) });
    expect(codec.decodeRead(codec.encodeRead(read), base.nowMs)).toEqual(read);
    expect(codec.decodeWrite(codec.encodeWrite(write), base.nowMs)).toEqual(write);
  });
});
