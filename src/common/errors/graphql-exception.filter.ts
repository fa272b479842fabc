import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands every resolver error to Apollo untouched; formatGraphQLError then decides what the
 * client sees and logs what is unexpected. (Nest's default filter would log domain errors
 * such as NOT_FOUND as server errors.)
 */
@Catch()
export class PassThroughGraphQLExceptionFilter implements GqlExceptionFilter {
  catch(exception: unknown): unknown {
    return exception;
  }
}
