import { spawn } from 'node:child_process';
import { cpSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BEGINNING } from '../../domain/ports/checkpoint.js';
import { EmbeddedLog } from '../../src/infrastructure/log/embedded-log.js';
import { jsonTestCodec } from './json-test-codec.js';
import { dataRecord, metadataRecord, readToEnd, seqOf, seriesOnePerPartition } from './log-test-helpers.js';
import { removeTempLogs, tempRoot } from './embedded-log-factory.js';
import { compileToEsm } from './fixtures/compile-esm.js';

// An append that touches several partitions (an /update: datapoints and their series registration) is one
// group of per-file writes. A kill -9 between those writes must not leave part of it in the log.
jest.setTimeout(60_000);
afterAll(removeTempLogs);

const repo = join(__dirname, '..', '..');
const FILES = ['data-0', 'data-1', 'metadata-0'].map((p) => join(p, '00000000000000000000.log'));
let modules: string;
let n = 0;
beforeAll(async () => {
  modules = join(tempRoot(), 'modules');
  await compileToEsm(repo, ['src/infrastructure/log/embedded-log.ts', 'test/contract/json-test-codec.ts', 'test/contract/log-test-helpers.ts', 'domain/series/partition.ts'], modules);
});

/** Runs the child until it killed itself; returns the file sizes it printed before the doomed append. */
function runChild(dir: string, keep: number, order: string): Promise<number[]> {
  const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'log-group-crash-child.mjs'), modules, dir, String(keep), order], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      const sizes = /^sizes (.*)$/m.exec(stdout);
      if (sig !== 'SIGKILL' || !sizes) reject(new Error(`child ended with ${code ?? sig}: ${stdout} ${stderr}`));
      else resolve(JSON.parse(sizes[1]) as number[]);
    });
  });
}

async function contents(log: EmbeddedLog): Promise<{ seqs: number[]; classes: string[] }> {
  const seqs = (await readToEnd(log.source('data'), BEGINNING)).map(seqOf).sort((a, b) => a - b);
  const classes = (await readToEnd(log.source('metadata'), BEGINNING)).map((r) => (r.event.type === 'SeriesRegistered' ? r.event.series.className : r.event.type));
  return { seqs, classes };
}

const ACKED = { seqs: [0, 1, 2, 3, 4, 5], classes: ['class.0', 'class.1', 'class.2'] };
const WITH_DOOMED = { seqs: [...ACKED.seqs, 1000, 1001], classes: [...ACKED.classes, 'class.50'] };

describe('EmbeddedLog: an append over several partitions is atomic through a kill -9 between its file writes', () => {
  it.each([
    ['the first data partition', 1, 'data-first'],
    ['the series registration', 1, 'metadata-first'],
    ['the registration and one data partition', 2, 'metadata-first'],
    ['both data partitions but not the registration', 2, 'data-first'],
  ])('cuts the unacknowledged append when only %s reached the files', async (_name, keep, order) => {
    // Given a log whose process was killed after `keep` of the 3 file writes of an append
    const dir = join(tempRoot(), `group-${n++}`);
    const before = await runChild(dir, keep, order);
    const after = FILES.map((f) => statSync(join(dir, f)).size);
    expect(after.filter((size, i) => size > before[i])).toHaveLength(keep);
    // When it is opened again
    const warnings: string[] = [];
    const log = await EmbeddedLog.open({ dir, partitions: { data: 2, metadata: 1 }, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    try {
      // Then none of the append is there, in any topic, the cut is reported once, and the files are as before it
      expect(await contents(log)).toEqual(ACKED);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(new RegExp(`cut the unacknowledged group \\d+, written whole to ${keep} of its 3 partitions`));
      expect(FILES.map((f) => statSync(join(dir, f)).size)).toEqual(before);
      // And the log goes on: a new append lands at the offsets freed, and a reopen finds nothing to cut
      expect(await log.append([metadataRecord(60), dataRecord(60, 2000)])).toMatchObject({ metadata: new Map([[0, 4]]) });
    } finally {
      await log.close();
    }
    const again = await EmbeddedLog.open({ dir, partitions: { data: 2, metadata: 1 }, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    expect(await contents(again)).toEqual({ seqs: [...ACKED.seqs, 2000], classes: [...ACKED.classes, 'class.60'] });
    expect(warnings).toHaveLength(1);
    await again.close();
  });

  it('keeps an unacknowledged append whose every file write landed (killed before its fsyncs)', async () => {
    const dir = join(tempRoot(), `group-${n++}`);
    await runChild(dir, 3, 'data-first');
    const warnings: string[] = [];
    const log = await EmbeddedLog.open({ dir, partitions: { data: 2, metadata: 1 }, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    expect(await contents(log)).toEqual(WITH_DOOMED);
    expect(warnings).toEqual([]);
    await log.close();
  });
});

describe('EmbeddedLog: a kill -9 during a segment roll', () => {
  it('keeps the acknowledged append whose frames precede the empty segment the roll created', async () => {
    // Given a log killed after creating data-0's next segment, before writing to it
    const dir = join(tempRoot(), `roll-${n++}`);
    const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'log-roll-crash-child.mjs'), modules, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    expect([signal, out]).toEqual(['SIGKILL', 'ack\n']);
    expect(statSync(join(dir, 'data-0', '00000000000000000001.log')).size).toBe(0);
    // When it is opened again
    const warnings: string[] = [];
    const log = await EmbeddedLog.open({ dir, partitions: { data: 2, metadata: 1 }, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    try {
      // Then the acknowledged append is whole, nothing is cut, and data-0 goes on at offset 1
      expect(await contents(log)).toEqual({ seqs: [0, 1], classes: [] });
      expect(warnings).toEqual([]);
      expect(await log.append([dataRecord(seriesOnePerPartition(2)[0], 2)])).toEqual({ data: new Map([[0, 2]]) });
    } finally {
      await log.close();
    }
  });
});

describe('EmbeddedLog: logs written with version 1 frames (before groups)', () => {
  it('opens them, reads them whole, and appends version 2 frames after them', async () => {
    // Given a log written by the previous frame format (4 calls of 1 registration + 3 points)
    const dir = join(tempRoot(), `v1-${n++}`);
    cpSync(join(__dirname, 'fixtures', 'log-v1'), dir, { recursive: true });
    const warnings: string[] = [];
    const open = () => EmbeddedLog.open({ dir, partitions: { data: 2, metadata: 1 }, codec: jsonTestCodec, logger: { warn: (m) => warnings.push(m) } });
    // When it is opened, appended to, and opened again
    const log = await open();
    const v1 = { seqs: [...Array(12).keys()], classes: ['class.0', 'class.1', 'class.2', 'class.3'] };
    expect(await contents(log)).toEqual(v1);
    await log.append([metadataRecord(7), dataRecord(7, 100), dataRecord(8, 101)]);
    await log.close();
    const again = await open();
    // Then every record of both formats is there, and nothing was cut
    expect(await contents(again)).toEqual({ seqs: [...v1.seqs, 100, 101], classes: [...v1.classes, 'class.7'] });
    expect(warnings).toEqual([]);
    await again.close();
  });
});
