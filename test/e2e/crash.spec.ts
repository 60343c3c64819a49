import { ensureBuilt } from '../harness/build.js';
import { Cell } from '../harness/cell.js';
import type { Client } from '../harness/client.js';
import { expectStatus } from '../harness/expect-status.js';

// Several writers stream small /update requests (one series each, LINES points per request, timestamps never
// reused); the cell is SIGKILLed as soon as KILL_AFTER requests have been acknowledged, while the other
// writers still have requests in flight. After a restart every acknowledged point must be there exactly once.
jest.setTimeout(120_000);

const WRITERS = 4;
const LINES = 5;
const KILL_AFTER = 200;

interface WriterLog {
  /** Batches answered 200. */
  readonly acked: Set<number>;
  /** Batches sent, whatever the outcome (a batch cut by the kill may or may not have been stored). */
  readonly sent: Set<number>;
}

const valueOf = (writer: number, ts: number) => writer * 1_000_000_000 + ts;
const batchBody = (writer: number, batch: number) =>
  Array.from({ length: LINES }, (_, j) => {
    const ts = batch * LINES + j + 1;
    return `${ts}// e2e.crash{w=${writer}} ${valueOf(writer, ts)}`;
  }).join('\n');

let cell: Cell | undefined;

beforeAll(async () => {
  await ensureBuilt();
  cell = await Cell.start();
}, 120_000);

afterAll(async () => {
  await cell?.destroy();
});

/** Parses text fetch output into timestamp → values seen (a timestamp seen twice is a duplicate). */
function parsePoints(body: string): Map<number, number[]> {
  const points = new Map<number, number[]>();
  for (const line of body.split('\n')) {
    if (line === '') continue;
    const m = /^=?(\d+)\/\/ (?:e2e\.crash\{[^}]*\} )?(-?\d+)$/.exec(line);
    if (!m) throw new Error(`unexpected fetch line '${line}'`);
    const ts = Number(m[1]);
    points.set(ts, [...(points.get(ts) ?? []), Number(m[2])]);
  }
  return points;
}

async function streamUntilKilled(target: Cell, client: Client): Promise<WriterLog[]> {
  const logs: WriterLog[] = Array.from({ length: WRITERS }, () => ({ acked: new Set<number>(), sent: new Set<number>() }));
  let acked = 0;
  let killing: Promise<void> | undefined;
  const writer = async (w: number) => {
    for (let batch = 0; killing === undefined; batch++) {
      logs[w].sent.add(batch);
      let status: number;
      try {
        status = (await client.update(batchBody(w, batch))).status;
      } catch {
        if (killing === undefined) throw new Error(`writer ${w}: request failed before the kill\n${target.tail()}`);
        return;
      }
      if (status !== 200) {
        if (killing === undefined) throw new Error(`writer ${w}: HTTP ${status} before the kill\n${target.tail()}`);
        return;
      }
      logs[w].acked.add(batch);
      if (++acked === KILL_AFTER) killing = target.kill();
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  await killing;
  return logs;
}

it('standalone: kill -9 during a stream of acknowledged writes loses none of them', async () => {
  const target = cell!;
  const client = target.client(target.readTokens());

  const logs = await streamUntilKilled(target, client);
  expect(target.running).toBe(false);
  await target.restart();

  for (let w = 0; w < WRITERS; w++) {
    const { acked, sent } = logs[w];
    const r = await client.fetch({ selector: `e2e.crash{w=${w}}`, start: 0, end: 1_000_000 }, { position: client.seenPosition });
    expectStatus(r, 200, target);
    const points = parsePoints(r.body);
    for (const batch of sent) {
      const stamps = Array.from({ length: LINES }, (_, j) => batch * LINES + j + 1);
      const present = stamps.filter((ts) => points.has(ts));
      if (acked.has(batch)) expect({ writer: w, batch, present }).toEqual({ writer: w, batch, present: stamps });
      // An update is atomic: a request cut by the kill is stored whole or not at all.
      else expect({ writer: w, batch, partial: present.length > 0 && present.length < LINES }).toEqual({ writer: w, batch, partial: false });
    }
    for (const [ts, values] of points) {
      expect({ writer: w, ts, values }).toEqual({ writer: w, ts, values: [valueOf(w, ts)] });
      expect(sent.has(Math.floor((ts - 1) / LINES))).toBe(true);
    }
    expect(points.size).toBeGreaterThanOrEqual(acked.size * LINES);
  }
});
