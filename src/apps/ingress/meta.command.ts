/** Set the attributes of series, one per line of an /api/v0/meta body (reference §5.1). */
export class MetaCommand {
  constructor(
    readonly body: string,
    readonly token: string | undefined,
    /** X-Warp10-Attributes: `delta` merges instead of replacing. */
    readonly attributesHeader: string | undefined,
  ) {}
}
