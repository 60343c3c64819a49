import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { BenchOptions } from '../options.js';
import type { Measurement } from '../run/measurement.js';
import type { ServerName } from '../servers/bench-server.js';
import type { Workload } from '../workloads/workload.js';
import { judgeBars } from './bars.js';
import type { RunEnvironment } from './environment.js';
import { medianOf, metric, ratioOf, runsOf } from './metrics.js';

/** How the report names each server. */
export const DISPLAY: Readonly<Record<ServerName, string>> = { continuum: 'Continuum', victoria: 'VictoriaMetrics', influx: 'InfluxDB' };

/** Header of a new BENCHMARKS.md: the method, and how to read the tables that runs append below it. */
export const BENCHMARKS_HEADER = `# Benchmarks

Continuum side by side with VictoriaMetrics (single node) and InfluxDB 1.x, produced by \`npm run bench\`
(code: \`bench/\`, options: \`npm run bench -- --help\`). Each run appends one dated section below.

**Method.** Every server is started by the harness on 127.0.0.1 with its data in a fresh temporary directory,
one server at a time (Continuum exactly as a user starts it: \`continuum start\` on a clean data directory).
The workloads are deterministic (seeded): W1 1,000 series × 1,000 points, W2 100,000 series × 10 points,
W3 10 series × 100,000 points, 3 labels per series, values a random walk with 2 decimals, one point per
second, in time-major order (at each timestamp every series, like a scraper). The same points are sent as
GTS input lines (µs) to Continuum and as Influx line protocol (ns) to the peers, in batches of 10,000 lines
over 4 concurrent keep-alive connections. The servers run interleaved (Continuum, VictoriaMetrics, InfluxDB,
Continuum, …) over several passes, and the tables give medians over the passes.

**Figures.** *ingest*: acknowledged points per second, from the first request to the last answer.
*visibility* (Continuum only): while loading, time from a write's acknowledgement until a plain /fetch
(without the log position) returns its last point, polled every 5 ms, one probe at a time. *settle*: from the
last acknowledgement until every point is returned by reads (peers: after their flush). *q1*: one series,
full range; *q2*: the 100 series of one \`rack\` label value (all 10 in W3), middle half of the range; each
run 50 times one after the other, timed to the last byte of the answer, and every answer is checked for
the exact point count. *bytes/point*: allocated disk blocks after a flush and a clean stop, divided by the
points written (Continuum: the store and the log also separately). *peak RSS*: VmHWM of the server process
(for Continuum this includes the embedded store engine's caches and memory-mapped files). *replay* (Continuum only): \`continuum replay store\`
throughput on the stopped cell.

**Peers.** VictoriaMetrics: \`-retentionPeriod=100y -influxSkipSingleField\`, flushed with
\`/internal/force_flush\` and \`/internal/force_merge\` before disk is measured; it acknowledges writes
before they are on disk or searchable (about a second later). InfluxDB 1.x: default engine settings but no
row or tag-value limits, and a cache snapshot 2 s / full compaction 5 s after the last write so that disk is
measured as TSM files; it acknowledges after its write-ahead log. Continuum acknowledges once the command is
in its log (fsync by default), before the store projection has applied it: hence *visibility* and *settle*.

**Reading the tables.** The machine is shared and its speed drifts (up to 2× over minutes), so absolute
figures are only noted: never compare them across runs. Compare within a run, through the ratios
Continuum ÷ peer, each the median of the ratios of the same pass. The load average at the start of each run
is recorded to show how busy the machine was. The bars of issue 3 are judged at the end of each section.
`;

function num(x: number, digits?: number): string {
  if (Number.isNaN(x) || !Number.isFinite(x)) return '—';
  if (digits !== undefined) return x.toFixed(digits);
  if (Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) >= 100) return x.toFixed(0);
  return Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** A markdown table; columns from `numericFrom` up to (excluding) `textFrom` are right-aligned. */
