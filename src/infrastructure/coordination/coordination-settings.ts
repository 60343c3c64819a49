import { DIRECTORY_SERVICE, directoryPayload, parseDirectoryPartition } from '../../../domain/ports/directory-shards.js';
import type { ServiceAnnouncement, ServiceRegistration } from '../../../domain/ports/service-discovery.js';
import { ValidationError } from '../../../domain/errors.js';
import type { Config } from '../../config/config.js';
import type { ZooKeeperClientEvent } from './zookeeper-client.js';
import { ZooKeeperServiceDiscovery } from './zookeeper-discovery.js';

/** Where a cell's services live in ZooKeeper. */
export interface DiscoveryLocation {
  /** ZooKeeper ensemble, `host:port,…[/chroot]`. */
  readonly quorum: string;
  /** Znode of the services, e.g. `/zk/warp/prod/services`. */
  readonly basePath: string;
}

/**
 * The services znode of cell `name` in the seed's layout (`/zk/warp/<cell>/services`, next to
 * `/zk/warp/<cell>/plasma`). Rejects names that are not one znode name.
 */
export function cellServicesPath(name: string): string {
  if (name.length === 0 || name.includes('/') || name === '.' || name === '..') throw new ValidationError(`cannot use cell name '${name}': it must be one znode name (no "/")`);
  return `/zk/warp/${name}/services`;
}

/** `directory.zk.quorum` and `directory.zk.znode`, each replaced by an override when given. */
export function discoveryLocationOf(config: Config, overrides: Partial<DiscoveryLocation> = {}): DiscoveryLocation {
  const basePath = overrides.basePath ?? config.get('directory.zk.znode');
  if (!basePath.startsWith('/')) throw new ValidationError(`cannot use directory.zk.znode '${basePath}': a znode path starts with "/"`);
  return { quorum: overrides.quorum ?? config.get('directory.zk.quorum'), basePath };
}

/**
 * Opens the cell's service discovery on ZooKeeper with the configured session timeout (`warp.zk.session.timeout`)
 * and call timeout (`warp.zk.connect.timeout`, or `timeoutMs`). Rejects (retriable) when ZooKeeper does not answer.
 */
export function openServiceDiscovery(
  config: Config,
  options: { location?: Partial<DiscoveryLocation>; timeoutMs?: number; onEvent?: (event: ZooKeeperClientEvent) => void } = {},
): Promise<ZooKeeperServiceDiscovery> {
  const { quorum, basePath } = discoveryLocationOf(config, options.location);
  return ZooKeeperServiceDiscovery.open({
    connectString: quorum,
    basePath,
    sessionTimeoutMs: config.get('warp.zk.session.timeout'),
    timeoutMs: options.timeoutMs ?? config.get('warp.zk.connect.timeout'),
    onEvent: options.onEvent,
  });
}

/**
 * The instance a directory announces (reference §12): service `com.cityzendata.continuum.directory`, its
 * address and port (`directory.host`, `directory.port`), its shard (`directory.partition`) and its streaming port
 * (`directory.streaming.port`, or the port it actually bound) in the payload. Throws ValidationError on a bad
 * `directory.partition`.
 */
export function directoryAnnouncement(config: Config, bound: { streamingPort?: number } = {}): ServiceAnnouncement {
  const partition = parseDirectoryPartition(config.get('directory.partition'));
  return {
    name: DIRECTORY_SERVICE,
    address: config.get('directory.host'),
    port: config.get('directory.port'),
    payload: directoryPayload(partition, bound.streamingPort ?? config.get('directory.streaming.port')),
  };
}

/** Registers a directory instance when `directory.register` is true (Warp 10's switch); undefined otherwise. */
export async function registerDirectory(
  discovery: { register(a: ServiceAnnouncement): Promise<ServiceRegistration> },
  config: Config,
  bound: { streamingPort?: number } = {},
): Promise<ServiceRegistration | undefined> {
  if (!config.get('directory.register')) return undefined;
  return discovery.register(directoryAnnouncement(config, bound));
}
