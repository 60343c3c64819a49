import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ForbiddenError, TimeoutError, ValidationError } from '../../../domain/errors.js';
import { decideDelete } from '../../../domain/ingest/delete.decider.js';
import type { CommandLog } from '../../../domain/ports/command-log.js';
import type { ProjectionProgress } from '../../../domain/ports/projection-progress.js';
import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import { computeDeleteRange } from '../../../domain/query/delete-range.js';
import { forceLabelMatchers, labelMatcher, parseSelector, type LabelMatcher, type Selector } from '../../../domain/series/selector.js';
import { APP_LABEL, OWNER_LABEL, type Series } from '../../../domain/series/series.js';
import { exposesOwnerProducer, writeTokenAllows } from '../../../domain/tokens/token-policy.js';
import type { WriteToken } from '../../../domain/tokens/token.js';
import { metaPairsText } from '../../../domain/output/meta-text.js';
import { percentEncode } from '../../../domain/text/percent.js';
import type { Config } from '../../config/config.js';
import { COMMAND_LOG, CONFIG, PROJECTION_PROGRESS, SERIES_FINDER } from '../../infrastructure/tokens.js';
import { TokenService } from '../shared/token.service.js';
import { DeleteCommand, type DeleteResult } from './delete.command.js';
import { KnownSeriesCache } from './known-series.cache.js';
import { toRecords } from './records.js';

/**
 * /api/v0/delete (reference §5.2): the owner (producer == owner) deletes a range, or every point and the
 * series itself (`deleteall`), of the series matching one selector; `dryrun` only lists them.
 * `.owner` and `.app` (and the token's labels) are forced; `.producer` is not, so the owner reaches
 * series written by any producer.
 */
@CommandHandler(DeleteCommand)
export class DeleteHandler implements ICommandHandler<DeleteCommand, DeleteResult> {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(COMMAND_LOG) private readonly log: CommandLog,
    @Inject(SERIES_FINDER) private readonly directory: SeriesFinder,
    @Inject(PROJECTION_PROGRESS) private readonly progress: ProjectionProgress,
    private readonly tokens: TokenService,
    private readonly known: KnownSeriesCache,
  ) {}

  async execute(cmd: DeleteCommand): Promise<DeleteResult> {
    const disabled = this.config.get('warp.delete.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const token = this.tokens.write(cmd.token);
    writeTokenAllows(token, 'delete');
    if (cmd.selector === undefined || cmd.selector === '') throw new ValidationError("Missing 'selector' parameter.");
    const selector = this.forced(parseSelector(cmd.selector, this.selectorOptions()), token);
    const range = computeDeleteRange({ start: cmd.start, end: cmd.end, deleteall: cmd.deleteall }, this.config.get('warp.timeunits'));
    if (cmd.after !== undefined) await this.waitForDirectory(cmd.after);
    const matched = await this.directory.find([selector]);
    const body = this.listing(matched, exposesOwnerProducer(token.attributes, this.config.get('warp10.expose.owner.producer')), cmd.dryrun);
    if (cmd.dryrun || matched.length === 0) return { body, position: {} };
    const decision = decideDelete(matched, range.hasRange ? { kind: 'range', start: range.start, end: range.end } : { kind: 'all' });
    const position = await this.log.append(toRecords(decision.data, decision.metadata));
    for (const e of decision.metadata) this.known.forget(e.series.id);
    return { body, position };
  }

  private selectorOptions() {
    return { absentLabelSupport: this.config.get('warp10.absent.label.support') };
  }

  private forced(selector: Selector, token: WriteToken): Selector {
    const opts = this.selectorOptions();
    const forced: LabelMatcher[] = [...token.labels].map(([name, value]) => labelMatcher(name, '=', value, opts));
    forced.push(labelMatcher(OWNER_LABEL, '=', token.owner, opts));
    if (token.app !== '') forced.push(labelMatcher(APP_LABEL, '=', token.app, opts));
    return forceLabelMatchers(selector, forced, [OWNER_LABEL, APP_LABEL]);
  }

  private async waitForDirectory(after: NonNullable<DeleteCommand['after']>): Promise<void> {
    const timeout = this.config.get('egress.position.maxwait');
    if (!(await this.progress.waitFor('directory', after, timeout))) {
      throw new TimeoutError(`cannot select series: the directory has not applied the given log position within ${timeout} ms`);
    }
  }

  /** `CLASS{LABELS}{ATTRIBUTES}\r\n` per series (reference §5.2); shuffled when ingress.delete.shuffle says so. */
  private listing(series: readonly Series[], expose: boolean, dryrun: boolean): string {
    const lines = series.map((s) => `${percentEncode(s.className)}{${metaPairsText(s.labels, false, !expose)}}{${metaPairsText(s.attributes, false, false)}}\r\n`);
    if (this.config.get('ingress.delete.shuffle') && !dryrun) {
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
    }
    return lines.join('');
  }
}
