import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { LogSource } from '../../../domain/ports/log-source.js';
import type { TopicName } from '../../../domain/ports/topics.js';
import type { DeadLetterSink } from '../../../projections/dead-letter.js';

/**
 * DI tokens of a distributed process, besides the port tokens of src/infrastructure/tokens.ts: bound by
 * CellAdaptersModule, used by the component modules.
 */
export const CELL_RESOURCES = Symbol('CellResources');
/** The ServiceDiscovery of the cell (ZooKeeper). */
export const DISCOVERY = Symbol('ServiceDiscovery');
/** The RemoteDirectory (also bound as SERIES_FINDER): finds and read-your-writes waits on the cell's directories. */
export const REMOTE_DIRECTORY = Symbol('RemoteDirectory');
/** The store component's consumer of the data topic (shared group). */
export const STORE_FEED = Symbol('ConsumerFeed<store>');
/** The directory component's consumer of the metadata topic (its own group). */
export const DIRECTORY_FEED = Symbol('ConsumerFeed<directory>');
/** The ingress cache's consumer of the metadata topic (its own group). */
export const INGRESS_CACHE_FEED = Symbol('ConsumerFeed<ingress-cache>');
/** The plasma back end's consumer of the data topic (the group every back end shares). */
export const PLASMA_BACKEND_FEED = Symbol('PlasmaBackEndFeed');
/** The store component's runner, for read-your-writes in the same process. */
export const STORE_RUNNER = Symbol('StoreRunner');

/** A consuming component's side of the log: where it reads, where poison records go, how offsets are reported. */
export interface ConsumerFeed<T extends TopicName> {
  readonly source: LogSource<T> & {
    /** Reports `applied()` (the runner's applied checkpoint) to the log every `periodMs`, for lag and rebalances. */
    trackApplied(applied: () => Checkpoint, periodMs: number): void;
  };
  readonly deadLetters: DeadLetterSink;
  readonly commitPeriodMs: number;
}

/**
 * The plasma back ends' side of the data topic: a ConsumerFeed (forwarded offsets committed every `commitPeriodMs`,
 * undecodable or MAC-failing records to `deadLetters`) that also tells where the group left partitions.
 */
export interface PlasmaBackEndFeed extends ConsumerFeed<'data'> {
  /**
   * The group's committed offsets of `partitions` (what the back end that held them forwarded), partitions without
   * one absent: a partition handed over by a rebalance resumes there instead of forwarding those chunks again.
   */
  committed(partitions: readonly number[]): Promise<Checkpoint>;
  /** Commits `offsets` (of the partitions this member holds) to the group now; never throws (failures are logged). */
  commit(offsets: Checkpoint): Promise<void>;
}

/** What `waitApplied` offers: read your writes on the directories of the cell. */
export interface DirectoryWaits {
  waitApplied(position: Checkpoint, timeoutMs: number): Promise<boolean>;
}
