import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { IntegrityCodec } from '../../src/infrastructure/serialization/integrity-codec.js';
import { testLogContract } from '../contract/log.contract.js';
import { kafkaLogFactory } from './kafka-log-factory.js';
import { hasKcat, startMockKafka, type MockKafka } from './kafka-mock-cluster.js';

jest.setTimeout(60_000);

const key = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
/** The production codec as a protected cell uses it: Avro in Confluent framing, AES-wrapped, MACed. */
const protectedAvro = new IntegrityCodec(new AvroRecordCodec(), {
  data: { mac: key('00112233445566778899aabbccddeeff'), aes: key('0f0e0d0c0b0a09080706050403020100') },
  metadata: { mac: key('ffeeddccbbaa99887766554433221100') },
});

const kcat = hasKcat();
if (!kcat) console.warn('test/int/kafka-mock.spec.ts skipped: kcat (librdkafka mock cluster) is not installed; see reference infra.md');
const describeWithKcat = kcat ? describe : describe.skip;

describeWithKcat('Kafka log on the librdkafka mock cluster', () => {
  let mock: MockKafka;
  beforeAll(async () => {
    mock = await startMockKafka(3);
  });
  afterAll(async () => {
    await mock?.stop();
  });

  describe('log contract (Avro with MAC and AES; topics auto-created with 4 partitions; no idempotence)', () => {
    testLogContract(kafkaLogFactory({ brokers: () => mock.brokers, idempotent: false, fixedPartitions: 4 }), protectedAvro);
  });
});
