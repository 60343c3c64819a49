import { ValidationError } from '../domain/errors.js';
import type { DataEvent } from '../domain/events/data.events.js';
import type { LogSource, ReadOptions } from '../domain/ports/log-source.js';
import type { TopicEvents, TopicName } from '../domain/ports/topics.js';
import { InMemoryLog } from '../src/infrastructure/log/memory-log.js';
import type { RecordCodec } from '../src/infrastructure/serialization/record-codec.js';
import { InMemoryDeadLetterSink } from './dead-letter.js';
import { ProjectionRunner, type RunnerOptions } from './runner.js';
import { FakeProjection, labelOf, outgoing, stored, TransientError, type FakeDatabase } from './runner.fixture.js';

// No restarts here: these tests look at one run's failure (runner-supervision.spec.ts covers restarts).
const fast: RunnerOptions = { maxWaitMs: 1, retry: { retries: 3, initialMs: 1, maxMs: 2 }, restart: { retries: 0 } };

/** Keeps events by index and refuses to decode the ones in `poisoned` (as a codec meeting garbage would). */
function codecWithPoison(poisoned: Set<DataEvent>): RecordCodec {
  const events: unknown[] = [];
  return {
    encode: <T extends TopicName>(_topic: T, event: TopicEvents[T]) => {
      events.push(event);
      return new Uint8Array(new Uint32Array([events.length - 1]).buffer);
    },
    decode: <T extends TopicName>(_topic: T, bytes: Uint8Array) => {
      const event = events[new Uint32Array(bytes.slice().buffer)[0]] as TopicEvents[T];
      if (poisoned.has(event as DataEvent)) throw new Error('unexpected byte 0x17');
      return event;
    },
  };
}

async function setup(events: DataEvent[], options: { codec?: RecordCodec } = {}) {
  const log = new InMemoryLog({ codec: options.codec });
  for (const e of events) await log.append([outgoing(e)]);
  const db: FakeDatabase = { applied: [] };
  return { log, db, source: log.source('data'), end: await log.source('data').end() };
}

const ten = Array.from({ length: 10 }, (_, i) => stored((i % 3) + 1, i));

