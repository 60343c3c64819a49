import type { LogPosition } from '../../../domain/ports/command-log.js';

/** Delete datapoints, or whole series, matching one selector (reference §5.2). */
export class DeleteCommand {
  constructor(
    readonly token: string | undefined,
    readonly selector: string | undefined,
    readonly start: string | undefined,
    readonly end: string | undefined,
    readonly deleteall: boolean,
    readonly dryrun: boolean,
    /** Read your writes: wait until the directory has applied this position before selecting series. */
    readonly after: LogPosition | undefined,
  ) {}
}

export interface DeleteResult {
  /** One line per matched series, `CLASS{LABELS}{ATTRIBUTES}`, each ending with CRLF. */
  readonly body: string;
  readonly position: LogPosition;
}
