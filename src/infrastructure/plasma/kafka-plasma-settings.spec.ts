import { hostname } from 'node:os';
import { Config, type RawValue } from '../../config/config.js';
import { checkFrontEndTopic } from './zookeeper-subscription-znodes.js';
import { plasmaFrontEndTopicOf, plasmaKafkaClientOf } from './kafka-plasma-settings.js';

function config(values: Record<string, string> = {}): Config {
  return new Config(new Map<string, RawValue>(Object.entries(values).map(([k, v]) => [k, { value: v, origin: 'test' }])), '/nonexistent');
}

describe('plasma Kafka settings', () => {
  it('uses the configured front end topic', () => {
    expect(plasmaFrontEndTopicOf(config({ 'plasma.frontend.kafka.topic': 'plasmafe1' }))).toBe('plasmafe1');
  });

  it('makes up a topic unique to the process, that a znode name and Kafka accept, when none is configured', () => {
    const topic = plasmaFrontEndTopicOf(config(), 'abcd1234');
    expect(topic).toMatch(/^plasmafe-[A-Za-z0-9_-]+-abcd1234$/);
    expect(topic).toContain(hostname().replace(/[^A-Za-z0-9_-]/g, '-'));
    expect(checkFrontEndTopic(topic)).toBe(topic);
    expect(plasmaFrontEndTopicOf(config())).not.toBe(plasmaFrontEndTopicOf(config()));
  });

  it('refuses to connect without brokers, naming the key', () => {
    expect(() => plasmaKafkaClientOf(config(), 'plasma-backend')).toThrow('cannot connect plasma-backend to Kafka: set kafka.brokerlist');
  });
});
