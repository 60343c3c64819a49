import { appendFileSync, readdirSync, statSync, truncateSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BEGINNING } from '../../domain/ports/checkpoint.js';
import { EmbeddedLog } from '../../src/infrastructure/log/embedded-log.js';
import { jsonTestCodec } from './json-test-codec.js';
import { dataRecord, readToEnd, seqOf, seriesOnePerPartition } from './log-test-helpers.js';
import { removeTempLogs, tempRoot } from './embedded-log-factory.js';

afterAll(removeTempLogs);

let n = 0;
const partitions = { data: 1, metadata: 1 };
const SEGMENT = join('data-0', '00000000000000000000.log');

function warnings(): { warn: (m: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { warn: (m) => messages.push(m), messages };
}

/** Given a closed log of `calls` appends of 3 records each (seq = call * 3 + i); returns its dir and the file size before each append. */
async function givenLog(calls: number, segmentBytes?: number): Promise<{ dir: string; sizes: number[] }> {
  const dir = join(tempRoot(), `recovery-${n++}`);
  const log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec, segmentBytes });
  const sizes: number[] = [];
  for (let c = 0; c < calls; c++) {
    sizes.push(statSync(join(dir, SEGMENT)).size);
    await log.append([0, 1, 2].map((i) => dataRecord(c + i, c * 3 + i)));
  }
  sizes.push(statSync(join(dir, SEGMENT)).size);
  await log.close();
  return { dir, sizes };
}

async function seqsAfterReopen(dir: string, logger = warnings()): Promise<{ seqs: number[]; log: EmbeddedLog }> {
  const log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec, logger });
  const records = await readToEnd(log.source('data'), BEGINNING);
  expect(records.map((r) => r.offset)).toEqual(records.map((_, i) => i));
  return { seqs: records.map(seqOf), log };
}

const upTo = (count: number) => Array.from({ length: count }, (_, i) => i);

