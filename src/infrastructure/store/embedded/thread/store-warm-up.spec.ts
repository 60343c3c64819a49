import { existsSync } from 'node:fs';
import type { FetchRange } from '../../../../../domain/ports/datapoint-store.js';
import type { SeriesId } from '../../../../../domain/series/series.js';
import { openEmbeddedStore } from '../embedded-store.js';
import type { StoreOp } from './store-thread.protocol.js';
import { warmUpStore, type StoreCall } from './store-warm-up.js';
import { unpackWrites, type WireWrites } from './write-wire.js';

describe('warmUpStore', () => {
  it('writes rounds of puts to a scratch store, reads every series back whole and by groups, then closes it and removes its directory', async () => {
    const calls: StoreOp[] = [];
    const points = new Map<SeriesId, number>();
    let dir = '';
    let closed = false;
    await warmUpStore(async (scratchDir) => {
      dir = scratchDir;
      const store = await openEmbeddedStore(scratchDir);
      const call: StoreCall = async (op, args) => {
        calls.push(op);
        if (op === 'datapoints.apply') return store.datapoints.apply(unpackWrites(args[0] as WireWrites));
        if (op === 'datapoints.fetchColumns') {
          const columns = await store.datapoints.fetchColumns(args[0] as SeriesId, args[1] as FetchRange);
          points.set(args[0] as SeriesId, columns.length);
          return columns;
        }
        return (args[0] as SeriesId[]).map((id) => store.datapoints.fetchColumns(id, args[1] as FetchRange));
      };
      return {
        call,
        close: async () => {
          closed = true;
          await store.close();
        },
      };
    });
    expect(calls.filter((op) => op === 'datapoints.apply')).toHaveLength(40);
    expect(calls.filter((op) => op === 'datapoints.fetchColumns')).toHaveLength(200);
    expect(calls.filter((op) => op === 'datapoints.fetchColumnsMany')).toHaveLength(13);
    // Every series holds what the rounds wrote: 40 puts of 10 points, one second apart.
    expect(new Set(points.values())).toEqual(new Set([400]));
    expect(closed).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('removes its directory when the scratch store cannot be opened, and says why', async () => {
    let dir = '';
    await expect(
      warmUpStore(async (scratchDir) => {
        dir = scratchDir;
        throw new Error('no engine here');
      }),
    ).rejects.toThrow('no engine here');
    expect(dir).not.toBe('');
    expect(existsSync(dir)).toBe(false);
  });
});
