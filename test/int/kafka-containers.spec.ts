import { createServer } from 'node:net';
import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { IntegrityCodec } from '../../src/infrastructure/serialization/integrity-codec.js';
import { createKafkaTopicsOn } from '../../src/infrastructure/log/kafka-topics.js';
import { testLogContract } from '../contract/log.contract.js';
import { probeDocker } from '../harness/docker-probe.js';
import { kafkaLogFactory, testKafkaClient } from './kafka-log-factory.js';

/**
 * The Kafka adapters against real Kafka, with the log contract the mock cluster passes, but here with
 * idempotent producers and topics created with the partition counts asked: Apache Kafka 4.x and 3.x in
 * KRaft mode (one broker-controller) and Kafka 2.8 (Confluent 6.2) with a ZooKeeper container. Images:
 * CONTINUUM_TEST_KAFKA_IMAGES, comma-separated. Skipped, saying so, where no container engine exists.
 */
const IMAGES = (process.env.CONTINUUM_TEST_KAFKA_IMAGES ?? 'apache/kafka:4.0.0,apache/kafka:3.8.0,confluentinc/cp-kafka:6.2.15').split(',').map((i) => i.trim());
/** Kafka before 3.3 (Confluent Platform before 7.3) needs ZooKeeper. */
const needsZooKeeper = (image: string) => /^confluentinc\/cp-kafka:[56]\./.test(image);
const STARTED = /Kafka Server started|started \(kafka\.server\.KafkaServer\)/;
const docker = probeDocker();
if (!docker.available) console.warn(`test/int/kafka-containers.spec.ts skipped: no Docker engine (${docker.reason})`);
const suite = docker.available ? describe : describe.skip;

/** A free TCP port of this host (Kafka must advertise the port clients reach it on, so it is fixed). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.each(IMAGES)('Kafka log on %s', (image) => {
  suite(`real Kafka${docker.available ? '' : ' — skipped: no Docker engine'}`, () => {
    jest.setTimeout(90_000);
    let network: StartedNetwork | undefined;
    let zookeeper: StartedTestContainer | undefined;
    let kafka: StartedTestContainer;
    let brokers: string[];

    beforeAll(async () => {
      const port = await freePort();
      const common = {
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      };
      let container = new GenericContainer(image).withExposedPorts({ container: 9092, host: port });
      if (needsZooKeeper(image)) {
        network = await new Network().start();
        zookeeper = await new GenericContainer(image.replace('cp-kafka', 'cp-zookeeper'))
          .withNetwork(network)
          .withNetworkAliases('zookeeper')
          .withEnvironment({ ZOOKEEPER_CLIENT_PORT: '2181' })
          .withStartupTimeout(180_000)
          .start();
        container = container.withNetwork(network).withEnvironment({ ...common, KAFKA_BROKER_ID: '1', KAFKA_ZOOKEEPER_CONNECT: 'zookeeper:2181', KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092' });
      } else {
        container = container.withEnvironment({
          ...common,
          KAFKA_NODE_ID: '1',
          KAFKA_PROCESS_ROLES: 'broker,controller',
          KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
          KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
          KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        });
      }
      kafka = await container.withWaitStrategy(Wait.forLogMessage(STARTED)).withStartupTimeout(180_000).start();
      brokers = [`127.0.0.1:${port}`];
    }, 400_000);

    afterAll(async () => {
      await kafka?.stop();
      await zookeeper?.stop();
      await network?.stop();
    });

    it('creates topics with the partitions asked, and leaves existing ones alone', async () => {
      const client = testKafkaClient(brokers);
      const specs = [
        { name: 'ct-data', partitions: 6, replicationFactor: 1 },
        { name: 'ct-data.dlq', partitions: 1, replicationFactor: 1 },
      ];
      expect(await createKafkaTopicsOn(client, specs)).toEqual([
        { name: 'ct-data', created: true, partitions: 6 },
        { name: 'ct-data.dlq', created: true, partitions: 1 },
      ]);
      expect(await createKafkaTopicsOn(client, [{ name: 'ct-data', partitions: 12, replicationFactor: 1 }])).toEqual([{ name: 'ct-data', created: false, partitions: 6 }]);
    });

    describe('log contract (idempotent producer, Avro with MAC)', () => {
      const codec = new IntegrityCodec(new AvroRecordCodec(), { data: { mac: new Uint8Array(16).fill(7) } });
      testLogContract(
        kafkaLogFactory({
          brokers: () => brokers,
          idempotent: true,
          createTopics: async (client, topics) => {
            await createKafkaTopicsOn(client, topics.map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: 1 })));
          },
        }),
        codec,
      );
    });
  });
});
