import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import type { Principal } from '../security/principal';
import { bearerToken } from '../security/token-format';
import { LoaderRegistry } from '../loaders/loader-registry';

/** What every resolver can see of the request. */
/** The HTTP request of an operation (Fastify's), or the upgrade request of its graphql-ws socket. */
export type OperationRequest = FastifyRequest | IncomingMessage;

export interface RequestContext {
  req?: OperationRequest;
  /** The HTTP reply an operation over HTTP will be answered with (none over graphql-ws). */
  reply?: FastifyReply;
  loaders: LoaderRegistry;
  /** The API token presented (Authorization header, or the socket's connection parameters). */
  token: string | null;
  /** The token's verification, started by the access guard on the first root field. */
  authentication?: Promise<Principal | null>;
  /** Set by the access guard once the token is verified. */
  principal?: Principal;
  /** Who is acting: the token's name once the access guard has let the operation through. */
  actor: string;
}

export function buildRequestContext(req?: OperationRequest, token: string | null = bearerToken(req?.headers?.authorization), reply?: FastifyReply): RequestContext {
  return { req, reply, loaders: new LoaderRegistry(), token, actor: 'anonymous' };
}

/** `@Actor() actor: string` in a resolver: the name of the token that was let through. */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  return GqlExecutionContext.create(ctx).getContext<RequestContext>().actor;
});

/** `@Loaders() loaders: LoaderRegistry` in a resolver. */
export const Loaders = createParamDecorator((_data: unknown, ctx: ExecutionContext): LoaderRegistry => {
  return GqlExecutionContext.create(ctx).getContext<RequestContext>().loaders;
});
