import { GenericContainer, Network, Wait, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { probeDocker } from '../harness/docker-probe.js';
import { schemaRegistryResolverSuite } from './schema-registry-resolver.suite.js';

/**
 * The registry client against Confluent's own Schema Registry (backed by a one-node KRaft Kafka), with the
 * suite the in-test stub passes. Images can be overridden with CONTINUUM_TEST_KAFKA_IMAGE and
 * CONTINUUM_TEST_SCHEMA_REGISTRY_IMAGE. Skipped, saying so, where no container engine exists.
 */
const KAFKA_IMAGE = process.env.CONTINUUM_TEST_KAFKA_IMAGE ?? 'apache/kafka:3.8.0';
const REGISTRY_IMAGE = process.env.CONTINUUM_TEST_SCHEMA_REGISTRY_IMAGE ?? 'confluentinc/cp-schema-registry:7.7.1';
const docker = probeDocker();
if (!docker.available) console.warn(`test/int/schema-registry-containers.spec.ts skipped: no Docker engine (${docker.reason})`);
const suite = docker.available ? describe : describe.skip;

suite(`schema registry (${REGISTRY_IMAGE})${docker.available ? '' : ' — skipped: no Docker engine'}`, () => {
  jest.setTimeout(60_000);
  let network: StartedNetwork;
  let kafka: StartedTestContainer;
  let registry: StartedTestContainer;
  let url: string;

  beforeAll(async () => {
    network = await new Network().start();
    kafka = await new GenericContainer(KAFKA_IMAGE)
      .withNetwork(network)
      .withNetworkAliases('kafka')
      .withEnvironment({
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(180_000)
      .start();
    registry = await new GenericContainer(REGISTRY_IMAGE)
      .withNetwork(network)
      .withExposedPorts(8081)
      .withEnvironment({
        SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
        SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
        SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'PLAINTEXT://kafka:9092',
      })
      .withWaitStrategy(Wait.forHttp('/subjects', 8081).forStatusCode(200))
      .withStartupTimeout(180_000)
      .start();
    url = `http://${registry.getHost()}:${registry.getMappedPort(8081)}`;
  }, 400_000);

  afterAll(async () => {
    await registry?.stop();
    await kafka?.stop();
    await network?.stop();
  });

  schemaRegistryResolverSuite(() => url);
});
