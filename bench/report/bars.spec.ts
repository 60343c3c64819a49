import { judgeBars } from './bars.js';
import { ratioOf } from './metrics.js';
import { measured } from './report.fixture.js';

describe('ratioOf', () => {
  it('divides Continuum by the peer pass by pass, then takes the median', () => {
    const all = [
      measured('continuum', 'W1', 1, { ingest: { pointsPerSec: 50, elapsedMs: 1 } }),
      measured('victoria', 'W1', 1, { ingest: { pointsPerSec: 100, elapsedMs: 1 } }),
      measured('continuum', 'W1', 2, { ingest: { pointsPerSec: 90, elapsedMs: 1 } }),
      measured('victoria', 'W1', 2, { ingest: { pointsPerSec: 100, elapsedMs: 1 } }),
      measured('continuum', 'W1', 3, { ingest: { pointsPerSec: 30, elapsedMs: 1 } }),
      measured('victoria', 'W1', 3, { ingest: { pointsPerSec: 10, elapsedMs: 1 } }),
    ];
    expect(ratioOf(all, 'W1', 'victoria', 'ingest')).toBe(0.9);
  });

  it('skips passes where either side failed, and is NaN without a pair', () => {
    const all = [measured('continuum', 'W1', 1), measured('influx', 'W1', 1, { error: 'boom' })];
    expect(ratioOf(all, 'W1', 'influx', 'ingest')).toBeNaN();
  });
});

describe('judgeBars', () => {
  const verdicts = (all: Parameters<typeof judgeBars>[0], workloads = ['W1']) => Object.fromEntries(judgeBars(all, workloads).map((b) => [`${b.bar} ${b.workload}`, b.verdict]));

  it('judges every bar of issue 3 from the medians and ratios', () => {
    const all = [
      measured('continuum', 'W1', 1, { ingest: { pointsPerSec: 60_000, elapsedMs: 1 } }),
      measured('victoria', 'W1', 1),
      measured('influx', 'W1', 1, { ingest: { pointsPerSec: 70_000, elapsedMs: 1 } }),
    ];
    expect(verdicts(all)).toEqual({
      "ingest ≥ InfluxDB's W1": 'not met',
      "ingest ≥ 50% of VictoriaMetrics' W1": 'met',
      "q1 p50 ≤ 1.5 × VictoriaMetrics' W1": 'met',
      "q2 p50 ≤ 1.5 × VictoriaMetrics' W1": 'met',
      'store bytes/point ≤ 3 (W1, W3) W1': 'met',
      'visibility p99 ≤ 200 ms at full ingest rate W1': 'met',
      'replay throughput ≥ ingest throughput W1': 'met',
    });
  });

  it('says n/a when a peer is missing, and fails visibility when probes timed out', () => {
    const all = [measured('continuum', 'W1', 1, { visibility: { p50Ms: 1, p99Ms: 2, samples: 3, timeouts: 1 } })];
    const v = verdicts(all);
    expect(v["ingest ≥ InfluxDB's W1"]).toBe('n/a');
    expect(v["q1 p50 ≤ 1.5 × VictoriaMetrics' W1"]).toBe('n/a');
    expect(v['visibility p99 ≤ 200 ms at full ingest rate W1']).toBe('not met');
  });

  it.each([
    [[measured('continuum', 'W2', 1)], 'met'],
    [[measured('continuum', 'W2', 1, { peakRssBytes: 2 * 1024 ** 3 })], 'not met'],
    [[measured('continuum', 'W2', 1), { ...measured('continuum', 'W2', 2), error: 'out of memory' }], 'not met'],
  ])('judges "W2 completes with RSS < 1 GiB" (case %#)', (all, expected) => {
    expect(verdicts(all, ['W2'])['W2 completes with RSS < 1 GiB W2']).toBe(expected);
  });
});
