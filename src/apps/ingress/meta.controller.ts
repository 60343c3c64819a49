import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../../domain/errors.js';
import type { LogPosition } from '../../../domain/ports/command-log.js';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../infrastructure/tokens.js';
import { formatLogPosition, LOG_POSITION_HEADER } from '../shared/log-position.header.js';
import { prefixErrors } from '../shared/prefixed-error.js';
import { header, requestText } from '../shared/request-text.js';
import { MetaCommand } from './meta.command.js';

/**
 * `POST /api/v0/meta` (reference §5.1): token in the header only. Token errors answer 403 (Warp 10 answers
 * 500 there; Continuum keeps one status per kind of error across endpoints).
 */
@Controller('api/v0')
export class MetaController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post('meta')
  async meta(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // Warp 10 answers the configured text as is, without the endpoint's error prefix.
    const disabled = this.config.get('warp.meta.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const position = await prefixErrors('Error when updating meta: ', () => {
      const command = new MetaCommand(
        requestText(req, this.config.get('ingress.http.maxbodysize')),
        header(req, this.config.get('http.header.token')),
        header(req, this.config.get('http.header.attributes')),
      );
      return this.commands.execute<MetaCommand, LogPosition>(command);
    });
    void reply.code(200).header(LOG_POSITION_HEADER, formatLogPosition(position)).send('');
  }
}
