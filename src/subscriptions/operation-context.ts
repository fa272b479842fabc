import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context as SocketContext } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { bearerToken } from '../auth/token-format';
import { buildRequestContext, RequestContext } from '../common/context/request-context';
import { LoaderRegistry } from '../common/loaders/loader-registry';

/** What graphql-ws hands the context function: the socket's context (connectionParams, the upgrade request). */
export type SocketOperationContext = SocketContext<Record<string, unknown> | undefined, Extra>;

/** What Apollo's Fastify integration hands it: the request (and the reply as second argument). */
export type HttpOperationContext = FastifyRequest;

function isSocketContext(arg: HttpOperationContext | SocketOperationContext): arg is SocketOperationContext {
  return 'connectionInitReceived' in arg && 'extra' in arg;
}

/**
 * The context of one GraphQL operation, over HTTP or over the graphql-ws socket on the same
 * path: per-operation DataLoaders and the API token presented. On a socket the token is the
 * `authorization` ("Bearer <token>") or `token` connection parameter (browsers cannot set
 * headers on a WebSocket), else the Authorization header of the upgrade request. The access
 * guard verifies it.
 */
export function operationContext(arg: HttpOperationContext | SocketOperationContext, reply?: FastifyReply): RequestContext {
  if (!isSocketContext(arg)) return buildRequestContext(arg, undefined, reply);
  const request = arg.extra.request;
  const params = arg.connectionParams ?? {};
  const token =
    (typeof params.token === 'string' ? params.token.trim() : null) ||
    bearerToken(typeof params.authorization === 'string' ? params.authorization : undefined) ||
    bearerToken(typeof params.Authorization === 'string' ? params.Authorization : undefined) ||
    bearerToken(request.headers?.authorization);
  return buildRequestContext(request, token || null);
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
