import type { Kafka } from 'kafkajs';
import type { DatapointsStored } from '../../../domain/events/data.events.js';
import type { Checkpoint } from '../../../domain/ports/checkpoint.js';
import type { PlasmaInbox } from '../../../domain/ports/plasma-channel.js';
import type { KafkaDeadLetter } from '../log/kafka-dead-letter-sink.js';
import { KafkaLogSource } from '../log/kafka-log-source.js';
import { KafkaDecodeError } from '../log/kafka-record-decoder.js';
import type { RecordCodec } from '../serialization/record-codec.js';

export interface KafkaPlasmaInboxOptions {
  readonly kafka: Kafka;
  /** This front end's own topic (`plasma.frontend.kafka.topic`). */
  readonly topic: string;
  /** Its consumer group (`plasma.frontend.kafka.groupid`; the front end is its only member). */
  readonly groupId: string;
  /** Decodes the data records, checking the `plasma.frontend.kafka.mac/aes` keys (an IntegrityCodec when set). */
  readonly codec: RecordCodec;
  /** Where messages that fail their check go (`<topic>.dlq`); they are counted either way. */
  readonly deadLetters?: { write(letter: KafkaDeadLetter): Promise<void> };
  /** Consumer session timeout, ms (`kafka.consumer.session.timeout`). @default 30000 */
  readonly sessionTimeoutMs?: number;
  /** Most records handed to the front end at once. @default 1000 */
  readonly maxBatch?: number;
  /** Warnings (read failures, dead-letter failures). @default console.warn */
  readonly log?: (message: string) => void;
}

/** What the inbox received (metrics). */
export interface KafkaPlasmaInboxStats {
  /** Chunks handed to the front end. */
  readonly chunks: number;
  /** Messages that failed their MAC/AES check or could not be read: never delivered. */
  readonly invalid: number;
  /** Of those, the ones written to the dead-letter topic. */
  readonly deadLettered: number;
  /** Read failures retried (broker unreachable, rebalances that failed). */
  readonly readFailures: number;
}

const NAME = 'plasma-frontend';

/**
 * A plasma front end's PlasmaInbox on Kafka (reference §8.2): consumes its own topic in its group, starting at
 * the topic's END as `start` resolves (plasma never replays: chunks sent while the front end was down are lost,
 * as in Warp 10), and hands the STORE records' chunks to the front end, one batch at a time and in offset order
 * per partition (so per series). Deletions, which Warp 10 back ends never send, are skipped.
 *
 * A message that fails its MAC or AES check (wrong `out`/front end keys, tampering) is counted, written to the
 * dead-letter topic when one is given, and skipped — never delivered. Read failures (broker down) are retried
 * with backoff from where the front end was, so nothing delivered is repeated. Offsets are not committed: every
 * start begins at the end again.
 */
export class KafkaPlasmaInbox implements PlasmaInbox {
  private source: KafkaLogSource<'data'> | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private positions: Map<number, number> = new Map();
  private counts = { chunks: 0, invalid: 0, deadLettered: 0, readFailures: 0 };
  private readonly log: (message: string) => void;

  constructor(private readonly options: KafkaPlasmaInboxOptions) {
    this.log = options.log ?? ((m: string) => console.warn(m));
  }

  /** Resolves once the topic's end is known: every chunk sent after that is received. Rejects (retriable) when Kafka is unreachable. */
  async start(onChunks: (chunks: readonly DatapointsStored[]) => Promise<void> | void): Promise<void> {
    if (this.running !== undefined) throw new Error(`cannot start the plasma inbox of ${this.options.topic}: it is started`);
    const o = this.options;
    const sessionTimeoutMs = o.sessionTimeoutMs ?? 30_000;
    const source = new KafkaLogSource<'data'>({
      kafka: o.kafka,
      topic: 'data',
      topicName: o.topic,
      groupId: o.groupId,
      codec: o.codec,
      log: this.log,
      sessionTimeoutMs,
      heartbeatIntervalMs: Math.max(100, Math.min(3000, Math.floor(sessionTimeoutMs / 10))),
      maxWaitMs: 200,
    });
    try {
      this.positions = new Map(await source.end());
    } catch (error) {
      await source.close();
      throw error;
    }
    this.source = source;
    this.running = this.consume(source, onChunks);
  }

  stats(): KafkaPlasmaInboxStats {
    return { ...this.counts };
  }

  /** Stops consuming (after the batch being handed over) and leaves the group. Idempotent. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.running;
    await this.source?.close();
  }

  private async consume(source: KafkaLogSource<'data'>, onChunks: (chunks: readonly DatapointsStored[]) => Promise<void> | void): Promise<void> {
    const signal = this.abort.signal;
    let backoffMs = 0;
    while (!signal.aborted) {
      try {
        for await (const batch of source.read({ from: this.positions as Checkpoint, signal, maxBatch: this.options.maxBatch ?? 1000 })) {
          const chunks: DatapointsStored[] = [];
          for (const record of batch) {
            this.positions.set(record.partition, record.offset + 1);
            if (record.event.type === 'DatapointsStored') chunks.push(record.event);
          }
          backoffMs = 0;
          if (chunks.length === 0) continue;
          this.counts.chunks += chunks.length;
          try {
            await onChunks(chunks);
          } catch (error) {
            this.log(`plasma front end ${this.options.topic}: the fan-out failed on ${chunks.length} chunks: ${(error as Error).message}`);
          }
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof KafkaDecodeError) {
          await this.reject(error);
          continue;
        }
        this.counts.readFailures++;
        backoffMs = Math.min(5000, backoffMs === 0 ? 100 : backoffMs * 2);
        this.log(`plasma front end ${this.options.topic}: cannot read (retrying in ${backoffMs} ms): ${(error as Error).message}`);
        await this.pause(backoffMs);
      }
    }
  }

  /** Skips a message that could not be read: counted, dead-lettered when possible, never delivered. */
  private async reject(error: KafkaDecodeError): Promise<void> {
    this.counts.invalid++;
    this.positions.set(error.partition, error.offset + 1);
    this.log(`plasma front end ${this.options.topic}: skipped ${error.message}`);
    if (this.options.deadLetters === undefined) return;
    try {
      await this.options.deadLetters.write({ projection: NAME, partition: error.partition, offset: error.offset, error });
      this.counts.deadLettered++;
    } catch (failure) {
      this.log(`plasma front end ${this.options.topic}: cannot dead-letter ${this.options.topic}/${error.partition}@${error.offset}: ${(failure as Error).message}`);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const signal = this.abort.signal;
      function done(): void {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
