import { parseSubscriptionZnodeName, subscriptionZnodeSeries } from './zookeeper-subscription-znodes.js';

/** What reading the subscriptions needs of a ZooKeeper session (ZooKeeperClient has it). */
export interface ZnodeReader {
  getChildren(path: string): Promise<string[] | undefined>;
  getData(path: string): Promise<Buffer | undefined>;
}

/** One plasma front end as its subscription znodes show it. */
export interface PublishingFrontEnd {
  /** Its Kafka topic (where back ends forward its series). */
  readonly topic: string;
  /** Distinct series it subscribed to. */
  readonly series: number;
  /** Znodes it publishes them in. */
  readonly znodes: number;
}

/** The plasma znode's content: the front ends publishing there, and znodes back ends ignore (unparsable or failing their hash). */
export interface PublishedSubscriptions {
  readonly znode: string;
  readonly frontEnds: readonly PublishingFrontEnd[];
  readonly ignored: readonly string[];
}

/**
 * Reads once (no watch) the subscriptions plasma front ends publish under `znode` (reference §8.2), checking each
 * znode's hash as back ends do: for `continuum cell status`, so that an operator sees which front ends are live and
 * what back ends route to them. Front ends by topic; a missing znode reads as none.
 */
export async function readPublishedSubscriptions(zk: ZnodeReader, znode: string): Promise<PublishedSubscriptions> {
  const children = ((await zk.getChildren(znode)) ?? []).sort();
  const byTopic = new Map<string, { series: Set<string>; znodes: number }>();
  const ignored: string[] = [];
  for (const child of children) {
    const name = parseSubscriptionZnodeName(child);
    if (name === undefined) {
      ignored.push(child);
      continue;
    }
    const data = await zk.getData(`${znode}/${child}`);
    if (data === undefined) continue;
    const ids = subscriptionZnodeSeries(name, data);
    if (ids === undefined) {
      ignored.push(child);
      continue;
    }
    let entry = byTopic.get(name.topic);
    if (entry === undefined) byTopic.set(name.topic, (entry = { series: new Set(), znodes: 0 }));
    entry.znodes++;
    for (const id of ids) entry.series.add(id);
  }
  const frontEnds = [...byTopic].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([topic, e]) => ({ topic, series: e.series.size, znodes: e.znodes }));
  return { znode, frontEnds, ignored };
}
