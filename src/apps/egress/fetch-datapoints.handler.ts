import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { msToUnits } from '../../../domain/datapoints/time-units.js';
import { ValidationError } from '../../../domain/errors.js';
import { fetchFormatter } from '../../../domain/output/fetch-formatter.js';
import type { Clock } from '../../../domain/ports/clock.js';
import type { DatapointStore } from '../../../domain/ports/datapoint-store.js';
import type { ProjectionProgress } from '../../../domain/ports/projection-progress.js';
import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import type { Series } from '../../../domain/series/series.js';
import { exposesOwnerProducer, readTokenAllows } from '../../../domain/tokens/token-policy.js';
import type { Config } from '../../config/config.js';
import { CLOCK, CONFIG, DATAPOINT_STORE, PROJECTION_PROGRESS, SERIES_FINDER } from '../../infrastructure/tokens.js';
import { TokenService } from '../shared/token.service.js';
import { coalescedReads } from './coalesced-reads.js';
import { fetchBody } from './fetch-body.js';
import { FetchDatapointsQuery, type StreamedResponse } from './fetch-datapoints.query.js';
import { activityAllows, type FetchPlan, limitFetchPlan, parseFetchPlan } from './fetch-plan.js';
import { awaitPosition, positionOf } from './read-your-writes.js';
import { readSeriesPoints } from './series-points.reader.js';
import { tokenFetchLimits } from './token-fetch-limits.js';
import { tokenSelectors } from './token-selectors.js';

/** Formats Warp 10 has and Continuum does not serve: refused rather than silently answered as text. */
const UNSUPPORTED_FORMATS: readonly string[] = ['raw', 'pack', 'wrapper'];

/**
 * `/api/v0/fetch` (reference §7.1, Warp 10 EgressFetchHandler). Checks, in Warp 10's order, the time and paging
 * parameters, the read token (`.nofetch`, hooks, its time/count limits), the selectors (the token's forced label
 * selectors replacing `.producer`/`.owner`/`.app`); then waits for the `store` and `directory` read models when a
 * log position is given; then finds the series — several selectors are merged without duplicates, ordered by
 * class then labels, `activeafter`/`quietafter` applied, then `gskip`/`gcount` — and returns a body that reads and
 * formats them one after the other, page by page, as the response is streamed.
 */
@QueryHandler(FetchDatapointsQuery)
export class FetchDatapointsHandler implements IQueryHandler<FetchDatapointsQuery> {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DATAPOINT_STORE) private readonly store: DatapointStore,
    @Inject(SERIES_FINDER) private readonly directory: SeriesFinder,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
    @Inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async execute(query: FetchDatapointsQuery): Promise<StreamedResponse> {
    const params = query.params;
    const unit = this.config.get('warp.timeunits');
    const now = msToUnits(this.clock.nowMs(), unit);
    let plan = parseFetchPlan(params, unit, now);
    const format = params.get('format');
    if (format !== undefined && UNSUPPORTED_FORMATS.includes(format)) throw new ValidationError(`Format '${format}' is not supported.`);
    const token = this.tokens.read(query.tokenHeader ?? params.get('token'));
    readTokenAllows(token, 'fetch');
    plan = limitFetchPlan(plan, tokenFetchLimits(token.attributes, unit, now, plan.points));
    const selectors = tokenSelectors(params.get('selector'), token, { absentLabelSupport: this.config.get('warp10.absent.label.support') });
    await awaitPosition(
      this.progress,
      ['store', 'directory'],
      positionOf(query.positionHeader, params.get('position')),
      this.config.get('egress.position.maxwait'),
    );
    const series = pickSeries(await this.directory.find(selectors), plan);
    const formatter = fetchFormatter(format, {
      showAttributes: params.get('showattr') === 'true',
      sortMeta: params.get('sortmeta') === 'true',
      dedup: params.get('dedup') === 'true',
      expose: exposesOwnerProducer(token.attributes, this.config.get('warp10.expose.owner.producer')),
    });
    const pageSize = this.config.get('egress.fetch.pagesize');
    // The first pages of the series read ahead together go to the store in one call when it can (coalesced-reads.ts).
    const store = coalescedReads(this.store);
    return {
      contentType: formatter.contentType,
      showErrors: params.has('showerrors'),
      body: fetchBody(series, formatter, (s) => readSeriesPoints(store, s.id, plan.points, pageSize)),
    };
  }
}

/** The series to read: activity filters, then `gskip` and `gcount` over the ordered, de-duplicated list. */
export function pickSeries(found: readonly Series[], plan: FetchPlan): Series[] {
  const out: Series[] = [];
  let skip = plan.gskip;
  for (const s of found) {
    if (out.length >= plan.gcount) break;
    if (!activityAllows(plan, s.lastActivity)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(s);
  }
  return out;
}
