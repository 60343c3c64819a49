import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { splitLines } from '../../../domain/datapoints/input-body.js';
import { ForbiddenError, ValidationError } from '../../../domain/errors.js';
import { decideMeta } from '../../../domain/ingest/meta.decider.js';
import type { CommandLog, LogPosition } from '../../../domain/ports/command-log.js';
import { parseMetaLine, type MetaLine } from '../../../domain/series/meta-line.js';
import type { SeriesIdentity } from '../../../domain/series/series-id.js';
import { writeTokenAllows, writeTokenLabels } from '../../../domain/tokens/token-policy.js';
import type { Config } from '../../config/config.js';
import { COMMAND_LOG, CONFIG, SERIES_IDENTITY } from '../../infrastructure/tokens.js';
import { TokenService } from '../shared/token.service.js';
import { MetaCommand } from './meta.command.js';
import { toRecords } from './records.js';

/**
 * /api/v0/meta (reference §5.1). Like /update, and unlike Warp 10, the request is atomic: every line is
 * checked before anything is appended. Series unknown to the directory are ignored there, asynchronously.
 */
@CommandHandler(MetaCommand)
export class MetaHandler implements ICommandHandler<MetaCommand, LogPosition> {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(COMMAND_LOG) private readonly log: CommandLog,
    @Inject(SERIES_IDENTITY) private readonly identity: SeriesIdentity,
    private readonly tokens: TokenService,
  ) {}

  async execute(cmd: MetaCommand): Promise<LogPosition> {
    const disabled = this.config.get('warp.meta.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const token = this.tokens.write(cmd.token);
    writeTokenAllows(token, 'meta');
    const merge = cmd.attributesHeader === 'delta';
    if (merge && !this.config.get('ingress.attributes.allowdelta')) throw new ValidationError('Delta update of attributes is disabled.');
    const options = {
      forcedLabels: writeTokenLabels(token),
      limits: { labelsMaxSize: this.config.get('warp.labels.maxsize'), attributesMaxSize: this.config.get('warp.attributes.maxsize') },
    };
    const lines: MetaLine[] = [];
    for (const text of splitLines(cmd.body)) {
      const line = parseMetaLine(text, options);
      if (line !== undefined) lines.push(line);
    }
    if (lines.length === 0) return {};
    const events = decideMeta(lines, (name) => this.identity.idOf(name), merge ? 'merge' : 'replace');
    return this.log.append(toRecords([], events));
  }
}
