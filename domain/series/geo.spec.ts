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