describe('ProjectionRunner errors', () => {
  it('retries a retriable error from handle with backoff, then applies the batch', async () => {
    const { db, source, end } = await setup(ten);
    const projection = new FakeProjection(db);
    let failures = 2;
    projection.failWith = () => (failures-- > 0 ? new TransientError('store busy') : undefined);
    const runner = new ProjectionRunner(projection, source, fast);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    expect(db.applied).toHaveLength(10);
    expect(runner.metrics().retries).toBe(2);
    expect(runner.status()).toEqual({ state: 'running' });
    await runner.stop();
  });

  it('fails after the bounded retries, keeping the checkpoint before the batch', async () => {
    const { db, source, end } = await setup(ten);
    const projection = new FakeProjection(db);
    const error = new TransientError('store down');
    projection.failWith = () => error;
    const runner = new ProjectionRunner(projection, source, fast);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(false);
    await runner.stop();
    expect(runner.status()).toEqual({ state: 'failed', error });
    expect(projection.batchSizes).toHaveLength(4);
    expect(runner.applied()).toEqual(new Map());
    expect(db.checkpoint).toBeUndefined();
  });

  it.each(['fail', 'skip'] as const)('never retries nor skips a programming error (policy %s)', async (policy) => {
    const { db, source, end } = await setup(ten);
    const projection = new FakeProjection(db, policy);
    const error = new TypeError("cannot read properties of undefined (reading 'ts')");
    projection.failWith = () => error;
    const runner = new ProjectionRunner(projection, source, fast);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(false);
    expect(runner.status()).toEqual({ state: 'failed', error });
    expect(projection.batchSizes).toHaveLength(1);
  });

  it('poison policy fail: stops with the checkpoint before the bad batch', async () => {
    const { log, db, source } = await setup(ten.slice(0, 5));
    const first = await source.end();
    const projection = new FakeProjection(db, 'fail');
    projection.failWith = (records) => (records.some((r) => labelOf(r) === '2:7') ? new ValidationError('cannot store: bad point') : undefined);
    const runner = new ProjectionRunner(projection, source, fast);
    await runner.start();
    expect(await runner.waitFor(first, 5000)).toBe(true);
    await log.append(ten.slice(5).map(outgoing));
    expect(await runner.waitFor(await source.end(), 5000)).toBe(false);
    expect(runner.status()).toMatchObject({ state: 'failed', error: expect.any(ValidationError) });
    expect(runner.applied()).toEqual(first);
    expect(db.checkpoint).toEqual(first);
    expect(db.applied).toHaveLength(5);
  });

  it('poison policy skip: dead-letters the bad record, applies the others and commits past it', async () => {
    const { db, source, end } = await setup(ten);
    const projection = new FakeProjection(db, 'skip');
    const bad = new ValidationError('cannot store: bad point');
    projection.failWith = (records) => (records.some((r) => labelOf(r) === '2:4') ? bad : undefined);
    const sink = new InMemoryDeadLetterSink();
    const runner = new ProjectionRunner(projection, source, { ...fast, deadLetters: sink });
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    await runner.stop();
    expect(db.applied).toHaveLength(9);
    expect(db.applied).not.toContain('2:4');
    expect(db.checkpoint).toEqual(end);
    expect(runner.metrics().skipped).toBe(1);
    expect(sink.letters).toHaveLength(1);
    expect(sink.letters[0]).toMatchObject({ projection: 'fake', partition: 0, offset: 4, error: bad });
    expect(labelOf(sink.letters[0].record as never)).toBe('2:4');
  });

  it('poison policy skip: does not skip when the dead-letter sink fails', async () => {
    const { db, source, end } = await setup(ten);
    const projection = new FakeProjection(db, 'skip');
    projection.failWith = (records) => (records.some((r) => labelOf(r) === '2:4') ? new ValidationError('bad') : undefined);
    const sinkError = new Error('dead-letter topic missing');
    const runner = new ProjectionRunner(projection, source, { ...fast, deadLetters: { write: async () => Promise.reject(sinkError) } });
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(false);
    expect(runner.status()).toEqual({ state: 'failed', error: sinkError });
    expect(runner.applied()).toEqual(new Map([[0, 4]]));
    expect(db.applied).toHaveLength(4);
  });

  it('re-reads from the applied checkpoint after a retriable source error', async () => {
    const { db, source, end } = await setup(ten);
    let failures = 2;
    const flaky: LogSource<'data'> = {
      topic: 'data',
      read: (options: ReadOptions) =>
        failures-- > 0
          ? (async function* () {
              yield* [];
              throw new TransientError('broker not available');
            })()
          : source.read(options),
      end: () => source.end(),
      close: () => source.close(),
    };
    const runner = new ProjectionRunner(new FakeProjection(db), flaky, fast);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    await runner.stop();
    expect(db.applied).toHaveLength(10);
    expect(runner.metrics().retries).toBe(2);
  });

  it('poison policy skip: dead-letters a record the source cannot decode, by position', async () => {
    const poisoned = new Set([ten[6]]);
    const { db, source, end } = await setup(ten, { codec: codecWithPoison(poisoned) });
    const sink = new InMemoryDeadLetterSink();
    const runner = new ProjectionRunner(new FakeProjection(db, 'skip'), source, { ...fast, deadLetters: sink });
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(true);
    await runner.stop();
    expect(db.applied).toHaveLength(9);
    expect(db.applied).not.toContain('1:6');
    expect(sink.letters).toHaveLength(1);
    expect(sink.letters[0]).toMatchObject({ partition: 0, offset: 6, record: undefined });
    expect(runner.metrics().skipped).toBe(1);
  });

  it('poison policy fail: stops before a record the source cannot decode', async () => {
    const poisoned = new Set([ten[6]]);
    const { db, source, end } = await setup(ten, { codec: codecWithPoison(poisoned) });
    const runner = new ProjectionRunner(new FakeProjection(db, 'fail'), source, fast);
    await runner.start();
    expect(await runner.waitFor(end, 5000)).toBe(false);
    expect(runner.status()).toMatchObject({ state: 'failed', error: expect.objectContaining({ offset: 6 }) });
    expect(runner.applied()).toEqual(new Map([[0, 6]]));
    expect(db.applied).toHaveLength(6);
  });

  it('rejects start and reports failed when loading the checkpoint fails for good', async () => {
    const { db, source } = await setup([]);
    const projection = new FakeProjection(db);
    const error = new Error('checkpoint table missing');
    projection.load = async () => Promise.reject(error);
    const runner = new ProjectionRunner(projection, source, fast);
    await expect(runner.start()).rejects.toBe(error);
    expect(runner.status()).toEqual({ state: 'failed', error });
    await runner.stop();
  });
});
