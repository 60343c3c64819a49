import type { Checkpoint } from '../../domain/ports/checkpoint.js';
import type { CheckpointCommit } from '../../domain/ports/checkpoint-store.js';
import type { LogRecord } from '../../domain/ports/log-source.js';
import type { ProjectionDefinition } from '../../projections/projection.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { dataRecord, seqOf, seriesOnePerPartition } from '../contract/log-test-helpers.js';
import { eventually } from '../harness/eventually.js';
import { openKafkaTestLog, type KafkaTestOptions } from './kafka-log-factory.js';
import { describeIfKcat, useMockKafka } from './kafka-mock-cluster.js';

// Issue 4 point 2: store instances share one consumer group. A partition a rebalance moves to another
// instance must resume at the read model's stored checkpoint (committed with its writes), not at the group's
// committed offsets nor at where the receiving runner started reading.
jest.setTimeout(90_000);

const describeWithKcat = describeIfKcat('test/int/kafka-rebalance-runner.spec.ts');

const ONE_PER_PARTITION = seriesOnePerPartition(4);

/** The read model both store instances write: the records applied (by whom) and a checkpoint column per partition. */
interface SharedStore {
  readonly applied: { member: string; seq: number; partition: number }[];
  readonly checkpoint: Map<number, number>;
}

/** One store instance's projection over the shared read model: it commits only the partitions of its batch. */
class InstanceProjection implements ProjectionDefinition<'data'> {
  readonly name = 'store';
  readonly topic = 'data' as const;
  readonly startFrom = 'checkpoint' as const;
  readonly poison = 'fail' as const;

  constructor(
    private readonly member: string,
    private readonly db: SharedStore,
  ) {}

  async load(): Promise<Checkpoint | undefined> {
    return new Map(this.db.checkpoint);
  }

  async checkpointOf(): Promise<Checkpoint> {
    return new Map(this.db.checkpoint);
  }

  async handle(records: readonly LogRecord<'data'>[], commit: CheckpointCommit): Promise<void> {
    for (const r of records) {
      this.db.applied.push({ member: this.member, seq: seqOf(r), partition: r.partition });
      this.db.checkpoint.set(r.partition, commit.checkpoint.get(r.partition)!);
    }
  }

  async truncate(): Promise<void> {}
}

describeWithKcat('ProjectionRunner in a Kafka consumer group (librdkafka mock cluster)', () => {
  const mock = useMockKafka();
  const options: KafkaTestOptions = { brokers: () => mock().brokers, idempotent: false, fixedPartitions: 4 };

  it('resumes partitions a leaving member applied at the stored checkpoint: nothing applied twice, nothing lost', async () => {
    const log = await openKafkaTestLog(options, new AvroRecordCodec(), { data: 4, metadata: 4 });
    const db: SharedStore = { applied: [], checkpoint: new Map() };
    const groupId = `${log.topics.data}-store`;
    // Offsets are never committed to the group: only the read model's checkpoint can say where B left off.
    const runnerOf = (member: string) => new ProjectionRunner(new InstanceProjection(member, db), log.source('data', { groupId }), { maxWaitMs: 5 });
    let seq = 0;
    const round = () => log.append(ONE_PER_PARTITION.map((n) => dataRecord(n, seq++)));
    const appliedSince = (from: number) => db.applied.filter((a) => a.seq >= from);
    const a = runnerOf('A');
    const b = runnerOf('B');
    try {
      // Given instance A alone, then B joining until a round is split between them
      await round();
      await a.start();
      await eventually(() => expect(db.applied).toHaveLength(4), { attempts: 100 });
      await b.start();
      await eventually(
        async () => {
          const before = seq;
          await round();
          await eventually(() => expect(appliedSince(before)).toHaveLength(4), { attempts: 50 });
          expect(new Set(appliedSince(before).map((x) => x.member))).toEqual(new Set(['A', 'B']));
        },
        { attempts: 30 },
      );
      // And B applies a few more rounds of its partitions (A's view of them gets older)
      for (let i = 0; i < 3; i++) await round();
      await eventually(() => expect(db.applied).toHaveLength(seq), { attempts: 100 });
      // When B leaves the group and more is written
      await b.stop();
      await (b as unknown as { source: { close(): Promise<void> } }).source.close();
      const left = seq;
      for (let i = 0; i < 3; i++) await round();
      // Then A takes B's partitions over at the stored checkpoint: every record once, the last rounds all by A
      await eventually(() => expect(appliedSince(left)).toHaveLength(12), { attempts: 200 });
      expect(appliedSince(left).every((x) => x.member === 'A')).toBe(true);
      expect(db.applied.map((x) => x.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: seq }, (_, i) => i));
      expect(a.status().state).toBe('running');
    } finally {
      await a.stop();
      await b.stop();
      await log.close();
    }
  });
});
