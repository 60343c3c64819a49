import { sipHash24Halves, sipHashKeyOfLongs } from './siphash.js';

/**
 * The SipHash key of Warp 10's `KafkaPartitioner` (reference §4.1): two fixed longs, not configurable,
 * so that every producer (ours or a Java ingress sharing the same Kafka) puts a series in the same partition.
 */
const PARTITION_KEY = sipHashKeyOfLongs(0x7ce95e3a16db4fa3n, BigInt.asIntN(64, 0x95037e0c0db5b059n));

/**
 * Which of `partitions` partitions a record with this key goes to, exactly as Warp 10 computes it
 * (reference §4.1): `(SipHash24(k0, k1, key) & 0x7FFFFFFF) % partitions`. Keys are the 16-byte series
 * ids, so all records of one series share a partition and stay ordered. An empty key goes to a random
 * partition, as in Warp 10 (nothing orders keyless records anyway).
 * Shaped like the `Partitioner` port so that adapters can take it as one.
 */
export function partitionOf(key: Uint8Array, partitions: number): number {
  if (!Number.isSafeInteger(partitions) || partitions < 1) {
    throw new TypeError(`cannot choose a partition: partition count must be a positive integer, got ${partitions}`);
  }
  if (key.length === 0) return Math.floor(Math.random() * partitions);
  const lo = sipHash24Halves(PARTITION_KEY, key)[1];
  return (lo & 0x7fffffff) % partitions;
}
