import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ErrorCode } from '../common/errors/domain-errors';

const STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * Errors of the export endpoints as JSON shaped like GraphQL's (`{ errors: [{ message,
 * extensions: { code, fields } }] }`), with the matching HTTP status; anything unexpected is
 * logged and masked. A failure after the export began can only cut the response short.
 */
@Catch()
export class ExportErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Export');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (res.sent || res.raw.headersSent) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      res.raw.destroy();
      return;
    }
    if (exception instanceof DomainError) {
      const { code, ...extensions } = exception.extensions as { code: ErrorCode };
      res.status(STATUS[exception.code]).send({ errors: [{ message: exception.message, extensions: { code, ...extensions } }] });
      return;
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      res.status(exception.getStatus()).send({ errors: [{ message: exception.message, extensions: { code: 'BAD_USER_INPUT', fields: [] } }] });
      return;
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res.status(500).send({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  }
}
