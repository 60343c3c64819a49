import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlasmaFigures } from '../../bench/plasma/plasma-bench.js';
import type { Measurement } from '../../bench/run/measurement.js';
import { ensureBuilt, REPO_ROOT } from '../harness/build.js';

// CI smoke of the benchmark harness (`npm run bench`, issue 3): 1% of W1, one pass, Continuum only, so that
// the harness keeps working. It checks that every figure is produced and that the queries returned exactly
// the points they must; it never asserts a timing (the machine is shared and its speed drifts).
jest.setTimeout(180_000);

const BENCH = join(REPO_ROOT, 'dist', 'bench', 'main.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runBench(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BENCH, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let dir: string;
let run: Run;
let measurements: Measurement[];
let plasma: PlasmaFigures | undefined;

beforeAll(async () => {
  await ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  run = await runBench([
    '--workloads', 'W1', '--scale', '0.01', '--passes', '1', '--servers', 'continuum',
    '--batch', '1000', '--queries', '10', '--plasma', '1,10', '--plasma-rounds', '5', '--plasma-sessions', '50', '--plasma-ingest', '1', '--out', join(dir, 'BENCHMARKS.md'), '--json', join(dir, 'run.json'),
  ]);
  if (run.code !== 0) throw new Error(`bench exited with ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
  ({ measurements, plasma } = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { measurements: Measurement[]; plasma?: PlasmaFigures });
}, 180_000);

afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

it('bench: measures Continuum once on 1% of W1 (1,000 series × 10 points), without a failure', () => {
  expect(measurements.map((m) => [m.server, m.workload, m.pass, m.points, m.error])).toEqual([['continuum', 'W1', 1, 10_000, undefined]]);
});

it('bench: every q1 answer holds one whole series and every q2 answer 100 series × the middle 5 points', () => {
  const [m] = measurements;
  expect(m.q1?.pointsPerAnswer).toEqual(Array(10).fill(10));
  expect(m.q2?.pointsPerAnswer).toEqual(Array(10).fill(500));
});

it('bench: produces every Continuum figure (ingest, visibility, settle, queries, disk store and log, RSS, replay)', () => {
  const [m] = measurements;
  const figures = [m.ingest?.pointsPerSec, m.settleMs, m.visibility?.p50Ms, m.visibility?.p99Ms, m.q1?.p50Ms, m.q1?.p99Ms, m.q2?.p50Ms, m.q2?.p99Ms, m.replay?.pointsPerSec];
  for (const figure of figures) expect(Number.isFinite(figure)).toBe(true);
  expect(m.visibility?.samples).toBeGreaterThanOrEqual(1);
  expect(m.visibility?.timeouts).toBe(0);
  expect(m.disk?.parts.store).toBeGreaterThan(0);
  expect(m.disk?.parts.log).toBeGreaterThan(0);
  expect(m.disk?.totalBytes).toBeGreaterThanOrEqual((m.disk?.parts.store ?? 0) + (m.disk?.parts.log ?? 0));
  expect(m.disk?.layout).toMatch(/^store engine: (leveldb|lmdb)$/);
  expect(m.peakRssBytes).toBeGreaterThan(0);
  expect(m.replay?.points).toBe(10_000);
});

it('bench: measures the plasma fan-out with 1 and 10 subscribers (every delivery made) and the memory of 50 sessions', () => {
  expect(plasma?.error).toBeUndefined();
  expect(plasma?.fanout.map((f) => [f.subscribers, f.rounds, f.samples, f.missed])).toEqual([[1, 5, 5, 0], [10, 5, 50, 0]]);
  for (const f of plasma?.fanout ?? []) expect(Number.isFinite(f.p50Ms) && Number.isFinite(f.p99Ms)).toBe(true);
  expect(plasma?.memory?.sessions).toBe(50);
  expect(plasma?.memory?.rssWithSessionsBytes).toBeGreaterThan(0);
});

it('bench: loads W1 with no plasma session, a fast one, and a fast and a stalled one; the fast one gets every point', () => {
  const ingest = plasma?.ingest;
  expect(ingest?.runs.map((r) => [r.mode, r.fastPoints, r.expectedPoints])).toEqual([['none', undefined, undefined], ['fast', 10_001, 10_001], ['stalled', 10_001, 10_001]]);
  const stalled = ingest?.runs[2];
  expect((stalled?.stalledDroppedPoints ?? Number.NaN) + (stalled?.stalledReceivedPoints ?? Number.NaN)).toBeGreaterThanOrEqual(10_001);
  expect(ingest?.fastComplete).toBe(true);
  expect(Number.isFinite(ingest?.stalledRatio) && Number.isFinite(ingest?.fanoutRatio)).toBe(true);
});

it('bench: appends a dated section with medians and bars to the report file, and prints it', () => {
  const text = readFileSync(join(dir, 'BENCHMARKS.md'), 'utf8');
  expect(text.startsWith('# Benchmarks\n')).toBe(true);
  expect(text).toMatch(/\n## \d{4}-\d\d-\d\d \d\d:\d\d UTC — commit \w+/);
  expect(text).toContain('### W1 — 1,000 series × 10 points (10,000 points)');
  expect(text).toMatch(/\n\| Continuum \| 1 \| [\d,]+ \|/);
  expect(text).toContain('### Bars of issue 3');
  expect(run.stdout).toContain('### W1 — 1,000 series × 10 points (10,000 points)');
  expect(text).toContain('### Plasma (standalone cell)');
  expect(text).toMatch(/\n\| 10 \| 5 \| 50 \| [\d.]+ \| [\d.]+ \| 0 \| \d+ \|/);
});
