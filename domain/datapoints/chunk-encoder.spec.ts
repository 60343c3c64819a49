import { ByteWriter } from './byte-writer.js';
import { decodeChunk, encodeChunk } from './chunk-codec.js';
import { encodeColumnsInto } from './chunk-encoder.js';
import type { Datapoint } from './datapoint.js';
import { KIND_OBJECT, PointColumns } from './point-columns.js';
import { binary, bool, decimal, double, long, string } from './value.js';

const SAFE = 2n ** 53n - 1n;
const p = (ts: bigint, value: Datapoint['value']): Datapoint => ({ ts, value });

function columnsChunk(points: readonly Datapoint[], from = 0, to = points.length): Uint8Array {
  const w = new ByteWriter(8);
  encodeColumnsInto(PointColumns.of(points), from, to, w);
  return w.result();
}

describe('encodeColumnsInto', () => {
  it.each<[string, Datapoint[]]>([
    ['no points', []],
    ['regular DECIMALs (the ingest shape)', [p(1_700_000_000_000_000n, decimal(1234n, 2)), p(1_700_000_001_000_000n, decimal(1251n, 2)), p(1_700_000_002_000_000n, decimal(1251n, 2)), p(1_700_000_003_000_000n, decimal(5n, 1))]],
    ['DECIMAL 0 first (equal to the initial previous value) and scale changes', [p(0n, decimal(0n, 0)), p(1n, decimal(-7n, 3)), p(2n, decimal(-7n, 0))]],
    ['LONGs, repeated, zero first, at the safe limits', [p(5n, long(0n)), p(6n, long(0n)), p(7n, long(SAFE)), p(8n, long(-SAFE)), p(9n, long(-SAFE)), p(10n, long(42n))]],
    ['DOUBLEs: integral, fractional, -0, NaN, repeated', [p(1n, double(3)), p(2n, double(0.5)), p(3n, double(-0)), p(4n, double(NaN)), p(5n, double(NaN)), p(6n, double(2 ** 50))]],
    ['BOOLEANs', [p(1n, bool(true)), p(2n, bool(false)), p(3n, bool(true))]],
    ['timestamps: irregular, decreasing, safe limits', [p(SAFE, long(1n)), p(-SAFE, long(1n)), p(0n, long(1n)), p(10n, long(1n)), p(20n, long(1n)), p(15n, long(1n))]],
    [
      'numeric points between object points (big numbers, location, strings, binary)',
      [
        p(2n ** 62n, long(1n)),
        p(1n, long(2n ** 60n)),
        p(2n, long(3n)),
        { ts: 3n, geo: 77n, elev: 5n, value: decimal(11n, 1) },
        p(4n, decimal(11n, 1)),
        p(5n, string('a')),
        p(6n, binary(Uint8Array.of(1, 2))),
        p(7n, decimal(2n ** 60n, 3)),
        p(8n, decimal(12n, 1)),
        p(-(2n ** 63n), long(-(2n ** 63n))),
        p(9n, long(4n)),
      ],
    ],
  ])('writes the bytes encodeChunk writes: %s', (_name, points) => {
    const expected = encodeChunk(points);
    expect(Array.from(columnsChunk(points))).toEqual(Array.from(expected));
    expect(decodeChunk(columnsChunk(points))).toStrictEqual(decodeChunk(expected));
  });

  it('the mixed case above holds both object and numeric points in its columns', () => {
    const columns = PointColumns.of([p(1n, string('x')), p(2n, long(1n))]);
    expect([columns.kind[0] === KIND_OBJECT, columns.kind[1] === KIND_OBJECT]).toEqual([true, false]);
  });

  it('encodes a range of the columns as a chunk of its own', () => {
    const points = [p(1n, long(1n)), p(2n, long(5n)), p(4n, long(5n)), p(9n, long(-1n))];
    expect(Array.from(columnsChunk(points, 1, 3))).toEqual(Array.from(encodeChunk(points.slice(1, 3))));
  });

  it('appends after what the writer holds', () => {
    const w = new ByteWriter(4);
    w.byte(0xee);
    encodeColumnsInto(PointColumns.of([p(3n, long(7n))]), 0, 1, w);
    expect(Array.from(w.result())).toEqual([0xee, ...Array.from(encodeChunk([p(3n, long(7n))]))]);
  });
});
