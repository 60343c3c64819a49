import { Query } from '@nestjs/cqrs';
import type { StreamedResponse } from './fetch-datapoints.query.js';
import type { RequestParams } from './request-params.js';

/** `/api/v0/find` (reference §6.4): metadata of the series matching selectors, as text or JSON. */
export class FindSeriesQuery extends Query<StreamedResponse> {
  constructor(
    /** Query string and form parameters, first value of each name. */
    readonly params: RequestParams,
    /** The token header (`http.header.token`); on /find the `token` parameter wins over it. */
    readonly tokenHeader: string | undefined,
    /** `X-Continuum-Log-Position`; it wins over the `position` parameter. */
    readonly positionHeader: string | undefined,
  ) {
    super();
  }
}
