import { expectOk, httpCall } from '../load/http.js';
import { procStatusBytes } from '../servers/managed-process.js';
import { waitFindable, type PlasmaTarget } from './fanout-latency.js';
import { PlasmaSubscriber } from './plasma-subscriber.js';

/** Resident memory of the cell before and while it holds `sessions` plasma sessions. */
export interface SessionMemoryFigures {
  readonly sessions: number;
  readonly rssBeforeBytes: number;
  readonly rssWithSessionsBytes: number;
}

const SERIES = 1_000;
const SELECTOR_CLASS = 'bench.plasma.sessions';

/**
 * Writes SERIES series, then opens `sessions` sessions, each subscribed to one of them (round robin), and reads
 * the cell's resident set (VmRSS of /proc/<pid>/status) once every session's SUBSCRIBE was handled (each
 * answered SUBSCRIPTIONS). The figure before is read after the writes, with no session open.
 */
export async function measureSessionMemory(target: PlasmaTarget, pid: number, sessions: number): Promise<SessionMemoryFigures> {
  const lines = Array.from({ length: SERIES }, (_, i) => `${Date.now()}000// ${SELECTOR_CLASS}{s=${i}} 1`).join('\n');
  expectOk(await httpCall(target.agent, `${target.origin}/api/v0/update`, { body: Buffer.from(`${lines}\n`), headers: { 'X-Warp10-Token': target.writeToken } }), 'plasma bench series');
  await waitFindable(target, `${SELECTOR_CLASS}{s=${SERIES - 1}}`);
  const rssBeforeBytes = procStatusBytes(pid, 'VmRSS');
  const url = `${target.origin.replace(/^http/, 'ws')}/api/v0/plasma`;
  const open: PlasmaSubscriber[] = [];
  try {
    for (let i = 0; i < sessions; i += 500) {
      const batch = await Promise.all(Array.from({ length: Math.min(500, sessions - i) }, () => PlasmaSubscriber.open(url, () => undefined)));
      batch.forEach((s, j) => s.send(`SUBSCRIBE ${target.readToken} ${SELECTOR_CLASS}{s=${(i + j) % SERIES}}`));
      await Promise.all(batch.map((s) => s.subscriptions()));
      open.push(...batch);
    }
    return { sessions, rssBeforeBytes, rssWithSessionsBytes: procStatusBytes(pid, 'VmRSS') };
  } finally {
    for (const s of open) s.close();
  }
}
