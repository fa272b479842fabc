import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Request } from 'express';
import { LoaderRegistry } from '../loaders/loader-registry';

/** What every resolver can see of the request. */
export interface RequestContext {
  req?: Request;
  loaders: LoaderRegistry;
  /** Who is acting: the X-Actor header until access control exists, else "anonymous". */
  actor: string;
}

export function buildRequestContext(req?: Request): RequestContext {
  const header = req?.headers?.['x-actor'];
  const actor = (Array.isArray(header) ? header[0] : header)?.trim().slice(0, 200) || 'anonymous';
  return { req, loaders: new LoaderRegistry(), actor };
}

/** `@Actor() actor: string` in a resolver. */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  return GqlExecutionContext.create(ctx).getContext<RequestContext>().actor;
});

/** `@Loaders() loaders: LoaderRegistry` in a resolver. */
export const Loaders = createParamDecorator((_data: unknown, ctx: ExecutionContext): LoaderRegistry => {
  return GqlExecutionContext.create(ctx).getContext<RequestContext>().loaders;
});
