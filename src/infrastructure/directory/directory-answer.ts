import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import { decodeFindRequest, encodeEndLine, encodeSeriesLine } from './directory-wire.js';

/** Lines are sent in pieces of about this many characters. */
const PIECE_CHARS = 64 * 1024;

/**
 * A directory instance's answer to a find request body (directory-wire.ts), as pieces of NDJSON to stream:
 * the matching series of this instance's shard, one line each, in directory order, then the end line.
 * Decodes the request first, so that a malformed one throws ValidationError before anything is sent.
 */
export async function directoryAnswer(body: string, finder: SeriesFinder): Promise<AsyncIterable<string>> {
  const request = decodeFindRequest(body);
  const found = 'id' in request ? [await finder.get(request.id)].filter((s) => s !== undefined) : await finder.find(request.selectors);
  return (async function* pieces() {
    let piece = '';
    for (const series of found) {
      piece += encodeSeriesLine(series);
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
    yield piece + encodeEndLine(found.length);
  })();
}
