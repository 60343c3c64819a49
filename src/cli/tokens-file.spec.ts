import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenCodec } from '../../domain/tokens/token-codec.js';
import { DEFAULT_APP, DEFAULT_TOKEN_TTL_MS, ensureTokensFile, readTokensFile, TOKENS_FILE } from './tokens-file.js';

const codec = new TokenCodec({ tokenAes: new Uint8Array(32).fill(7), tokenHash: new Uint8Array(16).fill(3) });
const NOW = 1_700_000_000_000;

describe('tokens file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'continuum-tokens-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is created on first call with a read and a write token of one fresh owner = producer, app continuum, ten years', () => {
    const { tokens, created } = ensureTokensFile(dir, codec, NOW);
    expect(created).toBe(true);
    expect(tokens.file).toBe(join(dir, TOKENS_FILE));
    const write = codec.decodeWrite(tokens.write, BigInt(NOW));
    const read = codec.decodeRead(tokens.read, BigInt(NOW));
    expect(write.owner).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(write.producer).toBe(write.owner);
    expect(write.app).toBe(DEFAULT_APP);
    expect([write.issuance, write.expiry]).toEqual([BigInt(NOW), BigInt(NOW) + DEFAULT_TOKEN_TTL_MS]);
    expect(read).toMatchObject({ apps: [DEFAULT_APP], owners: [write.owner], producers: [write.owner], expiry: write.expiry });
    expect(DEFAULT_TOKEN_TTL_MS).toBe(10n * 365n * 86_400_000n);
  });

  it('writes the tokens as read= and write= lines, with a comment naming the owner, readable by its owner only', () => {
    const { tokens } = ensureTokensFile(dir, codec, NOW);
    const text = readFileSync(tokens.file, 'utf8');
    const owner = codec.decodeWrite(tokens.write, BigInt(NOW)).owner;
    expect(text).toContain(`\nread=${tokens.read}\n`);
    expect(text).toContain(`\nwrite=${tokens.write}\n`);
    expect(text).toMatch(new RegExp(`^# .*${owner}.*${new Date(NOW + Number(DEFAULT_TOKEN_TTL_MS)).toISOString()}`));
    expect(statSync(tokens.file).mode & 0o777).toBe(0o600);
  });

  it('is reused afterwards: same tokens, file untouched, even with other keys', () => {
    const first = ensureTokensFile(dir, codec, NOW);
    const text = readFileSync(first.tokens.file, 'utf8');
    const other = new TokenCodec({ tokenAes: new Uint8Array(16).fill(1), tokenHash: new Uint8Array(16).fill(2) });
    const second = ensureTokensFile(dir, other, NOW + 1000);
    expect(second).toEqual({ tokens: first.tokens, created: false });
    expect(readFileSync(first.tokens.file, 'utf8')).toBe(text);
  });

  it('gives two data directories different owners', () => {
    const other = mkdtempSync(join(tmpdir(), 'continuum-tokens-'));
    try {
      const a = codec.decodeWrite(ensureTokensFile(dir, codec, NOW).tokens.write, BigInt(NOW));
      const b = codec.decodeWrite(ensureTokensFile(other, codec, NOW).tokens.write, BigInt(NOW));
      expect(a.owner).not.toBe(b.owner);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('reads tokens edited by hand: surrounding spaces, comments, CRLF, any order', () => {
    const file = join(dir, TOKENS_FILE);
    writeFileSync(file, '# mine\r\n  write=WWW  \r\n\r\nread=RRR\r\n');
    expect(readTokensFile(file)).toEqual({ read: 'RRR', write: 'WWW', file });
    expect(ensureTokensFile(dir, codec, NOW)).toEqual({ tokens: { read: 'RRR', write: 'WWW', file }, created: false });
  });

  it.each([
    ['no write line', 'read=RRR\n'],
    ['no read line', 'write=WWW\n'],
    ['empty values', 'read=\nwrite=\n'],
    ['an empty file', ''],
    ['other keys only', 'token=XXX\n'],
  ])('refuses a file with %s, naming the file and the expected lines', (_name, text) => {
    const file = join(dir, TOKENS_FILE);
    writeFileSync(file, text);
    const expected = `cannot read tokens from ${file}: expected lines read=… and write=…`;
    expect(() => readTokensFile(file)).toThrow(expected);
    expect(() => ensureTokensFile(dir, codec, NOW)).toThrow(expected);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
});
