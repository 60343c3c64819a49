import { testConfig } from './egress.fixture.js';
import { ReadPathWarmup } from './read-path-warmup.js';

describe('ReadPathWarmup', () => {
  it('renders its 1,000-point synthetic series in each of the five text formats', async () => {
    const warmup = new ReadPathWarmup(testConfig());
    const bytes = await warmup.run();
    // text and fulltext print at least "=<ts>// <value>" per point, json and tsv more: well over 5 × 1,000 × 20 bytes.
    expect(bytes).toBeGreaterThan(100_000);
    expect(await warmup.run()).toBe(bytes);
  });

  it('renders the same bytes when the store pages are smaller than the series', async () => {
    const paged = new ReadPathWarmup(testConfig({ 'egress.fetch.pagesize': '100' }));
    expect(await paged.run()).toBe(await new ReadPathWarmup(testConfig()).run());
  });

  it('leaves no timer behind once the application shuts down', () => {
    jest.useFakeTimers();
    try {
      const warmup = new ReadPathWarmup(testConfig());
      warmup.onApplicationBootstrap();
      expect(jest.getTimerCount()).toBe(1);
      warmup.onApplicationShutdown();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
