import { TooLargeError, UnavailableError } from '../../../domain/errors.js';
import { createKafkaClient, kafkaFailure, KafkaUnavailableError } from './kafka-client.js';
import { LogError } from './log-error.js';

/** A kafkajs-shaped error: protocol errors carry `type`; retries wrap the last failure. */
const protocol = (type: string) => Object.assign(new Error(`broker said ${type}`), { name: 'KafkaJSProtocolError', type });
const wrapped = (inner: Error) => Object.assign(new Error('Number of retries exceeded'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: inner });

describe('kafkaFailure', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' })],
    ['a request timeout', Object.assign(new Error('Request Produce(key: 0, version: 7) timed out'), { name: 'KafkaJSRequestTimeoutError' })],
    ['exhausted retries after a leader change', wrapped(protocol('NOT_LEADER_FOR_PARTITION'))],
    ['an unknown topic (auto-creation off)', wrapped(protocol('UNKNOWN_TOPIC_OR_PARTITION'))],
  ])('makes %s a retriable UnavailableError (HTTP 503)', (_name, error) => {
    const failure = kafkaFailure('append 3 records', error);
    expect(failure).toBeInstanceOf(KafkaUnavailableError);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect(failure).toMatchObject({ retriable: true, code: 'UNAVAILABLE', cause: error });
    expect(failure.message).toMatch(/^cannot append 3 records: Kafka /);
  });

  it.each(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE'])('makes %s a TooLargeError (HTTP 413), not retriable', (type) => {
    const failure = kafkaFailure('append', wrapped(protocol(type)));
    expect(failure).toBeInstanceOf(TooLargeError);
    expect(failure).toMatchObject({ retriable: false });
  });

  it.each(['TOPIC_AUTHORIZATION_FAILED', 'UNSUPPORTED_VERSION'])('makes %s a LogError that is not retriable', (type) => {
    const failure = kafkaFailure('append', protocol(type));
    expect(failure).toBeInstanceOf(LogError);
    expect(failure).toMatchObject({ retriable: false, message: `cannot append: Kafka broker said ${type}` });
  });
});

describe('createKafkaClient', () => {
  it('refuses an empty broker list', () => {
    expect(() => createKafkaClient({ brokers: [] })).toThrow(/no broker given/);
  });
});
