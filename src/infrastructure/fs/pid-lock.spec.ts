import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquirePidLock } from './pid-lock.js';

describe('pid lock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'continuum-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const options = { file: 'LOCK', what: 'the thing', error: (message: string, inUse: boolean) => Object.assign(new Error(message), { inUse }) };

  it('holds the directory exclusively until released', () => {
    const lock = acquirePidLock(dir, options);
    expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    expect(() => acquirePidLock(dir, options)).toThrow(/cannot open the thing: it is in use by this process/);
    lock.release();
    lock.release();
    acquirePidLock(dir, options).release();
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(join(dir, 'LOCK'), '999999999\n');
    const lock = acquirePidLock(dir, options);
    expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('reports a live holder as in use', () => {
    writeFileSync(join(dir, 'LOCK'), `${process.ppid}\n`);
    try {
      acquirePidLock(dir, options);
      throw new Error('expected the lock to be refused');
    } catch (err) {
      expect((err as Error).message).toContain(`in use by process ${process.ppid}`);
      expect((err as { inUse: boolean }).inUse).toBe(true);
    }
  });
});
