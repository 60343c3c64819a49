import type { MetadataEvent } from '../../domain/events/metadata.events.js';
import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import { seriesIdOf, type SeriesId } from '../../domain/series/series.js';
import { ProjectionTestDriver } from '../test-driver.js';
import { KnownSeriesProjection, type KnownSeriesSink } from './known-series.projection.js';

const A = { id: seriesIdOf(1n, 1n), className: 'a', labels: new Map<string, string>() };
const B = { id: seriesIdOf(2n, 2n), className: 'b', labels: new Map<string, string>() };

class RecordingCache implements KnownSeriesSink {
  readonly known = new Map<SeriesId, Checkpoint>();
  add(id: SeriesId, at: Checkpoint): void {
    if (!this.known.has(id)) this.known.set(id, at);
  }
  forget(id: SeriesId): void {
    this.known.delete(id);
  }
}

describe('KnownSeriesProjection (the ingress cache fed by the metadata topic)', () => {
  it('forgets deleted series and learns series other ingresses registered, with a position covering the registration', async () => {
    const cache = new RecordingCache();
    cache.add(A.id, new Map([[0, 1]]));
    const driver = await ProjectionTestDriver.start(() => new KnownSeriesProjection(cache), { partitions: 1 });
    const events: MetadataEvent[] = [
      { type: 'SeriesDeleted', series: A },
      { type: 'SeriesRegistered', series: { ...B, attributes: new Map() } },
      { type: 'AttributesUpdated', series: B, attributes: new Map([['x', '1']]), mode: 'replace' },
    ];
    await driver.pipe(...events);
    expect(cache.known.has(A.id)).toBe(false);
    const registration = driver.records.find((r) => r.event.type === 'SeriesRegistered')!;
    expect(cache.known.get(B.id)).toEqual(new Map([[registration.partition, registration.offset + 1]]));
  });

  it('is a live view: it starts at the end of the topic and keeps no checkpoint', () => {
    const projection = new KnownSeriesProjection(new RecordingCache());
    expect(projection.startFrom).toBe('end');
    expect(projection.poison).toBe('skip');
    return expect(projection.load()).resolves.toBeUndefined();
  });
});
