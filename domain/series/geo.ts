/**
 * GeoXPPoint (reference §3.4): latitude and longitude quantised to 32 bits each and interleaved
 * (lat bit, lon bit, ... from the most significant), as a signed 64-bit long.
 */
const TWO32 = 4294967296;
const MAX_U32 = 0xffffffff;

function clampUnits(x: number): number {
  const r = Math.floor(x + 0.5); // Java Math.round
  return r < 0 ? 0 : r > MAX_U32 ? MAX_U32 : r;
}

// Bit i of a 16-bit value to bit 2i of a 32-bit value, and back (32-bit arithmetic only: this runs per point).
function spread16(x: number): number {
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  return (x | (x << 1)) & 0x55555555;
}

function gather16(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  return (x | (x >>> 8)) & 0x0000ffff;
}

export function toGeoPoint(lat: number, lon: number): bigint {
  const latU = clampUnits(((lat + 90) * TWO32) / 180);
  const lonU = clampUnits(((lon + 180) * TWO32) / 360);
  const hi = ((spread16(latU >>> 16) << 1) | spread16(lonU >>> 16)) >>> 0;
  const lo = ((spread16(latU & 0xffff) << 1) | spread16(lonU & 0xffff)) >>> 0;
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
}

export function fromGeoPoint(point: bigint): { lat: number; lon: number } {
  const u = BigInt.asUintN(64, point);
  const hi = Number(u >> 32n);
  const lo = Number(u & 0xffffffffn);
  const latU = gather16(hi >>> 1) * 65536 + gather16(lo >>> 1);
  const lonU = gather16(hi) * 65536 + gather16(lo);
  return { lat: (latU * 180) / TWO32 - 90, lon: (lonU * 360) / TWO32 - 180 };
}
