import type { PlasmaFigures } from '../plasma/plasma-bench.js';

const fmt = (n: number, digits = 2) => (Number.isNaN(n) ? 'n/a' : n.toFixed(digits));
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

/** The plasma part of a run's section: fan-out latency per subscriber count, and the memory of many sessions. */
export function renderPlasmaReport(figures: PlasmaFigures): string {
  const lines = ['### Plasma (standalone cell)', ''];
  if (figures.error !== undefined) lines.push(`FAILED: ${figures.error}`, '');
  if (figures.fanout.length > 0) {
    lines.push(
      'Fan-out latency, update acknowledged → message received by each subscriber (all subscribers on one series, one update at a time; the subscribers run in the harness process):',
      '',
      '| subscribers | updates | deliveries | p50 ms | p99 ms | missed | arrived before the ack |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const f of figures.fanout) lines.push(`| ${f.subscribers.toLocaleString('en-US')} | ${f.rounds} | ${f.samples.toLocaleString('en-US')} | ${fmt(f.p50Ms)} | ${fmt(f.p99Ms)} | ${f.missed} | ${f.beforeAck} |`);
    lines.push('');
  }
  if (figures.memory !== undefined) {
    const m = figures.memory;
    const perSession = (m.rssWithSessionsBytes - m.rssBeforeBytes) / m.sessions / 1024;
    lines.push(
      `Memory: the cell (front end, back end, log and store in one process) holds ${m.sessions.toLocaleString('en-US')} sessions, each subscribed to one of 1,000 series, in ${mib(m.rssWithSessionsBytes)} MiB of RSS (${mib(m.rssBeforeBytes)} MiB before the sessions: ${fmt(perSession, 1)} KiB per session).`,
      '',
    );
  }
  return lines.join('\n');
}
