import type { Datapoint } from '../../../domain/datapoints/datapoint.js';
import type { FetchFormatter } from '../../../domain/output/output-series.js';
import type { Series } from '../../../domain/series/series.js';
import { readAhead } from './read-ahead.js';

/** Output is handed to the socket in pieces of about this many characters (fewer, larger writes). */
export const FLUSH_CHARS = 64 * 1024;

/**
 * The /fetch body, series by series and chunk by chunk: `formatter.begin()`, each chunk of points that `read`
 * yields for each series (the formatter prints a series header only when class or labels change), then
 * `formatter.end()`. Text is gathered into pieces of about `flushChars` characters, so memory stays bounded by
 * a few chunks of points (the series read ahead, see read-ahead.ts) plus one piece of text whatever the number
 * of series.
 */
export async function* fetchBody(
  series: readonly Series[],
  formatter: FetchFormatter,
  read: (s: Series) => AsyncIterable<Datapoint[]>,
  flushChars: number = FLUSH_CHARS,
): AsyncGenerator<string> {
  let piece = formatter.begin();
  for await (const [s, chunks] of readAhead(series, read)) {
    for await (const points of chunks) {
      piece += formatter.series({
        className: s.className,
        labels: s.labels,
        attributes: s.attributes,
        ...(s.lastActivity !== undefined ? { lastActivity: s.lastActivity } : {}),
        id: s.id,
        points,
      });
      if (piece.length >= flushChars) {
        yield piece;
        piece = '';
      }
    }
  }
  piece += formatter.end();
  if (piece.length > 0) yield piece;
}
