/**
 * A checkpoint is, per partition, the offset of the NEXT record to read (Kafka's committed-offset
 * convention). A partition absent from the map is read from its beginning.
 * Pure helpers only: no I/O.
 */
export type Checkpoint = ReadonlyMap<number, number>;

export const BEGINNING: Checkpoint = new Map();

/** True when `cp` has read past every record of `position` (the next offsets a writer produced). */
export function covers(cp: Checkpoint, position: Checkpoint): boolean {
  for (const [partition, next] of position) {
    if ((cp.get(partition) ?? 0) < next) return false;
  }
  return true;
}

/** Partition-wise maximum. */
export function merge(a: Checkpoint, b: Checkpoint): Checkpoint {
  const out = new Map(a);
  for (const [p, o] of b) out.set(p, Math.max(o, out.get(p) ?? 0));
  return out;
}

/** `{"0":12,"3":40}` form used in storage (headers use `data:0=12,3=40`, see log-position.header.ts). */
export function checkpointToJson(cp: Checkpoint): string {
  const obj: Record<string, number> = {};
  for (const [p, o] of [...cp].sort((x, y) => x[0] - y[0])) obj[String(p)] = o;
  return JSON.stringify(obj);
}

export function checkpointFromJson(text: string): Checkpoint {
  const obj: unknown = JSON.parse(text);
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new TypeError(`cannot read checkpoint '${text}': not an object`);
  const out = new Map<number, number>();
  for (const [k, v] of Object.entries(obj)) {
    const p = Number(k);
    if (!Number.isSafeInteger(p) || p < 0 || typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(`cannot read checkpoint '${text}': bad entry '${k}'`);
    }
    out.set(p, v);
  }
  return out;
}
