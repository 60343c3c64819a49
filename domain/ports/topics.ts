import type { DataEvent } from '../events/data.events.js';
import type { MetadataEvent } from '../events/metadata.events.js';

/** The logical topics of the command log and the events each carries. Names are configurable per cell. */
export interface TopicEvents {
  data: DataEvent;
  metadata: MetadataEvent;
}

export type TopicName = keyof TopicEvents;
export const TOPICS: readonly TopicName[] = ['data', 'metadata'];
