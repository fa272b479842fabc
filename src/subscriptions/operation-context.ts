import type { Request } from 'express';
import type { Context as SocketContext } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { buildRequestContext, RequestContext } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';

/** What graphql-ws hands the context function: the socket's context (connectionParams, the upgrade request). */
export type SocketOperationContext = SocketContext<Record<string, unknown> | undefined, Extra>;

/** What Apollo's express integration hands it. */
export interface HttpOperationContext {
  req: Request;
}

function isSocketContext(arg: HttpOperationContext | SocketOperationContext): arg is SocketOperationContext {
  return 'connectionInitReceived' in arg && 'extra' in arg;
}

/**
 * The context of one GraphQL operation, over HTTP or over the graphql-ws socket on the same
 * path: per-operation DataLoaders and the actor. On a socket the actor is the `actor`
 * connection parameter (browsers cannot set headers on a WebSocket), else the X-Actor header
 * of the upgrade request, else "anonymous" - the same rule as over HTTP.
 */
export function operationContext(arg: HttpOperationContext | SocketOperationContext): RequestContext {
  if (!isSocketContext(arg)) return buildRequestContext(arg.req);
  const request = arg.extra.request;
  const param = arg.connectionParams?.actor;
  const actor = typeof param === 'string' && param.trim() ? param : request.headers['x-actor'];
  // The actor rule of buildRequestContext, applied to the chosen value; req is the upgrade request.
  const { loaders, actor: normalised } = buildRequestContext({ headers: { 'x-actor': actor } } as unknown as Request);
  return { req: request as unknown as Request, loaders, actor: normalised };
}

/**
 * A subscription's context lives as long as the subscription, but each event is a new
 * execution: it gets fresh DataLoaders, so it never reads rows cached for an earlier event.
 * Used as the `resolve` of every @Subscription (called once per event, before its fields).
 */
export function withFreshLoaders<T>(value: T, _args: unknown, context: RequestContext): T {
  context.loaders = new LoaderRegistry();
  return value;
}
