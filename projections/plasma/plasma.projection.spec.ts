import type { DatapointsStored } from '../../domain/events/data.events.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { PlasmaOutbox } from '../../domain/ports/plasma-channel.js';
import type { SubscriptionRoutes } from '../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../domain/series/series.js';
import { seriesNo, stored } from '../runner.fixture.js';
import { PlasmaProjection } from './plasma.projection.js';

const record = (event: LogRecord<'data'>['event'], offset: number): LogRecord<'data'> => ({ topic: 'data', partition: 0, offset, key: new Uint8Array(16), event, appendedAt: 0 });

function setup(routing: Record<number, string[]>, failing: string[] = []) {
  const table = new Map<SeriesId, string[]>(Object.entries(routing).map(([n, fes]) => [seriesNo(Number(n)), fes]));
  const routes: SubscriptionRoutes = { frontEndsOf: (s) => table.get(s) ?? [], close: () => Promise.resolve() };
  const delivered: [string, string[]][] = [];
  const outbox: PlasmaOutbox = {
    deliver: (fe, chunks) => {
      if (failing.includes(fe)) return Promise.reject(Object.assign(new Error('down'), { retriable: true }));
      delivered.push([fe, chunks.map((c: DatapointsStored) => `${c.series === seriesNo(1) ? 1 : c.series === seriesNo(2) ? 2 : 3}:${c.points.length}`)]);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  const errors: string[] = [];
  const projection = new PlasmaProjection({ routes, outbox, onDeliveryError: (fe) => errors.push(fe) });
  return { projection, delivered, errors };
}

describe('PlasmaProjection', () => {
  it('starts at the end, keeps no checkpoint and never replays', async () => {
    const { projection } = setup({});
    expect(projection.startFrom).toBe('end');
    expect(projection.topic).toBe('data');
    await expect(projection.load()).resolves.toBeUndefined();
  });

  it('forwards each stored chunk to the front ends of its series, one delivery per front end per batch, in log order', async () => {
    const { projection, delivered } = setup({ 1: ['fe1'], 2: ['fe1', 'fe2'] });
    const records = [stored(1, 1, 2), stored(3, 1), stored(2, 1, 3), { type: 'DatapointsDeleted' as const, series: seriesNo(1), start: 0n, end: 1n }, stored(1, 2)];
    await projection.handle(records.map(record), { projection: 'plasma', checkpoint: new Map() });
    expect(delivered).toEqual([['fe1', ['1:2', '2:3', '1:1']], ['fe2', ['2:3']]]);
    expect(projection.stats()).toEqual({ forwardedChunks: 4, forwardedPoints: 9, droppedChunks: 0, droppedPoints: 0, failedDeliveries: 0 });
  });

  it('does nothing for series nobody subscribed to, and accepts an empty batch', async () => {
    const { projection, delivered } = setup({});
    await projection.handle([record(stored(1, 1), 0)], { projection: 'plasma', checkpoint: new Map() });
    await projection.handle([], { projection: 'plasma', checkpoint: new Map() });
    expect(delivered).toEqual([]);
  });

  it('counts and drops what a front end could not take, without failing the batch or the other front ends', async () => {
    const { projection, delivered, errors } = setup({ 2: ['down', 'fe2'] }, ['down']);
    await expect(projection.handle([record(stored(2, 1, 5), 0)], { projection: 'plasma', checkpoint: new Map() })).resolves.toBeUndefined();
    expect(delivered).toEqual([['fe2', ['2:5']]]);
    expect(errors).toEqual(['down']);
    expect(projection.stats()).toMatchObject({ droppedChunks: 1, droppedPoints: 5, failedDeliveries: 1, forwardedPoints: 5 });
  });
});
