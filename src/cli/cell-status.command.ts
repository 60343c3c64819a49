import { DIRECTORY_SERVICE, shardOfInstance, streamingPortOf } from '../../domain/ports/directory-shards.js';
import type { ServiceDiscovery, ServiceInstance } from '../../domain/ports/service-discovery.js';
import type { Config } from '../config/config.js';
import { loadConfig } from '../config/config.loader.js';
import { openSubscriptionReader } from '../infrastructure/plasma/zookeeper-plasma-settings.js';
import { readPublishedSubscriptions, type PublishedSubscriptions, type ZnodeReader } from '../infrastructure/plasma/zookeeper-subscription-status.js';
import { cellServicesPath, discoveryLocationOf, openServiceDiscovery, type DiscoveryLocation } from './wiring.js';

export interface CellStatusOptions {
  /** ZooKeeper ensemble (`host:port,…`); default `directory.zk.quorum`. */
  readonly zk?: string;
  /** Cell name: services under `/zk/warp/<cell>/services`; default `directory.zk.znode`. */
  readonly cell?: string;
  /** Print JSON instead of text. */
  readonly json?: boolean;
  /** Longest wait for ZooKeeper, ms (default 5000). */
  readonly timeout?: string;
  readonly dataDir?: string;
  readonly config?: string;
}

/** What `cell status` reports: every service of the cell and its live members, and the plasma front ends publishing. */
export interface CellStatus {
  readonly location: DiscoveryLocation;
  readonly services: readonly { readonly name: string; readonly members: readonly ServiceInstance[] }[];
  /** The plasma subscriptions znode, when it was read. */
  readonly plasma?: PublishedSubscriptions;
}

/**
 * Reads every service of the cell and its live members, services by name, members by registration time; with a
 * `plasma` reader, also the front ends publishing subscriptions under `plasma.znode`.
 */
export async function readCellStatus(discovery: ServiceDiscovery, location: DiscoveryLocation, plasma?: { zk: ZnodeReader; znode: string }): Promise<CellStatus> {
  const names = [...(await discovery.services())].sort();
  const services = await Promise.all(names.map(async (name) => ({ name, members: await discovery.members(name) })));
  const live = services.filter((s) => s.members.length > 0);
  if (plasma === undefined) return { location, services: live };
  return { location, services: live, plasma: await readPublishedSubscriptions(plasma.zk, plasma.znode) };
}

/**
 * The report, the way `jubactl -c status` lists a Jubatus cluster: one `active <service> members:` block per
 * service, one line per member (address:port, id, shard, streaming port, registered since), then whether the
 * directory shards let clients route finds (a modulus is usable only with all its remainders, reference §12).
 */
export function formatCellStatus(status: CellStatus, nowMs: number): string[] {
  const lines = [`cell ${status.location.basePath} on ZooKeeper ${status.location.quorum}`];
  if (status.services.length === 0) return [...lines, 'no active members', ...plasmaLines(status.plasma)];
  for (const service of status.services) {
    lines.push(`active ${service.name} members:`);
    for (const m of service.members) {
      const shard = shardOfInstance(m);
      const streaming = streamingPortOf(m);
      const parts = [` ${m.address}:${m.port}`, `id ${m.id}`];
      if (shard !== undefined) parts.push(`shard ${shard.modulus}:${shard.remainder}`);
      if (streaming !== undefined) parts.push(`streaming ${streaming}`);
      parts.push(`since ${new Date(m.registrationTimeUTC).toISOString()} (${age(nowMs - m.registrationTimeUTC)})`);
      lines.push(parts.join('  '));
    }
  }
  const directories = status.services.find((s) => s.name === DIRECTORY_SERVICE);
  if (directories !== undefined) lines.push(...routing(directories.members));
  return [...lines, ...plasmaLines(status.plasma)];
}

/** The plasma front ends publishing subscriptions: one line each (topic, series, znodes), and znodes back ends ignore. */
function plasmaLines(plasma: PublishedSubscriptions | undefined): string[] {
  if (plasma === undefined) return [];
  const lines = plasma.frontEnds.length === 0 ? [`plasma: no front end publishes subscriptions under ${plasma.znode}`] : [`active plasma front ends (subscriptions under ${plasma.znode}):`];
  for (const fe of plasma.frontEnds) lines.push(` topic ${fe.topic}  ${fe.series} series  ${fe.znodes} znode(s)`);
  if (plasma.ignored.length > 0) lines.push(`plasma: ${plasma.ignored.length} znode(s) ignored by back ends (bad name or hash): ${plasma.ignored.join(', ')}`);
  return lines;
}

