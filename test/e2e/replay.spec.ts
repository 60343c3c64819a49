import { ensureBuilt } from '../harness/build.js';
import { Cell } from '../harness/cell.js';
import type { Client } from '../harness/client.js';
import { describeRun } from '../harness/cli.js';
import { expectStatus } from '../harness/expect-status.js';
import { normaliseJsonIds } from './standalone/context.js';

// Rebuilding a read model from the log (`continuum replay store|directory`, cell stopped) must give back
// exactly what the cell served before: the projections are deterministic functions of the log.
jest.setTimeout(120_000);

const WRITES = [
  ['3000/45.0:-90.0/120 e2e.rep.geo{k=v} 3', '2000//-5 e2e.rep.geo{k=v} 2', '1000/0.0:0.0/ e2e.rep.geo{k=v} 1'],
  ['1000// e2e.rep.mix{k=v} 1.50', "=2000// 'a b%2Bc'", '=3000// T', '=4000// 1e7', '=5000// hex:0102', '=6000// -42'],
  Array.from({ length: 50 }, (_, i) => `${(i + 1) * 1000}// e2e.rep.many{k=v} ${i}`),
  ['1000// e2e.rep.gone{k=a} 1', '1000// e2e.rep.gone{k=b} 2', '1000// e2e.rep.keep{k=v} 1'],
  ['1000// e2e.rep.many{k=v} 999'],
].map((lines) => lines.join('\n'));

let cell: Cell | undefined;
let client: Client;

beforeAll(async () => {
  await ensureBuilt();
  cell = await Cell.start();
  client = cell.client(cell.readTokens());
  for (const body of WRITES) expectStatus(await client.update(body), 200, cell);
  expectStatus(await client.meta('e2e.rep.keep{k=v}{unit=m,src=x}'), 200, cell);
  const ranged = await client.delete({ selector: 'e2e.rep.many{k=v}', start: 10_000, end: 20_000 }, { position: client.seenPosition });
  expectStatus(ranged, 200, cell);
  expectStatus(await client.delete({ selector: 'e2e.rep.gone{k=a}', deleteall: 'true' }, { position: client.seenPosition }), 200, cell);
}, 120_000);

afterAll(async () => {
  await cell?.destroy();
});

async function snapshot(): Promise<{ text: string; json: string; find: string }> {
  const position = client.seenPosition;
  const all = { selector: '~e2e\\.rep\\..*{}', start: 0, end: 1_000_000 };
  const text = await client.fetch({ ...all, format: 'text', showattr: 'true', sortmeta: 'true' }, { position });
  const json = await client.fetch({ ...all, format: 'json' }, { position });
  const find = await client.find({ selector: '~e2e\\.rep\\..*{}', sortmeta: 'true' }, { position });
  for (const r of [text, json, find]) expectStatus(r, 200, cell);
  return { text: text.body, json: normaliseJsonIds(json.body), find: find.body };
}

async function stopReplayStart(projection: 'store' | 'directory'): Promise<void> {
  await cell!.stop();
  const args = ['replay', projection];
  const run = await cell!.cli(args);
  if (run.code !== 0) throw new Error(describeRun(args, run));
  // The command reports what it rebuilt: a replay that applied nothing would compare equal trivially.
  const records = /(\d+) records/.exec(run.stdout);
  if (records === null || Number(records[1]) === 0) throw new Error(`replay ${projection} applied no record:\n${describeRun(args, run)}`);
  await cell!.restart();
}

it('standalone: replay store yields the same fetch output', async () => {
  const before = await snapshot();
  expect(before.text).toContain('e2e.rep.many');
  expect(before.text).not.toContain('e2e.rep.gone{k=a}');
  expect(before.text).toContain('=21000// 20\n=9000// 8\n');
  expect(before.text).toContain('=2000// 1\n=1000// 999\n');

  await stopReplayStart('store');

  expect(await snapshot()).toEqual(before);
});

it('standalone: replay directory yields the same find output', async () => {
  const before = await snapshot();
  expect(before.find).toMatch(/^e2e\.rep\.keep\{[^}]*k=v\}\{src=x,unit=m\}$/m);

  await stopReplayStart('directory');

  expect(await snapshot()).toEqual(before);
});
