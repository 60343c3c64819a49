import type { Config } from '../../config/config.js';
import { ZooKeeperClient, type ZooKeeperClientEvent } from '../coordination/zookeeper-client.js';
import { ZooKeeperSubscriptionPublisher } from './zookeeper-subscription-publisher.js';
import type { ZnodeReader } from './zookeeper-subscription-status.js';
import { ZooKeeperSubscriptionRoutes, type ZooKeeperSubscriptionRoutesOptions } from './zookeeper-subscription-routes.js';

/** Hooks for logs and metrics of the plasma ZooKeeper sessions. */
export interface PlasmaZooKeeperHooks {
  readonly onEvent?: (event: ZooKeeperClientEvent) => void;
}

function connect(config: Config, quorum: string, hooks: PlasmaZooKeeperHooks): Promise<ZooKeeperClient> {
  return ZooKeeperClient.connect({ connectString: quorum, sessionTimeoutMs: config.get('warp.zk.session.timeout'), timeoutMs: config.get('warp.zk.connect.timeout'), onEvent: hooks.onEvent });
}

/**
 * A plasma front end's SubscriptionPublisher (reference §8.2) on its own ZooKeeper session — the session its
 * ephemeral znodes live and die with: ensemble `plasma.frontend.zkconnect` (else `directory.zk.quorum`), znode
 * `plasma.frontend.znode`, znodes of at most `plasma.frontend.maxznodesize` bytes, routed by `topic` (the front
 * end's Kafka topic). Closing it ends the session. Rejects (retriable) when ZooKeeper does not answer.
 */
export async function openSubscriptionPublisher(config: Config, topic: string, hooks: PlasmaZooKeeperHooks = {}): Promise<ZooKeeperSubscriptionPublisher> {
  const client = await connect(config, config.get('plasma.frontend.zkconnect') ?? config.get('directory.zk.quorum'), hooks);
  try {
    return new ZooKeeperSubscriptionPublisher(client, { znode: config.get('plasma.frontend.znode'), topic, maxZnodeSize: config.get('plasma.frontend.maxznodesize') }, true);
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * A plasma back end's SubscriptionRoutes on its own ZooKeeper session: ensemble
 * `plasma.backend.subscriptions.zkconnect` (else `directory.zk.quorum`), znode `plasma.backend.subscriptions.znode`
 * (which must equal the front ends' `plasma.frontend.znode`). Resolves once the current routes are known.
 */
export async function openSubscriptionRoutes(
  config: Config,
  options: Omit<ZooKeeperSubscriptionRoutesOptions, 'znode'> & PlasmaZooKeeperHooks = {},
): Promise<ZooKeeperSubscriptionRoutes> {
  const client = await connect(config, config.get('plasma.backend.subscriptions.zkconnect') ?? config.get('directory.zk.quorum'), options);
  try {
    return await ZooKeeperSubscriptionRoutes.open(client, { ...options, znode: config.get('plasma.backend.subscriptions.znode') }, true);
  } catch (error) {
    await client.close();
    throw error;
  }
}

/**
 * A one-off ZooKeeper session on `quorum` to read the plasma subscriptions (readPublishedSubscriptions), for
 * `continuum cell status`. Close it. Rejects (retriable) when ZooKeeper does not answer within `timeoutMs`.
 */
export function openSubscriptionReader(config: Config, quorum: string, timeoutMs: number): Promise<ZnodeReader & { close(): Promise<void> }> {
  return ZooKeeperClient.connect({ connectString: quorum, sessionTimeoutMs: config.get('warp.zk.session.timeout'), timeoutMs });
}
