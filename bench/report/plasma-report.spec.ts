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

  it('tabulates the ingest loads without and with subscribers, and the ratio of their medians', () => {
    const text = renderPlasmaReport({
      fanout: [],
      ingest: {
        workload: 'W1',
        points: 1_000_000,
        runs: [
          { subscribed: false, pointsPerSec: 300_000, cellCpuUsPerPoint: 4 },
          { subscribed: true, pointsPerSec: 270_000.4, cellCpuUsPerPoint: 4.4, fastPoints: 1_000_001, expectedPoints: 1_000_001, stalledDroppedPoints: 900_000, stalledReceivedPoints: 100_001 },
        ],
        medianWithout: 300_000,
        medianWith: 270_000,
        ratio: 0.9,
        cpuRatio: 1.1,
        fastComplete: true,
      },
    });
    expect(text).toContain('| 1 | a: none | 300,000 | 4.00 | — | — | — |');
    expect(text).toContain('| 2 | b: stalled + fast | 270,000 | 4.40 | 1,000,001 of 1,000,001 | 900,000 | 100,001 |');
    expect(text).toContain('Median ingest with ÷ without: 0.90 (270,000 / 300,000 points/s); cell CPU per point with ÷ without: 1.10; the fast session received every point in every load.');
  });

  it('shows a failure and what was measured before it', () => {
    const text = renderPlasmaReport({ fanout: [], error: 'plasma upgrade answered 404' });
    expect(text).toContain('FAILED: plasma upgrade answered 404');
    expect(text).not.toContain('Memory:');
  });
});
