import { ValidationError } from '../errors.js';
import type { SeriesId } from '../series/series.js';
import type { ServiceInstance } from './service-discovery.js';

/** Name under which directory instances register (Warp 10 2.x `Directory.DIRECTORY_SERVICE`, reference §12). */
export const DIRECTORY_SERVICE = 'com.cityzendata.continuum.directory';

/** Payload keys of a directory instance (Warp 10 `Directory.PAYLOAD_*`). */
export const DIRECTORY_PAYLOAD = {
  modulus: 'modulus',
  remainder: 'remainder',
  streamingPort: 'streaming.port',
  thriftProtocol: 'thrift.protocol',
  thriftTransport: 'thrift.transport',
} as const;

/** A directory's share of the series (`directory.partition = MODULUS:REMAINDER`, reference §6.1). */
export interface DirectoryPartition {
  readonly modulus: number;
  readonly remainder: number;
}

/** Parses `directory.partition` (`MODULUS:REMAINDER`, 1 ≤ modulus ≤ 256, 0 ≤ remainder < modulus). */
export function parseDirectoryPartition(text: string): DirectoryPartition {
  const colon = text.indexOf(':');
  const m = colon > 0 ? toInt(text.slice(0, colon)) : undefined;
  const r = colon > 0 ? toInt(text.slice(colon + 1)) : undefined;
  // The shard is a byte modulo the modulus: a modulus over 256 would leave remainders no series has.
  if (m === undefined || r === undefined || m < 1 || m > 256 || r >= m) {
    throw new ValidationError(`cannot read directory partition '${text}': expected MODULUS:REMAINDER with 1 <= MODULUS <= 256 and 0 <= REMAINDER < MODULUS`);
  }
  return { modulus: m, remainder: r };
}

function toInt(s: string): number | undefined {
  if (s.length === 0 || s.length > 9) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return Number(s);
}

/**
 * Whether the directory shard `partition` keeps series `id`: the most significant byte of the labelsId,
 * unsigned, modulo the modulus equals the remainder (Warp 10 `Directory`, reference §6.1). In the hex id that
 * byte is characters 16–17.
 */
export function ownsSeries(partition: DirectoryPartition, id: SeriesId): boolean {
  if (partition.modulus === 1) return true;
  return parseInt(id.slice(16, 18), 16) % partition.modulus === partition.remainder;
}

/**
 * The payload a directory instance announces (reference §12): its shard, its streaming port and the Thrift
 * settings Warp 10 clients expect (Continuum serves no Thrift, but a Warp 10 client reading the node must not
 * trip over missing keys).
 */
export function directoryPayload(partition: DirectoryPartition, streamingPort: number): Record<string, string> {
  return {
    [DIRECTORY_PAYLOAD.modulus]: String(partition.modulus),
    [DIRECTORY_PAYLOAD.remainder]: String(partition.remainder),
    [DIRECTORY_PAYLOAD.thriftProtocol]: 'org.apache.thrift.protocol.TCompactProtocol',
    [DIRECTORY_PAYLOAD.thriftTransport]: 'org.apache.thrift.transport.TFramedTransport',
    [DIRECTORY_PAYLOAD.streamingPort]: String(streamingPort),
  };
}

/** The shard an instance announces, or undefined when its payload has none or an impossible one. */
export function shardOfInstance(instance: ServiceInstance): DirectoryPartition | undefined {
  const m = toInt((instance.payload[DIRECTORY_PAYLOAD.modulus] ?? '').trim());
  const r = toInt((instance.payload[DIRECTORY_PAYLOAD.remainder] ?? '').trim());
  if (m === undefined || r === undefined || m < 1 || r >= m) return undefined;
  return { modulus: m, remainder: r };
}

/** The streaming port (HTTP `/directory-streaming`) an instance announces, if any. */
export function streamingPortOf(instance: ServiceInstance): number | undefined {
  const p = toInt((instance.payload[DIRECTORY_PAYLOAD.streamingPort] ?? '').trim());
  return p !== undefined && p > 0 && p < 65536 ? p : undefined;
}

/** Where one find goes: one instance per remainder of `modulus`; `shards[r]` serves remainder r. */
export interface DirectoryRoute {
  readonly modulus: number;
  readonly shards: readonly ServiceInstance[];
}

export interface RouteOptions {
  /** Uniform in [0, 1), injected so that tests control the choice (default Math.random). */
  readonly random?: () => number;
  /** Ids of instances not to use (e.g. that just failed a request); a modulus they leave incomplete is not used. */
  readonly exclude?: ReadonlySet<string>;
}

/**
 * Chooses the directory instances one find queries, as Warp 10's directory clients do (reference §6.2, §12):
 * only moduli whose every remainder has a live instance are usable; the instances of usable moduli are
 * shuffled, the first one's modulus is taken, and for each remainder the first instance in shuffled order
 * serves it — so replicas are chosen at random and a modulus with more instances is chosen more often.
 * Returns undefined when no modulus is complete (the find cannot be answered completely).
 */
export function routeDirectories(instances: readonly ServiceInstance[], options: RouteOptions = {}): DirectoryRoute | undefined {
  const random = options.random ?? Math.random;
  const candidates: { instance: ServiceInstance; shard: DirectoryPartition }[] = [];
  const remainders = new Map<number, Set<number>>();
  for (const instance of instances) {
    if (options.exclude?.has(instance.id)) continue;
    const shard = shardOfInstance(instance);
    if (shard === undefined) continue;
    candidates.push({ instance, shard });
    let set = remainders.get(shard.modulus);
    if (set === undefined) remainders.set(shard.modulus, (set = new Set()));
    set.add(shard.remainder);
  }
  const usable = candidates.filter((c) => remainders.get(c.shard.modulus)!.size === c.shard.modulus);
  if (usable.length === 0) return undefined;
  for (let i = usable.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [usable[i], usable[j]] = [usable[j], usable[i]];
  }
  const modulus = usable[0].shard.modulus;
  const shards: ServiceInstance[] = new Array<ServiceInstance>(modulus);
  for (const c of usable) {
    if (c.shard.modulus === modulus && shards[c.shard.remainder] === undefined) shards[c.shard.remainder] = c.instance;
  }
  return { modulus, shards };
}
