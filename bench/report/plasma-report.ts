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

const MODE_TITLES = { none: 'a: none', fast: 'b: fast', stalled: 'c: fast + stalled' } as const;

/** Issue 5's stalled-client check: ingest with a fast session, with a fast and a stalled one, and without any. */
function ingestLines(f: IngestImpactFigures): string[] {
  const rate = (n: number) => Math.round(n).toLocaleString('en-US');
  const count = (n: number | undefined) => (n === undefined ? '—' : n.toLocaleString('en-US'));
  const lines = [
    `Ingest of ${f.workload} (${f.points.toLocaleString('en-US')} points, the bench's load driver, a fresh cell per load) with (a) no subscriber, (b) one fast session reading every series, (c) the fast session and a stalled one subscribed to every series that never reads (socket paused); interleaved a b c a b c…:`,
    '',
    '| load | sessions | ingest pts/s | cell CPU µs/pt | main thread CPU µs/pt | fast session received | stalled session dropped | stalled session received |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  f.runs.forEach((r, i) => {
    const fast = r.fastPoints === undefined ? '—' : `${count(r.fastPoints)} of ${count(r.expectedPoints)}`;
    const main = r.mainThreadCpuUsPerPoint === undefined ? '—' : fmt(r.mainThreadCpuUsPerPoint);
    lines.push(`| ${i + 1} | ${MODE_TITLES[r.mode]} | ${rate(r.pointsPerSec)} | ${fmt(r.cellCpuUsPerPoint)} | ${main} | ${fast} | ${count(r.stalledDroppedPoints)} | ${count(r.stalledReceivedPoints)} |`);
  });
  const m = f.medians;
  lines.push(
    '',
    `What the stalled session costs, median ingest (c) ÷ (b): ${fmt(f.stalledRatio)} (${rate(m.stalled.pointsPerSec)} / ${rate(m.fast.pointsPerSec)} points/s; cell CPU ${fmt(m.stalled.cellCpuUsPerPoint)} / ${fmt(m.fast.cellCpuUsPerPoint)} µs/pt, main thread ${fmt(m.stalled.mainThreadCpuUsPerPoint)} / ${fmt(m.fast.mainThreadCpuUsPerPoint)} µs/pt; on this shared machine the CPU per point is the steadier figure). What the fan-out to a fast session costs, (b) ÷ (a): ${fmt(f.fanoutRatio)} (${rate(m.fast.pointsPerSec)} / ${rate(m.none.pointsPerSec)} points/s; cell CPU ${fmt(m.fast.cellCpuUsPerPoint)} / ${fmt(m.none.cellCpuUsPerPoint)} µs/pt). The fast session ${f.fastComplete ? 'received every point in every load' : 'MISSED points'}.`,
    '',
  );
  return lines;
}
