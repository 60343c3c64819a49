import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from '../options.js';
import type { RunEnvironment } from './environment.js';
import { measured } from './report.fixture.js';
import { appendReport, BENCHMARKS_HEADER, renderReport } from './report-writer.js';

const env: RunEnvironment = {
  startedAt: '2026-01-02T03:04:05.000Z',
  commit: 'abc123',
  uncommittedFiles: 2,
  node: 'v20.0.0',
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 8,
  loadavgStart: '1.00 2.00 3.00 1/100 42',
  loadavgEnd: '4.00 5.00 6.00 1/100 43',
  versions: { continuum: '0.1.0', victoria: '1.79.5', influx: '1.6.7' },
  skipped: ['influx: not installed'],
};
const options = { ...parseOptions(['--workloads', 'W1', '--passes', '1', '--servers', 'continuum,victoria'], { continuumCli: 'cli.js' }), note: 'a note' };
const workloads = [{ name: 'W1', series: 1_000, pointsPerSeries: 1_000 }];

describe('renderReport', () => {
  const text = renderReport(env, options, workloads, [measured('continuum', 'W1', 1), measured('victoria', 'W1', 1, { error: 'victoria exited | early' })]);

  it('heads the section with date, commit, versions, machine, load, settings, notes and skips', () => {
    expect(text).toContain('## 2026-01-02 03:04 UTC — commit abc123 (+2 uncommitted files)');
    expect(text).toContain('Continuum 0.1.0 (store engine: lmdb) · VictoriaMetrics 1.79.5 · Node v20.0.0');
    expect(text).toContain('load average at start `1.00 2.00 3.00 1/100 42`, at end `4.00 5.00 6.00 1/100 43`');
    expect(text).toContain('scale 1, passes W1: 1, 4 connections, 10,000 lines per batch, 50 repetitions per query');
    expect(text).toContain('- Note: a note');
    expect(text).toContain('- Skipped: influx: not installed');
  });

  it('gives the medians per server, store and log apart for Continuum', () => {
    expect(text).toContain('| Continuum | 1 | 100,000 | 20.0 / 100 | 50.0 | 2.00 / 4.00 | 10.0 / 20.0 | 10.0 (2.00 + 8.00) | 256 | 200,000 |');
    expect(text).toContain('| VictoriaMetrics (1 failed) | 0 | — |');
  });

  it('lists every pass with its load average, and failures without breaking the table', () => {
    expect(text).toContain('| 1 | Continuum | 1.00 2.00 3.00 | 100,000 |');
    expect(text).toContain('FAILED: victoria exited / early |');
  });

  it('ends with the bars', () => {
    expect(text).toContain('| store bytes/point ≤ 3 (W1, W3) | W1 | 2.00 B/point | met |');
  });
});

describe('appendReport', () => {
  it('creates the file with the method header, then appends sections', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    try {
      const file = join(dir, 'BENCHMARKS.md');
      appendReport(file, '## one\n');
      appendReport(file, '## two\n');
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(BENCHMARKS_HEADER)).toBe(true);
      expect(text.endsWith('\n## one\n\n## two\n')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
