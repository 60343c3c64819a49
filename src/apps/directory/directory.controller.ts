import { Controller, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../domain/ports/clock.js';
import type { SeriesFinder } from '../../../domain/ports/series-finder.js';
import type { ProjectionRunner } from '../../../projections/runner.js';
import type { Config } from '../../config/config.js';
import { directoryAnswer } from '../../infrastructure/directory/directory-answer.js';
import { DIRECTORY_SIGNATURE_HEADER, DirectorySigner } from '../../infrastructure/directory/directory-signature.js';
import { DIRECTORY_APPLIED_PATH, DIRECTORY_FIND_PATH, NDJSON, decodeAppliedRequest, encodeAppliedAnswer } from '../../infrastructure/directory/directory-wire.js';
import { CLOCK, CONFIG } from '../../infrastructure/tokens.js';
import { streamResponse } from '../egress/stream-response.js';
import { header, requestText } from '../shared/request-text.js';
import { sendText } from '../shared/send-text.js';
import { DIRECTORY_INDEX_FINDER, DIRECTORY_RUNNER } from './directory-tokens.js';

/** Largest directory request body: selectors are small. */
const MAX_REQUEST_BYTES = 1 << 20;

/**
 * The directory's own HTTP service on `directory.streaming.port` (Warp 10's streaming directory, reference §6.2,
 * in Continuum's NDJSON form: src/infrastructure/directory/directory-wire.ts), for the egress and ingress of the cell:
 * finds answered from this instance's index (its shard), streamed; read-your-writes waits on its runner. Requests
 * must be signed when `directory.psk` is set (403 otherwise).
 */
@Controller()
export class DirectoryController {
  private readonly logger = new Logger('directory');
  private readonly signer: DirectorySigner | undefined;

  constructor(
    @Inject(CONFIG) config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DIRECTORY_INDEX_FINDER) private readonly finder: SeriesFinder,
    @Inject(DIRECTORY_RUNNER) private readonly runner: ProjectionRunner<'metadata'>,
  ) {
    const psk = config.get('directory.psk');
    this.signer = psk === undefined ? undefined : new DirectorySigner(psk, config.get('directory.maxage'));
  }

  @Post(DIRECTORY_FIND_PATH.slice(1))
  async find(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = this.signed(req, DIRECTORY_FIND_PATH);
    const answer = await directoryAnswer(body, this.finder);
    await streamResponse(reply, { contentType: NDJSON, showErrors: false, body: answer }, this.logger);
  }

  @Post(DIRECTORY_APPLIED_PATH.slice(1))
  async applied(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { position, timeoutMs } = decodeAppliedRequest(this.signed(req, DIRECTORY_APPLIED_PATH));
    const covered = await this.runner.waitFor(position, timeoutMs);
    sendText(reply, 200, encodeAppliedAnswer(covered, this.runner.applied()));
  }

  private signed(req: FastifyRequest, path: string): string {
    const body = requestText(req, MAX_REQUEST_BYTES);
    this.signer?.verify(header(req, DIRECTORY_SIGNATURE_HEADER), path, body, this.clock.nowMs());
    return body;
  }
}
