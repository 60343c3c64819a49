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

// Spreads the 32 bits of x over the even positions of a 64-bit value (bit i -> bit 2i).
function spread(x: number): bigint {
  let out = 0n;
  for (let i = 31; i >= 0; i--) {
    out = (out << 2n) | BigInt((x >>> i) & 1);
  }
  return out;
}

function gather(v: bigint): number {
  let out = 0;
  for (let i = 31; i >= 0; i--) out = out * 2 + Number((v >> BigInt(2 * i)) & 1n);
  return out;
}

export function toGeoPoint(lat: number, lon: number): bigint {
  const latU = clampUnits(((lat + 90) * TWO32) / 180);
  const lonU = clampUnits(((lon + 180) * TWO32) / 360);
  return BigInt.asIntN(64, (spread(latU) << 1n) | spread(lonU));
}

export function fromGeoPoint(point: bigint): { lat: number; lon: number } {
  const u = BigInt.asUintN(64, point);
  const latU = gather(u >> 1n);
  const lonU = gather(u);
  return { lat: (latU * 180) / TWO32 - 90, lon: (lonU * 360) / TWO32 - 180 };
}
