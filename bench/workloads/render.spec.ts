import { centsText, pointsInBatch, renderWorkload, seeded } from './render.js';
import type { Workload } from './workload.js';

const small: Workload = { name: 'tiny', series: 3, pointsPerSeries: 4 };

describe('centsText', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [1234, '12.34'],
    [-1200, '-12.00'],
    [100, '1.00'],
  ])('%d hundredths print as %s', (cents, text) => {
    expect(centsText(cents)).toBe(text);
  });
});

describe('renderWorkload', () => {
  const r = renderWorkload(small, 5);
  const gts = r.gts.map((b) => b.toString('utf8')).join('').split('\n').filter((l) => l !== '');
  const influx = r.influx.map((b) => b.toString('utf8')).join('').split('\n').filter((l) => l !== '');

  it('cuts both formats into the same batches', () => {
    expect(r.gts.map((b) => b.toString().split('\n').length - 1)).toEqual([5, 5, 2]);
    expect(r.influx.map((b) => b.toString().split('\n').length - 1)).toEqual([5, 5, 2]);
    expect([0, 1, 2].map((b) => pointsInBatch(r, b))).toEqual([5, 5, 2]);
  });

  it('renders GTS lines in µs and Influx lines in ns, time-major, labels sorted for Influx', () => {
    expect(gts[0]).toMatch(/^1700000000000000\/\/ bench\{host=h0,rack=r0,dc=dc0\} -?\d+\.\d\d$/);
    expect(gts[1]).toMatch(/^1700000000000000\/\/ bench\{host=h1,rack=r0,dc=dc1\} /);
    expect(gts[3]).toMatch(/^1700000001000000\/\/ bench\{host=h0,/);
    expect(influx[0]).toMatch(/^bench,dc=dc0,host=h0,rack=r0 value=-?\d+\.\d\d 1700000000000000000$/);
  });

  it('carries the same value and timestamp in both formats', () => {
    gts.forEach((line, i) => {
      const [ts, , value] = line.split(' ');
      const [, field, ns] = influx[i].split(' ');
      expect(field).toBe(`value=${value}`);
      expect(ns).toBe(`${ts.slice(0, -2)}000`);
    });
  });

  it('is a random walk with 2 decimals: steps of at most 0.50', () => {
    const values = gts.filter((l) => l.includes('host=h2,')).map((l) => Number(l.split(' ')[2]));
    expect(values).toHaveLength(4);
    for (let i = 1; i < values.length; i++) expect(Math.abs(values[i] - values[i - 1])).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('is deterministic', () => {
    expect(renderWorkload(small, 5).gts).toEqual(r.gts);
    const a = seeded(1);
    const b = seeded(1);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it('rejects a batch size that is not a positive integer', () => {
    expect(() => renderWorkload(small, 0)).toThrow(RangeError);
  });
});
