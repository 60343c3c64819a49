import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../../domain/errors.js';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../infrastructure/tokens.js';
import { formatLogPosition, LOG_POSITION_HEADER, LOG_POSITION_PARAM, parseLogPosition } from '../shared/log-position.header.js';
import { prefixErrors } from '../shared/prefixed-error.js';
import { header } from '../shared/request-text.js';
import { DeleteCommand, type DeleteResult } from './delete.command.js';

type Params = Record<string, string | undefined>;

/**
 * `GET /api/v0/delete` (reference §5.2): token in the header only; lists the matched series. Errors answer
 * 400/403 (Warp 10 answers 500 for most of them; the messages are Warp 10's).
 */
@Controller('api/v0')
export class DeleteController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('delete')
  async delete(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Params): Promise<void> {
    // Warp 10 answers the configured text as is, without the endpoint's error prefix.
    const disabled = this.config.get('warp.delete.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const result = await prefixErrors('Error when deleting data: ', () => {
      const position = header(req, LOG_POSITION_HEADER) ?? query[LOG_POSITION_PARAM];
      const command = new DeleteCommand(
        header(req, this.config.get('http.header.token')),
        query.selector,
        query.start,
        query.end,
        query.deleteall !== undefined,
        query.dryrun !== undefined,
        position === undefined ? undefined : parseLogPosition(position),
      );
      return this.commands.execute<DeleteCommand, DeleteResult>(command);
    });
    void reply.code(200).header('content-type', 'text/plain; charset=utf-8').header(LOG_POSITION_HEADER, formatLogPosition(result.position)).send(result.body);
  }
}
