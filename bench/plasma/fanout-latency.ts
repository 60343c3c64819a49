import type { Agent } from 'node:http';
import { latencyOf, type Latency } from '../stats.js';
import { expectOk, httpCall, query } from '../load/http.js';
import { delay } from '../servers/managed-process.js';
import { PlasmaSubscriber } from './plasma-subscriber.js';

/** Where the fan-out measurement talks to the cell. */
export interface PlasmaTarget {
  readonly origin: string;
  readonly readToken: string;
  readonly writeToken: string;
  readonly agent: Agent;
}

/** Fan-out latency with `subscribers` sessions on one series: update acknowledged → message received. */
export interface FanoutFigures extends Latency {
  readonly subscribers: number;
  readonly rounds: number;
  /** Deliveries that never came within the round's deadline. */
  readonly missed: number;
  /** Deliveries that arrived before the update's acknowledgement reached the client (counted as 0 ms). */
  readonly beforeAck: number;
}

const ROUND_TIMEOUT_MS = 10_000;
const SELECTOR_CLASS = 'bench.plasma.fanout';

/**
 * Opens `subscribers` sessions subscribed to one series, waits until a first write reaches all of them (the
 * front end publishes its subscriptions asynchronously), then writes one point per round (value = round number)
 * and measures, for every session, the time from the update's acknowledgement to the message's arrival. Rounds
 * run one after the other: the next starts when every session got the point or the round timed out.
 */
export async function measureFanout(target: PlasmaTarget, subscribers: number, rounds: number): Promise<FanoutFigures> {
  const selector = `${SELECTOR_CLASS}{n=${subscribers}}`;
  const received = new Map<number, number[]>();
  let waiting: { value: number; left: number; done: () => void } | undefined;
  const onValue = (value: number, at: number) => {
    let times = received.get(value);
    if (times === undefined) received.set(value, (times = []));
    times.push(at);
    if (waiting !== undefined && waiting.value === value && --waiting.left === 0) waiting.done();
  };
  const url = `${target.origin.replace(/^http/, 'ws')}/api/v0/plasma`;
  const sessions: PlasmaSubscriber[] = [];
  try {
    for (let i = 0; i < subscribers; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, subscribers - i) }, () => PlasmaSubscriber.open(url, onValue)));
      sessions.push(...batch);
    }
    // The series must be in the directory for SUBSCRIBE to find it.
    await write(target, selector, -1);
    await waitFindable(target, selector);
    for (const s of sessions) s.send(`SUBSCRIBE ${target.readToken} ${selector}`);
    for (const s of sessions) await s.subscriptions();
    await warmUp(target, selector, () => received.get(-2)?.length ?? 0, subscribers);
    const samples: number[] = [];
    let missed = 0;
    let beforeAck = 0;
    for (let round = 0; round < rounds; round++) {
      const arrived = new Promise<void>((resolve) => (waiting = { value: round, left: subscribers, done: resolve }));
      const ackAt = await write(target, selector, round);
      const timedOut = await Promise.race([arrived.then(() => false), delay(ROUND_TIMEOUT_MS).then(() => true)]);
      const times = received.get(round) ?? [];
      received.delete(round);
      if (timedOut) missed += subscribers - times.length;
      for (const t of times) {
        if (t < ackAt) beforeAck++;
        samples.push(Math.max(0, t - ackAt));
      }
    }
    return { subscribers, rounds, missed, beforeAck, ...latencyOf(samples) };
  } finally {
    waiting = undefined;
    for (const s of sessions) s.close();
  }
}

/** Polls /api/v0/find until `selector` matches a series (the directory applies writes asynchronously). */
export async function waitFindable(target: PlasmaTarget, selector: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await httpCall(target.agent, `${target.origin}/api/v0/find?${query({ selector })}`, { headers: { 'X-Warp10-Token': target.readToken } });
    if (answer.status === 200 && answer.body.length > 0) return;
    if (Date.now() > deadline) throw new Error(`plasma: ${selector} not found 60 s after it was written`);
    await delay(20);
  }
}

/** Writes warm-up points (value -2) until every session got one: the subscriptions are then routed. */
async function warmUp(target: PlasmaTarget, selector: string, got: () => number, subscribers: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (got() < subscribers) {
    if (Date.now() > deadline) throw new Error(`plasma: only ${got()} of ${subscribers} sessions received a point within 60 s of subscribing`);
    await write(target, selector, -2);
    await delay(50);
  }
}

/** One point of `selector` with `value`; resolves with the time the acknowledgement arrived. */
async function write(target: PlasmaTarget, selector: string, value: number): Promise<number> {
  const body = Buffer.from(`${Date.now()}000// ${selector} ${value}\n`);
  const answer = await httpCall(target.agent, `${target.origin}/api/v0/update`, { body, headers: { 'X-Warp10-Token': target.writeToken } });
  const at = performance.now();
  expectOk(answer, 'plasma bench update');
  return at;
}
