import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '../../../domain/errors.js';
import { findFormatter } from '../../../domain/output/find-formatter.js';
import type { FindFormatter } from '../../../domain/output/output-series.js';
import type { ProjectionProgress } from '../../../domain/ports/projection-progress.js';
import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import type { Selector } from '../../../domain/series/selector.js';
import { exposesOwnerProducer, readTokenAllows } from '../../../domain/tokens/token-policy.js';
import type { ReadToken } from '../../../domain/tokens/token.js';
import type { Config } from '../../config/config.js';
import { CONFIG, PROJECTION_PROGRESS, SERIES_FINDER } from '../../infrastructure/tokens.js';
import { TokenService } from '../shared/token.service.js';
import type { StreamedResponse } from './fetch-datapoints.query.js';
import { FLUSH_BYTES } from './fetch-body.js';
import { activityAllows, long } from './fetch-plan.js';
import { FindSeriesQuery } from './find-series.query.js';
import { awaitPosition, positionOf } from './read-your-writes.js';
import { tokenSelectors } from './token-selectors.js';

/** What a /find request lists, parameters parsed. */
interface FindPlan {
  readonly selectors: readonly Selector[];
  readonly gskip: number;
  readonly gcount: number;
  readonly activeAfterMs?: number;
  readonly quietAfterMs?: number;
}

/**
 * `/api/v0/find` (reference §6.4, Warp 10 EgressFindHandler): the `token` parameter, else the token header (none →
 * 403 `Missing token.`, unreadable → 403 `Missing or invalid token.`, `.nofind` → 403); the selectors with the
 * token's forced label selectors; read your writes on the `directory` read model. Each selector is looked up in
 * turn and its series listed in the directory's order (class, then labels) — unlike /fetch, a series matching two
 * selectors is listed twice, as in Warp 10 — with `activeafter`/`quietafter`, then `gskip` and `gcount` (alias
 * `limit`, `gcount` wins) counted over the whole answer. Text, or JSON with `format=json`; `showattr` (default
 * true), `showuuid`, `sortmeta`.
 */
@QueryHandler(FindSeriesQuery)
export class FindSeriesHandler implements IQueryHandler<FindSeriesQuery> {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SERIES_FINDER) private readonly directory: SeriesFinder,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async execute(query: FindSeriesQuery): Promise<StreamedResponse> {
    const params = query.params;
    const gskip = Math.max(0, long(params.get('gskip'), 0));
    const gcount = Math.max(0, long(params.get('gcount') ?? params.get('limit'), Number.MAX_SAFE_INTEGER));
    const token = this.readToken(params.get('token') ?? query.tokenHeader);
    const activeAfter = params.get('activeafter');
    const quietAfter = params.get('quietafter');
    const plan: FindPlan = {
      selectors: tokenSelectors(params.get('selector'), token, { absentLabelSupport: this.config.get('warp10.absent.label.support') }),
      gskip,
      gcount,
      ...(activeAfter !== undefined ? { activeAfterMs: long(activeAfter, 0) } : {}),
      ...(quietAfter !== undefined ? { quietAfterMs: long(quietAfter, 0) } : {}),
    };
    await awaitPosition(this.progress, ['directory'], positionOf(query.positionHeader, params.get('position')), this.config.get('egress.position.maxwait'));
    const formatter = findFormatter(params.get('format'), {
      showAttributes: params.get('showattr') !== 'false',
      sortMeta: params.get('sortmeta') === 'true',
      showUuid: params.get('showuuid') === 'true',
      expose: exposesOwnerProducer(token.attributes, this.config.get('warp10.expose.owner.producer')),
    });
    return { contentType: formatter.contentType, showErrors: params.has('showerrors'), body: this.body(plan, formatter) };
  }

  private readToken(text: string | undefined): ReadToken {
    if (text === undefined) throw new ForbiddenError('Missing token.');
    let token: ReadToken;
    try {
      token = this.tokens.read(text);
    } catch (error) {
      if (error instanceof ForbiddenError) throw new ForbiddenError('Missing or invalid token.', { cause: error });
      throw error;
    }
    readTokenAllows(token, 'find');
    return token;
  }

  private async *body(plan: FindPlan, formatter: FindFormatter): AsyncGenerator<string> {
    let piece = formatter.begin();
    let skip = plan.gskip;
    let left = plan.gcount;
    for (const selector of plan.selectors) {
      if (left <= 0) break;
      for (const s of await this.directory.find([selector])) {
        if (left <= 0) break;
        if (!activityAllows(plan, s.lastActivity)) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        left--;
        piece += formatter.series(s);
        if (piece.length >= FLUSH_BYTES) {
          yield piece;
          piece = '';
        }
      }
    }
    yield piece + formatter.end();
  }
}
