import { AvroRecordCodec } from '../../src/infrastructure/serialization/avro-codec.js';
import { jsonTestCodec } from './json-test-codec.js';
import { testLogContract } from './log.contract.js';
import { embeddedLogFactory, removeTempLogs } from './embedded-log-factory.js';

afterAll(removeTempLogs);

describe('EmbeddedLog', () => {
  describe('log contract (JSON codec, fsync on)', () => {
    testLogContract(embeddedLogFactory(), jsonTestCodec);
  });
  describe('log contract (tiny segments, no fsync)', () => {
    testLogContract(embeddedLogFactory({ segmentBytes: 200, fsync: false }), jsonTestCodec);
  });
  describe('log contract (Avro codec, the production one)', () => {
    testLogContract(embeddedLogFactory(), new AvroRecordCodec());
  });
  describe('log contract (Avro codec, no tail cache: every record read from the files)', () => {
    testLogContract(embeddedLogFactory({ tailCacheBytes: 0 }), new AvroRecordCodec());
  });
  describe('log contract (Avro codec, a tail cache of a few small frames: readers move between files and cache)', () => {
    testLogContract(embeddedLogFactory({ tailCacheBytes: 1000 }), new AvroRecordCodec());
  });
});
