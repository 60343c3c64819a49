import { Controller, Get, HttpCode } from '@nestjs/common';

/** `/api/v0/check`: 200 with an empty body when the server is up (reference §7.2, §13). */
@Controller('api/v0')
export class CheckController {
  @Get('check')
  @HttpCode(200)
  check(): string {
    return '';
  }
}
