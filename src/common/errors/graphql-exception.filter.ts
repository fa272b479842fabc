import { ArgumentsHost, Catch, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import type { FastifyReply } from 'fastify';
import type { SecurityConfig } from '../../config/security.config';
import { SECURITY_CONFIG } from '../security/security-config.provider';

/**
 * Hands every resolver error to Apollo untouched; formatGraphQLError then decides what the
 * client sees and logs what is unexpected. (Nest's default filter would log domain errors
 * such as NOT_FOUND as server errors.)
 *
 * Over plain HTTP it answers one case itself: a body found too large while it is read (sent
 * without a length, so not refused up front by src/http/http-app.ts), coded as the body limit.
 */
@Catch()
export class PassThroughGraphQLExceptionFilter implements GqlExceptionFilter {
  constructor(@Inject(SECURITY_CONFIG) private readonly config: SecurityConfig) {}

  catch(exception: unknown, host?: ArgumentsHost): unknown {
    if (host?.getType() === 'http' && exception instanceof HttpException && exception.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE) {
      const max = this.config.limits.bodyBytes;
      void host
        .switchToHttp()
        .getResponse<FastifyReply>()
        .status(413)
        .send({ errors: [{ message: `The request body is larger than ${max} bytes`, extensions: { code: 'BAD_USER_INPUT', fields: [], limit: 'body', max } }] });
      return undefined;
    }
    return exception;
  }
}
