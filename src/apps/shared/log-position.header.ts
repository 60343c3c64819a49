import { ValidationError } from '../../../domain/errors.js';
import type { LogPosition } from '../../../domain/ports/command-log.js';
import { TOPICS, type TopicName } from '../../../domain/ports/topics.js';

/**
 * Read your writes: every successful write answers with this header, and reads accept it (or the `position`
 * parameter) to wait until the projections they read have applied it.
 * Form: `data:0=12,3=40;metadata:0=5` — per topic, per partition, the offset after the last record written.
 */
export const LOG_POSITION_HEADER = 'X-Continuum-Log-Position';
export const LOG_POSITION_PARAM = 'position';

export function formatLogPosition(position: LogPosition): string {
  const parts: string[] = [];
  for (const topic of TOPICS) {
    const cp = position[topic];
    if (cp === undefined || cp.size === 0) continue;
    const entries = [...cp].sort((a, b) => a[0] - b[0]).map(([p, o]) => `${p}=${o}`);
    parts.push(`${topic}:${entries.join(',')}`);
  }
  return parts.join(';');
}

export function parseLogPosition(text: string): LogPosition {
  const fail = (why: string) => new ValidationError(`cannot read log position '${text}' (${LOG_POSITION_HEADER}): ${why}`);
  const out: { [T in TopicName]?: Map<number, number> } = {};
  if (text.trim() === '') return out;
  for (const part of text.split(';')) {
    const m = /^\s*([a-z]+):(.*)$/.exec(part);
    if (!m) throw fail(`'${part}' is not <topic>:<partition>=<offset>,…`);
    const topic = m[1] as TopicName;
    if (!TOPICS.includes(topic)) throw fail(`unknown topic '${m[1]}'`);
    const cp = new Map<number, number>();
    for (const entry of m[2].split(',')) {
      const e = /^\s*(\d+)=(\d+)\s*$/.exec(entry);
      if (!e) throw fail(`'${entry}' is not <partition>=<offset>`);
      cp.set(Number(e[1]), Number(e[2]));
    }
    out[topic] = cp;
  }
  return out;
}
