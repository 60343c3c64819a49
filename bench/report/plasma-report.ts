import type { IngestImpactFigures } from '../plasma/ingest-impact.js';
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
  if (figures.ingest !== undefined) lines.push(...ingestLines(figures.ingest));
  return lines.join('\n');
}

/** Issue 5's stalled-client check: the ingest rate with subscribers ÷ without, and what each session got. */
function ingestLines(f: IngestImpactFigures): string[] {
  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  const count = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));
  const lines = [
    `Ingest of ${f.workload} (${f.points.toLocaleString('en-US')} points, the bench's load driver, a fresh cell per load) without subscribers (a) and with two sessions subscribed to every series (b): one never reads (socket paused), one reads everything; interleaved a b a b…:`,
    '',
    '| load | subscribers | ingest pts/s | cell CPU µs/pt | fast session received | stalled session dropped | stalled session received |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  f.runs.forEach((r, i) => {
    const fast = r.subscribed ? `${count(r.fastPoints)} of ${count(r.expectedPoints)}` : '—';
    lines.push(`| ${i + 1} | ${r.subscribed ? 'b: stalled + fast' : 'a: none'} | ${rate(r.pointsPerSec)} | ${fmt(r.cellCpuUsPerPoint)} | ${fast} | ${count(r.stalledDroppedPoints)} | ${count(r.stalledReceivedPoints)} |`);
  });
  lines.push(
    '',
    `Median ingest with ÷ without: ${fmt(f.ratio)} (${rate(f.medianWith)} / ${rate(f.medianWithout)} points/s); cell CPU per point with ÷ without: ${fmt(f.cpuRatio)}; the fast session ${f.fastComplete ? 'received every point in every load' : 'MISSED points'}.`,
    '',
  );
  return lines;
}
