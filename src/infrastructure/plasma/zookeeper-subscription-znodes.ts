import type { SeriesId } from '../../../domain/series/series.js';
import { sipHash24Halves, sipHashKeyOfLongs } from '../../../domain/series/siphash.js';

/** Layout version written first in every subscription znode name (Warp 10 writes `0`). */
const VERSION = '0';
const ID_BYTES = 16;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One znode of a front end's published subscription set: its name under the subscriptions znode, and its data. */
export interface SubscriptionZnode {
  readonly name: string;
  readonly data: Buffer;
}

/** What a subscription znode's name says (`0.<uuid>.<topic>.<byteOffset>.<hex SipHash>`). */
export interface SubscriptionZnodeName {
  readonly uuid: string;
  /** The front end's topic: where back ends forward the series listed in the node. */
  readonly topic: string;
  /** Where the node's bytes start in the front end's whole concatenated set. */
  readonly offset: number;
  /** SipHash-2-4 of the data keyed with the uuid's halves, as an unsigned 64-bit value. */
  readonly hash: bigint;
}

/**
 * Most id bytes one znode holds: `plasma.frontend.maxznodesize` rounded down to whole 16-byte ids, as Warp 10's
 * PlasmaFrontEnd does. Throws when not even one id fits.
 */
export function alignedZnodeSize(maxZnodeSize: number): number {
  const aligned = maxZnodeSize - (maxZnodeSize % ID_BYTES);
  if (!Number.isSafeInteger(aligned) || aligned < ID_BYTES) throw new RangeError(`cannot publish plasma subscriptions: plasma.frontend.maxznodesize ${maxZnodeSize} holds no 16-byte series id`);
  return aligned;
}

/**
 * A topic a front end may publish under: a Kafka topic name (letters, digits, `.`, `_`, `-`) that fits in a znode
 * name. Warp 10's back end splits node names on `.`, so a topic with a dot is only understood by Continuum's.
 */
export function checkFrontEndTopic(topic: string): string {
  if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic) || topic === '.' || topic === '..') throw new RangeError(`cannot publish plasma subscriptions for topic '${topic}': not a Kafka topic name`);
  return topic;
}

/**
 * The znodes of one published set (reference §8.2): the 16-byte ids (`classId||labelsId`, the SeriesId's hex)
 * concatenated and cut into nodes of at most `maxZnodeSize` bytes (whole ids), each named
 * `0.<uuid>.<topic>.<byteOffset>.<hex SipHash>` where the hash is standard SipHash-2-4 of the node's data keyed
 * with the uuid's most and least significant longs, written as Java's `Long.toHexString`. An empty set has no node.
 */
export function subscriptionZnodes(topic: string, series: ReadonlySet<SeriesId>, uuid: string, maxZnodeSize: number): SubscriptionZnode[] {
  const size = alignedZnodeSize(maxZnodeSize);
  const key = uuidKey(uuid);
  const all = Buffer.allocUnsafe(series.size * ID_BYTES);
  let at = 0;
  for (const id of series) at += all.write(id, at, ID_BYTES, 'hex');
  if (at !== all.length) throw new RangeError(`cannot publish plasma subscriptions: a series id is not 32 hex characters`);
  const nodes: SubscriptionZnode[] = [];
  for (let offset = 0; offset < all.length; offset += size) {
    const data = all.subarray(offset, Math.min(all.length, offset + size));
    const [hi, lo] = sipHash24Halves(key, data);
    nodes.push({ name: `${VERSION}.${uuid}.${topic}.${offset}.${javaHex(hi, lo)}`, data });
  }
  return nodes;
}

/**
 * Reads a subscription znode's name; undefined when it is not one (another version, a malformed name). The topic
 * is everything between the uuid and the last two fields, so topics with dots are read back whole.
 */
export function parseSubscriptionZnodeName(name: string): SubscriptionZnodeName | undefined {
  if (!name.startsWith(`${VERSION}.`)) return undefined;
  const uuid = name.slice(2, 38);
  if (name.charAt(38) !== '.' || !UUID_PATTERN.test(uuid)) return undefined;
  const hashDot = name.lastIndexOf('.');
  const offsetDot = name.lastIndexOf('.', hashDot - 1);
  if (offsetDot <= 39) return undefined;
  const topic = name.slice(39, offsetDot);
  const offsetText = name.slice(offsetDot + 1, hashDot);
  const hashText = name.slice(hashDot + 1);
  if (!/^[0-9]{1,15}$/.test(offsetText) || !/^[0-9a-f]{1,16}$/i.test(hashText)) return undefined;
  return { uuid, topic, offset: Number(offsetText), hash: BigInt(`0x${hashText}`) };
}

/**
 * The series ids a subscription znode lists, or undefined when its data fails the integrity check (hash of the
 * name, whole ids): such a node — corrupted, truncated, or written by something else — is ignored.
 */
export function subscriptionZnodeSeries(name: SubscriptionZnodeName, data: Buffer): SeriesId[] | undefined {
  if (data.length % ID_BYTES !== 0) return undefined;
  const [hi, lo] = sipHash24Halves(uuidKey(name.uuid), data);
  if (((BigInt(hi) << 32n) | BigInt(lo)) !== name.hash) return undefined;
  const ids: SeriesId[] = new Array<SeriesId>(data.length / ID_BYTES);
  for (let i = 0; i < ids.length; i++) ids[i] = data.toString('hex', i * ID_BYTES, (i + 1) * ID_BYTES) as SeriesId;
  return ids;
}

/** The data a front end writes on the subscriptions znode to tell back ends it published: `<topic>.<ms>`. */
export function publishedMarker(topic: string, nowMs: number): Buffer {
  return Buffer.from(`${topic}.${nowMs}`, 'utf8');
}

/** SipHash key of a uuid: its most significant long as k0, its least significant as k1 (Java's UUID halves). */
function uuidKey(uuid: string) {
  if (!UUID_PATTERN.test(uuid)) throw new RangeError(`cannot key a subscription znode with '${uuid}': not a lower-case uuid`);
  const hex = uuid.replaceAll('-', '');
  return sipHashKeyOfLongs(BigInt(`0x${hex.slice(0, 16)}`), BigInt(`0x${hex.slice(16)}`));
}

/** Java's `Long.toHexString` of the 64-bit value hi:lo (unsigned, lower case, no leading zeros). */
function javaHex(hi: number, lo: number): string {
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}