function table(head: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1, textFrom = head.length): string {
  const rule = head.map((_, i) => (i >= numericFrom && i < textFrom ? '---:' : '---'));
  return [head, rule, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function workloadTitle(w: Workload): string {
  const points = w.series * w.pointsPerSeries;
  return `${w.name} — ${w.series.toLocaleString('en-US')} series × ${w.pointsPerSeries.toLocaleString('en-US')} points (${points.toLocaleString('en-US')} points)`;
}

function medianTable(all: readonly Measurement[], w: string, servers: readonly ServerName[]): string {
  const m = (s: ServerName, k: string) => medianOf(all, w, s, k);
  const pair = (s: ServerName, a: string, b: string) => (Number.isNaN(m(s, a)) ? '—' : `${num(m(s, a))} / ${num(m(s, b))}`);
  const rows = servers.map((s) => {
    const ok = runsOf(all, w, s).length;
    const failed = all.filter((x) => x.workload === w && x.server === s && x.error !== undefined).length;
    const bytes = s === 'continuum' ? `${num(m(s, 'bytesPerPoint'))} (${num(m(s, 'storeBytesPerPoint'))} + ${num(m(s, 'logBytesPerPoint'))})` : num(m(s, 'bytesPerPoint'));
    return [
      `${DISPLAY[s]}${failed > 0 ? ` (${failed} failed)` : ''}`,
      String(ok),
      num(m(s, 'ingest')),
      pair(s, 'visP50', 'visP99'),
      num(m(s, 'settle')),
      pair(s, 'q1P50', 'q1P99'),
      pair(s, 'q2P50', 'q2P99'),
      bytes,
      num(m(s, 'rssMiB')),
      num(m(s, 'replay')),
    ];
  });
  const head = ['server', 'passes', 'ingest pts/s', 'visibility p50 / p99 ms', 'settle ms', 'q1 p50 / p99 ms', 'q2 p50 / p99 ms', 'bytes/pt (store + log)', 'peak RSS MiB', 'replay pts/s'];
  return table(head, rows, 1);
}

const RATIO_KEYS = ['ingest', 'q1P50', 'q1P99', 'q2P50', 'q2P99', 'bytesPerPoint', 'storeBytesPerPoint', 'rssMiB'];

function ratioTable(all: readonly Measurement[], w: string, peers: readonly ServerName[]): string {
  const rows = peers.map((p) => [DISPLAY[p], ...RATIO_KEYS.map((k) => num(ratioOf(all, w, p, k), 2))]);
  return table(['Continuum ÷', ...RATIO_KEYS.map((k) => `${metric(k).label} (${metric(k).better} is better)`)], rows, 1);
}

function passTable(all: readonly Measurement[], w: string): string {
  const rows = all
    .filter((m) => m.workload === w)
    .map((m) => {
      const of = (k: string) => metric(k).of(m) ?? Number.NaN;
      return [String(m.pass), DISPLAY[m.server], m.loadavg.split(' ').slice(0, 3).join(' '), num(of('ingest')), num(of('visP99')), num(of('q1P50')), num(of('q2P50')), num(of('bytesPerPoint')), num(of('rssMiB')), num(of('replay')), m.error === undefined ? '' : `FAILED: ${m.error.replace(/\|/g, '/')}`];
    });
  return table(['pass', 'server', 'loadavg', 'ingest pts/s', 'vis p99 ms', 'q1 p50 ms', 'q2 p50 ms', 'bytes/pt', 'RSS MiB', 'replay pts/s', 'note'], rows, 3, 10);
}

/** The dated section of one run: settings, per-workload medians, ratios and passes, then the bars. */
export function renderReport(env: RunEnvironment, options: BenchOptions, workloads: readonly Workload[], all: readonly Measurement[]): string {
  const servers = options.servers.filter((s) => all.some((m) => m.server === s));
  const peers = servers.filter((s) => s !== 'continuum');
  const layout = (s: ServerName) => all.find((m) => m.server === s && m.disk?.layout !== undefined)?.disk?.layout;
  const versions = servers.map((s) => `${DISPLAY[s]} ${env.versions[s] ?? '?'}${layout(s) === undefined ? '' : ` (${layout(s)})`}`).join(' · ');
  const passes = workloads.map((w) => `${w.name}: ${options.passes[w.name]}`).join(', ');
  const lines = [
    `## ${env.startedAt.slice(0, 16).replace('T', ' ')} UTC — commit ${env.commit}${env.uncommittedFiles > 0 ? ` (+${env.uncommittedFiles} uncommitted files)` : ''}`,
    '',
    `- Versions: ${versions} · Node ${env.node}`,
    `- Machine: ${env.cpu}, ${env.cores} cores, ${env.memoryGiB.toFixed(1)} GiB; load average at start \`${env.loadavgStart}\`, at end \`${env.loadavgEnd}\``,
    `- Settings: scale ${options.scale}, passes ${passes}, ${options.connections} connections, ${options.batch.toLocaleString('en-US')} lines per batch, ${options.queries} repetitions per query`,
  ];
  if (options.note !== undefined) lines.push(`- Note: ${options.note}`);
  for (const skip of env.skipped) lines.push(`- Skipped: ${skip}`);
  for (const w of workloads) {
    lines.push('', `### ${workloadTitle(w)}`, '', 'Medians over the passes:', '', medianTable(all, w.name, servers));
    if (servers.includes('continuum') && peers.length > 0) {
      lines.push('', 'Continuum ÷ peer, median of the per-pass ratios:', '', ratioTable(all, w.name, peers));
    }
    lines.push('', 'Passes (load average when each run started):', '', passTable(all, w.name));
  }
  if (servers.includes('continuum')) {
    const bars = judgeBars(all, workloads.map((w) => w.name));
    lines.push('', '### Bars of issue 3', '', table(['bar', 'workload', 'figure', 'verdict'], bars.map((b) => [b.bar, b.workload, b.figure, b.verdict]), 9));
  }
  return `${lines.join('\n')}\n`;
}

/** Appends a section to `file`, creating it with BENCHMARKS_HEADER first when it does not exist. */
export function appendReport(file: string, section: string): void {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : BENCHMARKS_HEADER;
  writeFileSync(file, `${before.replace(/\n*$/, '\n')}\n${section}`);
}
