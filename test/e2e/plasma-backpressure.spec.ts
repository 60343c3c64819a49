import { randomUUID } from 'node:crypto';
import { ensureBuilt } from '../harness/build.js';
import { Cell } from '../harness/cell.js';
import type { Client } from '../harness/client.js';
import { expectStatus } from '../harness/expect-status.js';
import { PlasmaClient } from './plasma-client.js';

// Issue 5 point 4: a stalled subscriber (never reads) and a fast one on the same 1,000 series while 1M points
// (1,000 series x 1,000 points, W1-like) are written through /update. The fast one must receive every point,
// the stalled one's drops must show in /metrics, and ingest must complete. Rates are logged for a human, never
// asserted. A 1 MiB session bound makes the drops certain whatever the kernel's socket buffers hold.
jest.setTimeout(120_000);

const SERIES = 1000;
const POINTS = 1000;
const PER_REQUEST = 10; // points per series per /update request: 100 requests of 10,000 lines

let cell: Cell;
let client: Client;
let read: string;

beforeAll(async () => {
  await ensureBuilt();
  cell = await Cell.start({ env: { CONTINUUM_PLASMA_FRONTEND_SESSION_QUEUE_MAXBYTES: '1048576' } });
  const owner = randomUUID();
  read = await cell.mintToken({ type: 'read', app: '', owner, producer: owner });
  client = cell.client({ read, write: await cell.mintToken({ type: 'write', app: '', owner, producer: owner }) });
}, 120_000);

afterAll(async () => {
  await cell?.destroy();
});

function batch(from: number): string {
  const lines: string[] = [];
  for (let t = from; t < from + PER_REQUEST; t++) for (let s = 0; s < SERIES; s++) lines.push(`${t}// bp.load{s=${s}} ${t}`);
  return lines.join('\n');
}

async function subscribeAll(c: PlasmaClient): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    c.send(`SUBSCRIBE ${read} bp.load{}`);
    if ((await c.stats()).includes(`subscriptions=${SERIES} `)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the session never held the ${SERIES} series`);
}

function metric(text: string, name: string): number[] {
  return [...text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => Number(m[1]));
}

it('a stalled subscriber loses points (counted) while a fast one gets all 1M and ingest completes', async () => {
  // The series exist before anyone subscribes (points written before a subscription are not pushed).
  expectStatus(await client.update(batch(-PER_REQUEST)), 200, cell);
  const url = `ws://127.0.0.1:${cell.port}/api/v0/plasma`;
  const fast = await PlasmaClient.connect(url, { keepData: false });
  const stalled = await PlasmaClient.connect(url, { keepData: false });
  try {
    await subscribeAll(fast);
    await subscribeAll(stalled);
    stalled.pause();

    const t0 = Date.now();
    for (let t = 0; t < POINTS; t += PER_REQUEST) expectStatus(await client.update(batch(t)), 200, cell);
    const ingestMs = Date.now() - t0;
    await fast.waitFor(() => fast.lines >= SERIES * POINTS, 60_000, `${SERIES * POINTS} lines on the fast session (got ${fast.lines})`);
    const fanOutMs = Date.now() - t0;
    expect(fast.lines).toBe(SERIES * POINTS);

    const metrics = (await client.send('GET', '/metrics')).body;
    const dropped = metric(metrics, 'continuum_plasma_dropped_points_total')[0];
    const perSession = metric(metrics, 'continuum_plasma_session_dropped_points');
    expect(dropped).toBeGreaterThan(0);
    expect(perSession.sort((a, b) => a - b)).toEqual([0, dropped]);
    expect(metric(metrics, 'continuum_plasma_sessions')).toEqual([2]);
    expect(stalled.isOpen).toBe(true);
    console.log(
      `plasma back-pressure: ${SERIES * POINTS} points ingested in ${ingestMs} ms (${Math.round((SERIES * POINTS) / (ingestMs / 1000))} pts/s); ` +
        `fast subscriber complete after ${fanOutMs} ms; stalled subscriber dropped ${dropped} points`,
    );
  } finally {
    fast.close();
    stalled.close();
  }
});
