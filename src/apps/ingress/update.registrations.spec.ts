import { long } from '../../../domain/datapoints/value.js';
import { UpdateGroups } from '../../../domain/ingest/update.decider.js';
import type { Clock } from '../../../domain/ports/clock.js';
import type { CommandLog, LogPosition, OutgoingRecord } from '../../../domain/ports/command-log.js';
import type { SeriesIdentity } from '../../../domain/series/series-id.js';
import { seriesIdOf, type SeriesName } from '../../../domain/series/series.js';
import type { Config } from '../../config/config.js';
import type { TokenService } from '../shared/token.service.js';
import { KnownSeriesCache } from './known-series.cache.js';
import type { SeriesCaches } from './series-caches.js';
import { UpdateHandler } from './update.handler.js';

// UpdateHandler.store with a log whose appends settle when the test says: concurrent requests writing the same
// new series register it once, unless the registering append fails.

interface PendingAppend {
  readonly records: readonly OutgoingRecord[];
  resolve(position: LogPosition): void;
  reject(error: Error): void;
}

class HeldLog implements CommandLog {
  readonly appends: PendingAppend[] = [];
  append(records: readonly OutgoingRecord[]): Promise<LogPosition> {
    return new Promise((resolve, reject) => this.appends.push({ records, resolve, reject }));
  }
  async close(): Promise<void> {}
}

const names: SeriesName[] = [1, 2, 3].map((n) => ({ className: `reg.${n}`, labels: new Map([['k', String(n)]]) }));
const idOf = (name: SeriesName) => seriesIdOf(9n, BigInt(name.className.length + Number(name.labels.get('k'))));
const registrations = (a: PendingAppend) => a.records.filter((r) => r.topic === 'metadata' && r.event.type === 'SeriesRegistered').length;
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('UpdateHandler.store: registrations of concurrent requests', () => {
  let log: HeldLog;
  let handler: UpdateHandler;

  beforeEach(() => {
    log = new HeldLog();
    const clock: Clock = { nowMs: () => 1_000 };
    handler = new UpdateHandler({} as Config, clock, log, {} as SeriesIdentity, {} as TokenService, new KnownSeriesCache(), {} as SeriesCaches);
  });

  const request = (ts: number) => {
    const groups = new UpdateGroups(idOf);
    for (const name of names) groups.add(name, undefined, undefined, { ts: BigInt(ts), value: long(1n) });
    return handler.store(groups, false);
  };

  it('registers series once when a second request writes them while the first one is being appended', async () => {
    const first = request(1);
    const second = request(2);
    await settle();
    expect(log.appends.map(registrations)).toEqual([3]);
    log.appends[0].resolve({ metadata: new Map([[0, 3]]), data: new Map([[0, 3]]) });
    await settle();
    expect(log.appends.map(registrations)).toEqual([3, 0]);
    log.appends[1].resolve({ data: new Map([[0, 6]]) });
    await first;
    // The second answer covers the registrations the first request appended.
    expect((await second).position.metadata).toEqual(new Map([[0, 3]]));
  });

  it('registers them itself when the registering append failed', async () => {
    const first = request(1);
    const second = request(2);
    await settle();
    log.appends[0].reject(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    await settle();
    expect(log.appends.map(registrations)).toEqual([3, 3]);
    log.appends[1].resolve({ metadata: new Map([[0, 3]]), data: new Map([[0, 3]]) });
    expect((await second).points).toBe(3);
  });
});
