import { covers, type Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CommandLog, OutgoingRecord } from '../../domain/ports/command-log.js';
import type { LogRecord, LogSource } from '../../domain/ports/log-source.js';
import type { TopicName } from '../../domain/ports/topics.js';
import type { DataEvent } from '../../domain/events/data.events.js';
import type { MetadataEvent } from '../../domain/events/metadata.events.js';
import { long } from '../../domain/datapoints/value.js';
import { partitionOf } from '../../domain/series/partition.js';
import { seriesIdBytes, seriesIdOf, type SeriesId } from '../../domain/series/series.js';

/** What the log contract needs of an adapter: both sides of the log. */
export interface TestableLog extends CommandLog {
  source<T extends TopicName>(topic: T): LogSource<T>;
}

/** Series number `n`: its id and 16-byte key. */
export function series(n: number): { id: SeriesId; key: Uint8Array } {
  const id = seriesIdOf(BigInt(n + 1) * 0x9e3779b97f4a7c15n, BigInt(n + 1) * 0xc2b2ae3d27d4eb4fn);
  return { id, key: seriesIdBytes(id) };
}

/** Series numbers (for `series(n)`) whose records land in partitions 0, 1, … of a `partitions`-partition topic, one each. */
export function seriesOnePerPartition(partitions: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < partitions; p++) {
    let n = 0;
    while (partitionOf(series(n).key, partitions) !== p) n++;
    out.push(n);
  }
  return out;
}

/** A data record for series `n` whose single point carries `seq` (as ts and value), to check order and identity. */
export function dataRecord(n: number, seq: number): OutgoingRecord {
  const { id, key } = series(n);
  const event: DataEvent = { type: 'DatapointsStored', series: id, points: [{ ts: BigInt(seq), value: long(BigInt(seq) * 3n) }] };
  return { topic: 'data', key, event };
}

export function metadataRecord(n: number): OutgoingRecord {
  const { id, key } = series(n);
  const event: MetadataEvent = {
    type: 'SeriesRegistered',
    series: { id, className: `class.${n}`, labels: new Map([['host', `h${n}`]]), attributes: new Map() },
  };
  return { topic: 'metadata', key, event };
}

/** The `seq` a data record was made with. */
export function seqOf(record: LogRecord<'data'>): number {
  const e = record.event;
  if (e.type !== 'DatapointsStored') throw new Error(`unexpected ${e.type}`);
  return Number(e.points[0].ts);
}

/** Reads until `done` says so (given everything read so far), then aborts; returns the batches. */
export async function readUntil<T extends TopicName>(
  source: LogSource<T>,
  options: { from: Checkpoint; maxBatch?: number },
  done: (records: readonly LogRecord<T>[]) => boolean,
): Promise<{ records: LogRecord<T>[]; batches: number[] }> {
  const controller = new AbortController();
  const records: LogRecord<T>[] = [];
  const batches: number[] = [];
  if (done(records)) return { records, batches };
  for await (const batch of source.read({ ...options, signal: controller.signal })) {
    batches.push(batch.length);
    records.push(...batch);
    if (done(records)) controller.abort();
  }
  return { records, batches };
}

/** Reads from `from` up to the high-water mark `end()` reports when called. */
export async function readToEnd<T extends TopicName>(source: LogSource<T>, from: Checkpoint, maxBatch?: number): Promise<LogRecord<T>[]> {
  const end = await source.end();
  const next = new Map(from);
  let seen = 0;
  const { records } = await readUntil(source, { from, maxBatch }, (all) => {
    for (; seen < all.length; seen++) next.set(all[seen].partition, all[seen].offset + 1);
    return covers(next, end);
  });
  return records;
}

/** Records grouped by partition, in the order read. */
export function byPartition<T extends TopicName>(records: readonly LogRecord<T>[]): Map<number, LogRecord<T>[]> {
  const out = new Map<number, LogRecord<T>[]>();
  for (const r of records) {
    let list = out.get(r.partition);
    if (!list) out.set(r.partition, (list = []));
    list.push(r);
  }
  return out;
}

/** A one-shot signal for tests: `promise` settles once `done()` was called. */
export function signal(): { promise: Promise<void>; done: () => void } {
  let done!: () => void;
  const promise = new Promise<void>((resolve) => {
    done = resolve;
  });
  return { promise, done };
}