describe('EmbeddedLog recovery', () => {
  it.each([
    ['garbage appended after the last frame', 5, (f: string) => appendFileSync(f, Buffer.from('not a frame at all, just noise'))],
    ['a zero-filled tail (preallocated, never written)', 5, (f: string) => appendFileSync(f, Buffer.alloc(4096))],
    ['the last frame cut in its body', 4, (f: string, last: number, end: number) => truncateSync(f, last + Math.floor((end - last) / 2))],
    ['the last frame cut by one byte', 4, (f: string, _last: number, end: number) => truncateSync(f, end - 1)],
    ['the last frame cut inside its header', 4, (f: string, last: number) => truncateSync(f, last + 4)],
    ['a flipped byte in the last frame body', 4, (f: string, last: number, end: number) => flip(f, end - 20)],
    ['a flipped byte in the last frame length', 4, (f: string, last: number) => flip(f, last + 4)],
    ['a flipped magic byte in the last frame', 4, (f: string, last: number) => flip(f, last)],
  ])('cuts %s on open, keeping every earlier frame', async (_name, keptCalls, mutate) => {
    // Given a log of 5 calls whose data segment is then damaged
    const { dir, sizes } = await givenLog(5);
    mutate(join(dir, SEGMENT), sizes[4], sizes[5]);
    // When it is opened again
    const logger = warnings();
    const { seqs, log } = await seqsAfterReopen(dir, logger);
    // Then the damage is cut and reported, earlier frames intact, and appends continue after them
    expect(seqs).toEqual(upTo(keptCalls * 3));
    expect(logger.messages).toHaveLength(1);
    expect(logger.messages[0]).toMatch(/data\/0: cut \d+ bytes/);
    expect(statSync(join(dir, SEGMENT)).size).toBe(sizes[keptCalls]);
    expect((await log.append([dataRecord(9, 100)])).data).toEqual(new Map([[0, keptCalls * 3 + 1]]));
    await log.close();
    const again = warnings();
    const reopened = await seqsAfterReopen(dir, again);
    expect(reopened.seqs).toEqual([...upTo(keptCalls * 3), 100]);
    expect(again.messages).toEqual([]);
    await reopened.log.close();
  });

  it('cuts a damaged tail in the last of several segments', async () => {
    const { dir } = await givenLog(12, 250);
    const segments = readdirSync(join(dir, 'data-0')).sort();
    expect(segments.length).toBeGreaterThan(3);
    const last = join(dir, 'data-0', segments[segments.length - 1]);
    truncateSync(last, statSync(last).size - 3);
    const logger = warnings();
    const { seqs, log } = await seqsAfterReopen(dir, logger);
    expect(seqs).toEqual(upTo(33));
    expect(logger.messages).toHaveLength(1);
    await log.close();
  });

  it('names segments by base offset and reads across them, from the start or any offset', async () => {
    const { dir } = await givenLog(10, 200);
    const bases = readdirSync(join(dir, 'data-0')).sort();
    expect(bases.every((f) => /^\d{20}\.log$/.test(f))).toBe(true);
    expect(bases.map((f) => Number(f.slice(0, 20)))).toEqual(bases.map((_, i) => i * 3));
    const log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec });
    for (const from of [0, 1, 4, 17, 29, 30]) {
      const records = await readToEnd(log.source('data'), new Map([[0, from]]), 4);
      expect(records.map(seqOf)).toEqual(upTo(30).slice(from));
    }
    await log.close();
  });

  it('reopens a log whose newest segment file is empty (a roll interrupted before its first write)', async () => {
    const { dir } = await givenLog(3);
    writeFileSync(join(dir, 'data-0', '00000000000000000009.log'), '');
    const { seqs, log } = await seqsAfterReopen(dir);
    expect(seqs).toEqual(upTo(9));
    expect((await log.append([dataRecord(1, 9)])).data).toEqual(new Map([[0, 10]]));
    expect((await readToEnd(log.source('data'), new Map([[0, 8]]))).map(seqOf)).toEqual([8, 9]);
    await log.close();
  });

  it.each([
    ['empty', ''],
    ['holding a torn first frame', 'torn frame bytes'],
  ])('keeps an acknowledged append over two partitions when one of them has a newest segment %s (a roll interrupted by a crash)', async (_name, contents) => {
    // Given a log whose last append wrote to both data partitions, then a roll of data-0 killed before its first write
    const dir = join(tempRoot(), `recovery-${n++}`);
    const two = { data: 2, metadata: 1 };
    const [a, b] = seriesOnePerPartition(2);
    const log = await EmbeddedLog.open({ dir, partitions: two, codec: jsonTestCodec, segmentBytes: 1 });
    await log.append([dataRecord(a, 0), dataRecord(b, 1)]);
    expect(await log.append([dataRecord(a, 2), dataRecord(b, 3)])).toEqual({ data: new Map([[0, 2], [1, 2]]) });
    await log.close();
    writeFileSync(join(dir, 'data-0', '00000000000000000002.log'), contents);
    // When it is opened again
    const logger = warnings();
    const reopened = await EmbeddedLog.open({ dir, partitions: two, codec: jsonTestCodec, logger });
    // Then the append is whole, no group is cut, and appends go on at the next offsets
    expect((await readToEnd(reopened.source('data'), BEGINNING)).map(seqOf).sort()).toEqual([0, 1, 2, 3]);
    expect(logger.messages.filter((m) => m.includes('group'))).toEqual([]);
    expect(await reopened.append([dataRecord(a, 4)])).toEqual({ data: new Map([[0, 3]]) });
    await reopened.close();
    const again = await EmbeddedLog.open({ dir, partitions: two, codec: jsonTestCodec, logger });
    expect((await readToEnd(again.source('data'), BEGINNING)).map(seqOf).sort()).toEqual([0, 1, 2, 3, 4]);
    await again.close();
  });

  it('refuses to open with other partition counts than the log was created with', async () => {
    const { dir } = await givenLog(1);
    await expect(EmbeddedLog.open({ dir, partitions: { data: 2, metadata: 1 }, codec: jsonTestCodec })).rejects.toMatchObject({ retriable: false });
    const { log } = await seqsAfterReopen(dir);
    await log.close();
  });

  it('refuses a second open of a directory already open, and takes over a lock left by a dead process', async () => {
    const { dir } = await givenLog(1);
    const log = await EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec });
    await expect(EmbeddedLog.open({ dir, partitions, codec: jsonTestCodec })).rejects.toThrow(/already open/);
    await log.close();
    writeFileSync(join(dir, 'LOCK'), '2147483646\n');
    const { seqs, log: again } = await seqsAfterReopen(dir);
    expect(seqs).toEqual(upTo(3));
    expect(readFileSync(join(dir, 'LOCK'), 'utf8').trim()).toBe(String(process.pid));
    await again.close();
  });
});

function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] ^= 0x5a;
  writeFileSync(file, bytes);
}
