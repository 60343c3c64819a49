import type { PointColumns } from '../../../domain/datapoints/point-columns.js';
import type { FetchFormatter } from '../../../domain/output/output-series.js';
import type { Series } from '../../../domain/series/series.js';
import { ByteSink } from '../../../domain/text/byte-sink.js';
import { READ_AHEAD, READ_GROUP, readAhead } from './read-ahead.js';

/** Output is handed to the socket in pieces of about this many bytes (fewer, larger writes). */
export const FLUSH_BYTES = 64 * 1024;

/**
 * The /fetch body, series by series and chunk by chunk: `formatter.begin()`, each chunk of points that `read`
 * yields for each series (the formatter prints a series header only when class or labels change), then
 * `formatter.end()`. The formatter writes UTF-8 bytes, handed over in pieces of about `flushBytes`, so memory
 * stays bounded by a few chunks of points (the series read ahead, see read-ahead.ts) plus one piece of output
 * whatever the number of series.
 */
export async function* fetchBody(
  series: readonly Series[],
  formatter: FetchFormatter,
  read: (s: Series) => AsyncIterable<PointColumns>,
  flushBytes: number = FLUSH_BYTES,
): AsyncGenerator<Uint8Array> {
  // Every byte handed out is written first: no need to zero the buffers. Unzeroed, a first buffer of a whole
  // piece costs no more than a small one, and an answer up to flushBytes (a q1: ~30 KB) is then ONE piece: sent
  // with its Content-Length in one socket write (stream-response.ts), not as the 4, 8, 16… KiB buffers of a
  // growing sink, one chunked write each.
  const out = new ByteSink(flushBytes, (bytes) => Buffer.allocUnsafeSlow(bytes));
  formatter.begin(out);
  for await (const [s, chunks] of readAhead(series, read, READ_AHEAD, READ_GROUP)) {
    for await (const points of chunks) {
      formatter.series(s, points, out);
      if (out.size >= flushBytes) yield* out.take();
    }
  }
  formatter.end(out);
  yield* out.take();
}
