import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';
import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { LogRecord, LogSource, ReadOptions } from '../../domain/ports/log-source.js';
import type { TopicName } from '../../domain/ports/topics.js';

/** A message as it sits in a topic, read without our adapters. */
export interface RawMessage {
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** Reads the first `count` messages of `topic` with a plain kafkajs consumer (own group); fails after `timeoutMs`. */
export async function rawMessages(kafka: Kafka, topic: string, count: number, timeoutMs = 20_000): Promise<RawMessage[]> {
  const consumer = kafka.consumer({ groupId: `raw-${randomUUID()}`, maxWaitTimeInMs: 100 });
  const got: RawMessage[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`read ${got.length} of ${count} messages of ${topic} in ${timeoutMs} ms`)), timeoutMs);
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            got.push({ partition, offset: Number(message.offset), key: message.key, value: message.value, headers: textHeaders(message.headers) });
            if (got.length >= count) resolve();
          },
        })
        .catch(reject);
    });
    return got;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  return out;
}

/** A reader in the background: applies each batch with `onBatch` until stopped; `failure` holds what ended it. */
export interface Consumption {
  stop(): Promise<void>;
  readonly failure: () => unknown;
}

export function consume<T extends TopicName>(source: LogSource<T>, options: Omit<ReadOptions, 'signal'> & { from: Checkpoint }, onBatch: (batch: readonly LogRecord<T>[]) => void): Consumption {
  const controller = new AbortController();
  let failure: unknown;
  const loop = (async () => {
    for await (const batch of source.read({ ...options, signal: controller.signal })) onBatch(batch);
  })().catch((err: unknown) => {
    failure = err;
  });
  return {
    stop: async () => {
      controller.abort();
      await loop;
    },
    failure: () => failure,
  };
}
