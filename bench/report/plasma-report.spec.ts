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

  it('shows a failure and what was measured before it', () => {
    const text = renderPlasmaReport({ fanout: [], error: 'plasma upgrade answered 404' });
    expect(text).toContain('FAILED: plasma upgrade answered 404');
    expect(text).not.toContain('Memory:');
  });
});
