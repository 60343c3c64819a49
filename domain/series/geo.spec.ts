import { fromGeoPoint, toGeoPoint } from './geo.js';

describe('GeoXPPoint (reference §3.4)', () => {
  it('decodes point 0 to (-90, -180)', () => {
    expect(fromGeoPoint(0n)).toEqual({ lat: -90, lon: -180 });
  });

  it('interleaves latitude bits above longitude bits', () => {
    // lat units 0x80000000 (lat 0) and lon units 0: only bit 63 set.
    expect(BigInt.asUintN(64, toGeoPoint(0, -180))).toBe(1n << 63n);
    expect(BigInt.asUintN(64, toGeoPoint(-90, 0))).toBe(1n << 62n);
  });

  it('quantises to about 4e-8 degrees', () => {
    const { lat, lon } = fromGeoPoint(toGeoPoint(48.0, -4.5));
    expect(Math.abs(lat - 48)).toBeLessThan(5e-8);
    expect(Math.abs(lon + 4.5)).toBeLessThan(1e-7);
  });

  it('clamps out-of-range coordinates', () => {
    expect(fromGeoPoint(toGeoPoint(91, 181)).lat).toBeCloseTo(90, 6);
  });
});

describe('GeoXPPoint bit interleaving', () => {
  // Naive reference: bit by bit, most significant first (lat bit, lon bit, …).
  const naive = (latU: number, lonU: number): bigint => {
    let out = 0n;
    for (let i = 31; i >= 0; i--) out = (out << 2n) | (BigInt((latU >>> i) & 1) << 1n) | BigInt((lonU >>> i) & 1);
    return BigInt.asIntN(64, out);
  };

  it('matches a bit-by-bit interleaving and decodes back', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 2000; k++) {
      const lat = rnd() * 180 - 90;
      const lon = rnd() * 360 - 180;
      const latU = Math.floor(((lat + 90) * 4294967296) / 180 + 0.5);
      const lonU = Math.floor(((lon + 180) * 4294967296) / 360 + 0.5);
      const p = toGeoPoint(lat, lon);
      expect(p).toBe(naive(latU, lonU));
      const back = fromGeoPoint(p);
      expect(back.lat).toBe((latU * 180) / 4294967296 - 90);
      expect(back.lon).toBe((lonU * 360) / 4294967296 - 180);
    }
  });
});
