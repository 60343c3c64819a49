import { Query } from '@nestjs/cqrs';
import type { RequestParams } from './request-params.js';

/** A response body produced piece by piece, to be streamed as it comes. */
export interface StreamedResponse {
  readonly contentType: string;
  /**
   * The body. Everything that can be refused (parameters, token, selectors, read-your-writes wait) has been checked
   * before the response is returned; an error while iterating happens after output may have started.
   * Text, or bytes already encoded as UTF-8.
   */
  readonly body: AsyncIterable<string | Uint8Array>;
  /** `showerrors`: on an error after output started, append `\n# ERROR: <URL-encoded message>\n`. */
  readonly showErrors: boolean;
}

/** `/api/v0/fetch` (reference §7.1): datapoints of the series matching selectors, in one of the text formats. */
export class FetchDatapointsQuery extends Query<StreamedResponse> {
  constructor(
    /** Query string and form parameters, first value of each name. */
    readonly params: RequestParams,
    /** The token header (`http.header.token`); it wins over the `token` parameter on /fetch. */
    readonly tokenHeader: string | undefined,
    /** `X-Continuum-Log-Position`; it wins over the `position` parameter. */
    readonly positionHeader: string | undefined,
  ) {
    super();
  }
}
