import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context as SocketContext } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { bearerToken } from '../common/security/token-format';
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
  return buildRequestContext(arg.extra.request, socketToken(arg));
}

/** The token a socket presented (connection parameters, else the upgrade request's header), or null. */
export function socketToken(ctx: SocketOperationContext): string | null {
  const params = ctx.connectionParams ?? {};
  const token =
    (typeof params.token === 'string' ? params.token.trim() : null) ||
    bearerToken(typeof params.authorization === 'string' ? params.authorization : undefined) ||
    bearerToken(typeof params.Authorization === 'string' ? params.Authorization : undefined) ||
    bearerToken(ctx.extra.request.headers?.authorization);
  return token || null;
}

/** The DataLoaders of one event, shared by all its subscribers (keyed by the row every one of them was handed). */
const eventLoaders = new WeakMap<object, LoaderRegistry>();

/**
 * A subscription's context lives as long as the subscription, but each event is a new
 * execution: it gets fresh DataLoaders, so it never reads rows cached for an earlier event.
 * The subscribers of one event share its loaders (they are handed the same row): what their
 * fields read (a party, its country) is read once per event, not once per subscriber. Loaders
 * hold rows only; access was decided when each subscription started.
 * Used as the `resolve` of every @Subscription (called once per event, before its fields).
 */
export function withFreshLoaders<T>(value: T, _args: unknown, context: RequestContext): T {
  if (value === null || typeof value !== 'object') {
    context.loaders = new LoaderRegistry();
    return value;
  }
  let loaders = eventLoaders.get(value);
  if (!loaders) eventLoaders.set(value, (loaders = new LoaderRegistry()));
  context.loaders = loaders;
  return value;
}
