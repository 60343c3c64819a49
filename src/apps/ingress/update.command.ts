/** Store the datapoints of one /api/v0/update request (atomic: all lines or none). */
export class UpdateCommand {
  constructor(
    readonly body: string,
    readonly token: string | undefined,
    /** X-Warp10-Now: absolute, +N/-N relative, or `*` (now per line). */
    readonly nowHeader: string | undefined,
    /** X-Warp10-Timeshift: a long or an ISO-8601 duration. */
    readonly timeshiftHeader: string | undefined,
    /** X-Warp10-Attributes: `delta` merges attributes instead of replacing them. */
    readonly attributesHeader: string | undefined,
  ) {}
}
