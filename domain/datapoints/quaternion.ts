/**
 * Warp 10 `TOQUATERNION.toQuaternion` packing (used by the `Q:w:x:y:z` input value, reference §1.3):
 * the quaternion is normalised to a unit quaternion (left as is when its norm is 0), then each
 * component in [-1, 1] is quantised to 16 bits as floor((c + 1) / 2 · 65535), and the four are
 * packed w, x, y, z from the most significant bits into a signed 64-bit long.
 * Callers must pass finite components.
 */
export function toQuaternion(w: number, x: number, y: number, z: number): bigint {
  const norm = Math.sqrt(w * w + x * x + y * y + z * z);
  if (norm !== 0) {
    w = w / norm;
    x = x / norm;
    y = y / norm;
    z = z / norm;
  }
  const q16 = (c: number): bigint => BigInt(Math.floor(((c + 1) / 2) * 65535) & 0xffff);
  return BigInt.asIntN(64, (q16(w) << 48n) | (q16(x) << 32n) | (q16(y) << 16n) | q16(z));
}
