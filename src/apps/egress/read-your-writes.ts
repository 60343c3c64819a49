import { TimeoutError } from '../../../domain/errors.js';
import type { ProjectionProgress, ReadModelName } from '../../../domain/ports/projection-progress.js';
import { formatLogPosition, LOG_POSITION_HEADER, LOG_POSITION_PARAM, parseLogPosition } from '../shared/log-position.header.js';

/**
 * Read your writes for a query: when the client gave a log position (`X-Continuum-Log-Position` header, else the
 * `position` parameter), waits until every read model the query reads has applied it, all within one bound of
 * `maxWaitMs`. Without a position it returns at once (reads are then eventually consistent, as in Warp 10).
 * Throws ValidationError for a malformed position, TimeoutError (504) naming the lagging read models otherwise.
 */
export async function awaitPosition(
  progress: ProjectionProgress,
  readModels: readonly ReadModelName[],
  positionText: string | undefined,
  maxWaitMs: number,
): Promise<void> {
  if (positionText === undefined || positionText.trim() === '') return;
  const position = parseLogPosition(positionText);
  const applied = await Promise.all(readModels.map((m) => progress.waitFor(m, position, maxWaitMs)));
  const lagging = readModels.filter((_, i) => !applied[i]);
  if (lagging.length === 0) return;
  const names = lagging.map((m) => `'${m}'`).join(' and ');
  throw new TimeoutError(
    `cannot read your writes: the ${names} read model${lagging.length > 1 ? 's have' : ' has'} not applied log position ` +
      `'${formatLogPosition(position)}' within ${maxWaitMs} ms (${LOG_POSITION_HEADER} / ${LOG_POSITION_PARAM}); retry later`,
  );
}

/** The position a read should wait for: the header wins over the parameter. */
export function positionOf(header: string | undefined, param: string | undefined): string | undefined {
  return header !== undefined && header !== '' ? header : param;
}
