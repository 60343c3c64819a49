import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BEGINNING } from '../../domain/ports/checkpoint.js';
import { partitionOf } from '../../domain/series/partition.js';
import { EmbeddedLog } from '../../src/infrastructure/log/embedded-log.js';
import { jsonTestCodec } from './json-test-codec.js';
import { byPartition, readToEnd, seqOf, series } from './log-test-helpers.js';
import { removeTempLogs, tempRoot } from './embedded-log-factory.js';
import { compileToEsm } from './fixtures/compile-esm.js';
import { callRecords, MAX_RECORDS_PER_CALL } from './fixtures/crash-calls.js';

jest.setTimeout(120_000);
afterAll(removeTempLogs);

const ROUNDS = 6;
const repo = join(__dirname, '..', '..');
let modules: string;
beforeAll(async () => {
  modules = join(tempRoot(), 'modules');
  await compileToEsm(repo, ['src/infrastructure/log/embedded-log.ts', 'test/contract/json-test-codec.ts', 'test/contract/log-test-helpers.ts', 'test/contract/fixtures/crash-calls.ts'], modules);
});

/** Acknowledged calls and the data positions the child printed for them. */
type Acks = Map<number, [number, number][]>;

/** Runs the child on `dir` until it acknowledged `killAfter` calls, then SIGKILLs it. */
function runChildUntilKilled(dir: string, firstCall: number, killAfter: number): Promise<{ acks: Acks; stderr: string }> {
  const child = spawn(process.execPath, [join(__dirname, 'fixtures', 'log-crash-child.mjs'), modules, dir, String(firstCall)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acks: Acks = new Map();
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    let nl: number;
    while ((nl = stdout.indexOf('\n')) >= 0) {
      const line = stdout.slice(0, nl);
      stdout = stdout.slice(nl + 1);
      const m = /^ack (\d+) (.*)$/.exec(line);
      if (m) acks.set(Number(m[1]), JSON.parse(m[2]) as [number, number][]);
      if (acks.size >= killAfter) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, sig) => {
      if (sig !== 'SIGKILL') reject(new Error(`child ended with ${code ?? sig} before being killed: ${stderr}`));
      else resolve({ acks, stderr });
    });
  });
}

describe('EmbeddedLog crash safety (SIGKILL while appending)', () => {
  it(`keeps every acknowledged record, intact and exactly once, over ${ROUNDS} kill-and-reopen rounds`, async () => {
    const dir = join(tempRoot(), 'crash-log');
    const acked: Acks = new Map();
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Given a child appending from 4 concurrent callers, killed after a random number of acknowledgements
      const { acks } = await runChildUntilKilled(dir, round * 100_000, 1 + Math.floor(Math.random() * 80));
      kills++;
      for (const [call, position] of acks) acked.set(call, position);
      // When the log is opened again
      const log = await EmbeddedLog.open({ dir, partitions: { data: 4, metadata: 1 }, codec: jsonTestCodec, logger: { warn: () => undefined } });
      try {
        // Then reading from BEGINNING reaches the end, and every check holds
        const records = await readToEnd(log.source('data'), BEGINNING, 997);
        const parts = byPartition(records);
        const seqsByCall = new Map<number, Set<number>>();
        const seen = new Set<number>();
        const problems: string[] = [];
        for (const [partition, list] of parts) {
          const lastOfKey = new Map<string, number>();
          list.forEach((r, i) => {
            const seq = seqOf(r);
            const key = Buffer.from(r.key).toString('hex');
            if (r.offset !== i) problems.push(`${partition}: offset ${r.offset} at index ${i}`);
            if (seen.has(seq)) problems.push(`seq ${seq} twice`);
            if (partitionOf(r.key, 4) !== partition) problems.push(`seq ${seq} in partition ${partition}`);
            if ((lastOfKey.get(key) ?? -1) >= seq) problems.push(`seq ${seq} after ${lastOfKey.get(key)} for key ${key}`);
            seen.add(seq);
            lastOfKey.set(key, seq);
            const call = Math.floor(seq / MAX_RECORDS_PER_CALL);
            let set = seqsByCall.get(call);
            if (!set) seqsByCall.set(call, (set = new Set()));
            set.add(seq);
          });
        }
        expect(problems).toEqual([]);
        for (const [call, position] of acked) {
          const expected = callRecords(call).map(([, seq]) => seq);
          expect([...(seqsByCall.get(call) ?? [])].sort((a, b) => a - b)).toEqual(expected);
          for (const [partition, end] of position) {
            const list = parts.get(partition)!;
            expect(Math.floor(seqOf(list[end - 1]) / MAX_RECORDS_PER_CALL)).toBe(call);
          }
        }
        // Unacknowledged calls that made it are whole in each partition they touch
        for (const [call, seqs] of seqsByCall) {
          if (acked.has(call)) continue;
          const byPart = new Map<number, number[]>();
          for (const [s, seq] of callRecords(call)) {
            const p = partitionOf(series(s).key, 4);
            byPart.set(p, [...(byPart.get(p) ?? []), seq]);
          }
          for (const list of byPart.values()) expect(list.every((seq) => seqs.has(seq)) || list.every((seq) => !seqs.has(seq))).toBe(true);
        }
      } finally {
        await log.close();
      }
    }
    expect(kills).toBe(ROUNDS);
    expect(acked.size).toBeGreaterThan(ROUNDS);
  });
});
