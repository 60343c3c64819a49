import { All, Controller, Inject, Param, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../../domain/errors.js';
import type { Config } from '../../config/config.js';
import { CONFIG } from '../../infrastructure/tokens.js';
import { formatLogPosition, LOG_POSITION_HEADER } from '../shared/log-position.header.js';
import { prefixErrors } from '../shared/prefixed-error.js';
import { header, requestText } from '../shared/request-text.js';
import { UpdateCommand } from './update.command.js';
import type { UpdateResult } from './update.handler.js';

/** `/api/v0/update` and `/api/v0/update/<token>` with any method (clients POST; reference §1.1). 200 with an empty body. */
@Controller('api/v0')
export class UpdateController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @All('update')
  update(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    return this.handle(req, reply, undefined);
  }

  @All('update/:token')
  updateWithPathToken(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Param('token') token: string): Promise<void> {
    return this.handle(req, reply, token);
  }

  private async handle(req: FastifyRequest, reply: FastifyReply, pathToken: string | undefined): Promise<void> {
    // Warp 10 answers the configured text as is, without the endpoint's error prefix.
    const disabled = this.config.get('warp.update.disabled');
    if (disabled !== undefined) throw new ForbiddenError(disabled);
    const result = await prefixErrors('Error when updating data: ', () => {
      const command = new UpdateCommand(
        requestText(req, this.config.get('ingress.http.maxbodysize')),
        pathToken ?? header(req, this.config.get('http.header.token')),
        header(req, this.config.get('http.header.now')),
        header(req, this.config.get('http.header.timeshift')),
        header(req, this.config.get('http.header.attributes')),
      );
      return this.commands.execute<UpdateCommand, UpdateResult>(command);
    });
    void reply.code(200).header(LOG_POSITION_HEADER, formatLogPosition(result.position)).send('');
  }
}
