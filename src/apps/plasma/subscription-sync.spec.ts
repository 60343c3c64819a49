import type { SubscriptionPublisher } from '../../../domain/ports/plasma-subscriptions.js';
import type { SeriesId } from '../../../domain/series/series.js';
import { SubscriptionSync } from './subscription-sync.js';

const id = (n: number): SeriesId => n.toString(16).padStart(32, '0') as SeriesId;

function publisher(failures = 0) {
  const published: number[][] = [];
  let closed = false;
  let left = failures;
  const p: SubscriptionPublisher = {
    frontEnd: 'fe',
    publish: (set) => {
      if (left-- > 0) return Promise.reject(Object.assign(new Error('zk down'), { retriable: true }));
      published.push([...set].map((s) => parseInt(s, 16)));
      return Promise.resolve();
    },
    close: () => Promise.resolve(void (closed = true)),
  };
  return { p, published, closed: () => closed };
}

describe('SubscriptionSync', () => {
  it('publishes at once with no delay, the set of the moment, and never twice at a time', async () => {
    const { p, published } = publisher();
    const set = new Set([id(1)]);
    const sync = new SubscriptionSync(p, () => new Set(set), 0, { warn: () => undefined });
    const first = sync.changed();
    set.add(id(2));
    const second = sync.changed();
    await Promise.all([first, second]);
    expect(published[published.length - 1]).toEqual([1, 2]);
    expect(published.length).toBeLessThanOrEqual(2);
  });

  it('retries a failed publication and withdraws the set on close', async () => {
    const { p, published, closed } = publisher(1);
    const warnings: string[] = [];
    const sync = new SubscriptionSync(p, () => new Set([id(7)]), 0, { warn: (m: string) => void warnings.push(m) });
    await sync.changed();
    expect(warnings).toHaveLength(1);
    for (let i = 0; i < 100 && published.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(published).toEqual([[7]]);
    await sync.close();
    expect(closed()).toBe(true);
  });
});
