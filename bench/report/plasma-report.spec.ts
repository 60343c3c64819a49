import { renderPlasmaReport } from './plasma-report.js';

describe('renderPlasmaReport', () => {
  it('tabulates the fan-out per subscriber count and the memory per session', () => {
    const text = renderPlasmaReport({
      fanout: [
        { subscribers: 1, rounds: 100, samples: 100, p50Ms: 1.234, p99Ms: 5, missed: 0, beforeAck: 3 },
        { subscribers: 1000, rounds: 100, samples: 99_990, p50Ms: 20, p99Ms: 80.5, missed: 10, beforeAck: 0 },
      ],
      memory: { sessions: 10_000, rssBeforeBytes: 100 * 1024 * 1024, rssWithSessionsBytes: 150 * 1024 * 1024 },
    });
    expect(text).toContain('| 1 | 100 | 100 | 1.23 | 5.00 | 0 | 3 |');
    expect(text).toContain('| 1,000 | 100 | 99,990 | 20.00 | 80.50 | 10 | 0 |');
    expect(text).toContain('10,000 sessions, each subscribed to one of 1,000 series, in 150 MiB of RSS (100 MiB before the sessions: 5.1 KiB per session)');
  });

  it('tabulates the ingest loads per set of sessions, and the ratios of their medians', () => {
    const text = renderPlasmaReport({
      fanout: [],
      ingest: {
        workload: 'W1',
        points: 1_000_000,
        runs: [
          { mode: 'none', pointsPerSec: 300_000, cellCpuUsPerPoint: 4, mainThreadCpuUsPerPoint: 2.5 },
          { mode: 'fast', pointsPerSec: 250_000, cellCpuUsPerPoint: 5, fastPoints: 1_000_001, expectedPoints: 1_000_001 },
          { mode: 'stalled', pointsPerSec: 245_000.4, cellCpuUsPerPoint: 5.1, fastPoints: 1_000_001, expectedPoints: 1_000_001, stalledDroppedPoints: 900_000, stalledReceivedPoints: 100_001 },
        ],
        medians: {
          none: { pointsPerSec: 300_000, cellCpuUsPerPoint: 4, mainThreadCpuUsPerPoint: 2.5 },
          fast: { pointsPerSec: 250_000, cellCpuUsPerPoint: 5, mainThreadCpuUsPerPoint: 3.2 },
          stalled: { pointsPerSec: 245_000, cellCpuUsPerPoint: 5.1, mainThreadCpuUsPerPoint: 3.1 },
        },
        stalledRatio: 0.98,
        fanoutRatio: 0.8333,
        fastComplete: true,
      },
    });
    expect(text).toContain('| 1 | a: none | 300,000 | 4.00 | 2.50 | — | — | — |');
    expect(text).toContain('| 2 | b: fast | 250,000 | 5.00 | — | 1,000,001 of 1,000,001 | — | — |');
    expect(text).toContain('| 3 | c: fast + stalled | 245,000 | 5.10 | — | 1,000,001 of 1,000,001 | 900,000 | 100,001 |');
    expect(text).toContain('median ingest (c) ÷ (b): 0.98 (245,000 / 250,000 points/s; cell CPU 5.10 / 5.00 µs/pt, main thread 3.10 / 3.20 µs/pt;');
    expect(text).toContain('(b) ÷ (a): 0.83 (250,000 / 300,000 points/s; cell CPU 5.00 / 4.00 µs/pt). The fast session received every point in every load.');
  });

  it('shows a failure and what was measured before it', () => {
    const text = renderPlasmaReport({ fanout: [], error: 'plasma upgrade answered 404' });
    expect(text).toContain('FAILED: plasma upgrade answered 404');
    expect(text).not.toContain('Memory:');
  });
});
