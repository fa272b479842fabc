import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Observable, throwError, timeout } from 'rxjs';
import { SECURITY_CONFIG } from '../security/security-config.provider';
import type { SecurityConfig } from '../../config/security.config';
import { OperationTimeoutError } from './limit-errors';

interface Deadline {
  at: number;
  timeoutMs: number;
}

/** The deadline of each running query, by its context object (one per operation). */
const deadlines = new WeakMap<object, Deadline>();

/** Starts the operation's time budget, once. */
export function startDeadline(context: object, timeoutMs: number): void {
  if (timeoutMs > 0 && !deadlines.has(context)) deadlines.set(context, { at: Date.now() + timeoutMs, timeoutMs });
}

/** Throws the timeout error once the operation's budget is spent (called before each field resolves). */
export function checkDeadline(context: object): void {
  const deadline = deadlines.get(context);
  if (deadline && Date.now() > deadline.at) throw new OperationTimeoutError(deadline.timeoutMs);
}

/**
 * The time budget of a query's root fields: a root field still running at the deadline (a
 * slow PostgreSQL statement, anything awaited) is answered with the timeout error at the
 * deadline and its result, when it comes, is dropped. Nested fields are stopped by the limits
 * plugin (willResolveField) instead. Mutations are never cut short: a write still in flight
 * may commit, and telling the client it failed would be a lie. Over graphql-ws, where Apollo's
 * plugins do not run, the first root field starts the budget.
 */
@Injectable()
export class OperationTimeoutInterceptor implements NestInterceptor {
  constructor(@Inject(SECURITY_CONFIG) private readonly config: SecurityConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const timeoutMs = this.config.limits.operationTimeoutMs;
    if (context.getType<GqlContextType>() !== 'graphql' || timeoutMs <= 0) return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo<GraphQLResolveInfo>();
    if (info.operation.operation !== 'query' || info.parentType !== info.schema.getQueryType()) return next.handle();
    const operationContext = gql.getContext<object>();
    startDeadline(operationContext, timeoutMs);
    const deadline = deadlines.get(operationContext)!;
    const left = deadline.at - Date.now();
    if (left <= 0) return throwError(() => new OperationTimeoutError(deadline.timeoutMs));
    return next.handle().pipe(timeout({ first: left, with: () => throwError(() => new OperationTimeoutError(deadline.timeoutMs)) }));
  }
}