/** Per modulus: complete (finds can be routed) or the remainders missing. */
function routing(members: readonly ServiceInstance[]): string[] {
  const byModulus = new Map<number, Set<number>>();
  for (const m of members) {
    const shard = shardOfInstance(m);
    if (shard === undefined) continue;
    let set = byModulus.get(shard.modulus);
    if (set === undefined) byModulus.set(shard.modulus, (set = new Set()));
    set.add(shard.remainder);
  }
  const lines: string[] = [];
  for (const modulus of [...byModulus.keys()].sort((a, b) => a - b)) {
    const have = byModulus.get(modulus)!;
    const missing = Array.from({ length: modulus }, (_, r) => r).filter((r) => !have.has(r));
    lines.push(missing.length === 0 ? `directory modulus ${modulus}: complete, finds are routed` : `directory modulus ${modulus}: incomplete, unused (missing remainder ${missing.join(', ')})`);
  }
  if (lines.length === 0) lines.push('directory: no instance announces a shard');
  return lines;
}

function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `up ${s}s`;
  if (s < 3600) return `up ${Math.floor(s / 60)}m${s % 60}s`;
  if (s < 86400) return `up ${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
  return `up ${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h`;
}

/** The report as JSON: location, then per service its members as announced, then the plasma front ends (when read). */
export function cellStatusJson(status: CellStatus): string {
  const services = Object.fromEntries(status.services.map((s) => [s.name, s.members]));
  return JSON.stringify({ quorum: status.location.quorum, znode: status.location.basePath, services, ...(status.plasma ? { plasma: status.plasma } : {}) }, null, 2);
}

/** Where the plasma subscriptions are: `/zk/warp/<cell>/plasma` with --cell, else `plasma.backend.subscriptions.znode` and its ensemble. */
function plasmaLocationOf(config: Config, options: CellStatusOptions, cellQuorum: string): { quorum: string; znode: string } {
  const znode = options.cell === undefined ? config.get('plasma.backend.subscriptions.znode') : `/zk/warp/${options.cell}/plasma`;
  const quorum = options.zk ?? config.get('plasma.backend.subscriptions.zkconnect') ?? cellQuorum;
  return { quorum, znode };
}

/**
 * `continuum cell status [--zk host:port] [--cell NAME]`: lists the live members of a distributed cell from
 * ZooKeeper (as `jubactl -c status` does for Jubatus), then the plasma front ends publishing subscriptions (topic,
 * series, znodes) under the plasma znode (`/zk/warp/<cell>/plasma`, else `plasma.backend.subscriptions.znode`).
 * Options win over the configuration (`directory.zk.quorum`, `directory.zk.znode`). Returns the lines to print;
 * rejects when ZooKeeper does not answer within the timeout.
 */
export async function cellStatusCommand(options: CellStatusOptions): Promise<string[]> {
  const timeoutMs = options.timeout === undefined ? 5000 : Number(options.timeout);
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 100) throw new Error(`--timeout must be a number of ms >= 100, got '${options.timeout}'`);
  const { config } = loadConfig({ dataDir: options.dataDir, configFile: options.config });
  const location = discoveryLocationOf(config, { quorum: options.zk, basePath: options.cell === undefined ? undefined : cellServicesPath(options.cell) });
  const discovery = await openServiceDiscovery(config, { location, timeoutMs });
  let zk: (ZnodeReader & { close(): Promise<void> }) | undefined;
  try {
    const plasma = plasmaLocationOf(config, options, location.quorum);
    zk = await openSubscriptionReader(config, plasma.quorum, timeoutMs);
    const status = await readCellStatus(discovery, location, { zk, znode: plasma.znode });
    return options.json ? [cellStatusJson(status)] : formatCellStatus(status, Date.now());
  } finally {
    await zk?.close();
    await discovery.close();
  }
}
