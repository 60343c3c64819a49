import { createKafkaTopics, type TopicAdmin } from './kafka-topics.js';

/** An admin over an in-memory topic list, recording the creations asked. */
function fakeAdmin(existing: Record<string, number>, fail?: Error): TopicAdmin & { asked: unknown[] } {
  const topics = new Map(Object.entries(existing));
  const asked: unknown[] = [];
  return {
    asked,
    listTopics: async () => {
      if (fail) throw fail;
      return [...topics.keys()];
    },
    createTopics: async ({ topics: wanted }) => {
      asked.push(...wanted);
      for (const t of wanted) topics.set(t.topic, t.numPartitions ?? 1);
      return true;
    },
    fetchTopicMetadata: async (options) => ({
      topics: (options?.topics ?? []).map((name) => ({ name, partitions: Array.from({ length: topics.get(name) ?? 0 }, (_, i) => ({ partitionId: i, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0, offlineReplicas: [] })) })),
    }),
  };
}

describe('createKafkaTopics', () => {
  it('creates the missing topics with their partitions and replication factor, and leaves existing ones alone', async () => {
    const admin = fakeAdmin({ metadata: 2 });
    const results = await createKafkaTopics(admin, [
      { name: 'data', partitions: 8, replicationFactor: 3 },
      { name: 'metadata', partitions: 8, replicationFactor: 3 },
      { name: 'data.dlq', partitions: 1, replicationFactor: 3 },
    ]);
    expect(admin.asked).toEqual([
      { topic: 'data', numPartitions: 8, replicationFactor: 3 },
      { topic: 'data.dlq', numPartitions: 1, replicationFactor: 3 },
    ]);
    expect(results).toEqual([
      { name: 'data', created: true, partitions: 8 },
      { name: 'metadata', created: false, partitions: 2 },
      { name: 'data.dlq', created: true, partitions: 1 },
    ]);
  });

  it('asks nothing when every topic exists', async () => {
    const admin = fakeAdmin({ data: 4, metadata: 4 });
    const results = await createKafkaTopics(admin, [{ name: 'data', partitions: 16, replicationFactor: 1 }]);
    expect(admin.asked).toEqual([]);
    expect(results).toEqual([{ name: 'data', created: false, partitions: 4 }]);
  });

  it.each([
    [{ name: 'data', partitions: 0, replicationFactor: 1 }, /partitions must be a positive integer/],
    [{ name: 'data', partitions: 2.5, replicationFactor: 1 }, /partitions must be a positive integer/],
    [{ name: 'data', partitions: 4, replicationFactor: 0 }, /replication factor must be a positive integer/],
  ])('refuses %j before asking the cluster', async (spec, message) => {
    const admin = fakeAdmin({});
    await expect(createKafkaTopics(admin, [spec])).rejects.toMatchObject({ retriable: false, message: expect.stringMatching(message) });
    expect(admin.asked).toEqual([]);
  });

  it('turns an unreachable cluster into a retriable error naming the topics', async () => {
    const admin = fakeAdmin({}, Object.assign(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9'), { name: 'KafkaJSConnectionError' }));
    await expect(createKafkaTopics(admin, [{ name: 'data', partitions: 1, replicationFactor: 1 }])).rejects.toMatchObject({
      retriable: true,
      code: 'UNAVAILABLE',
      message: expect.stringContaining('cannot create topics data: Kafka Connection error'),
    });
  });
});
