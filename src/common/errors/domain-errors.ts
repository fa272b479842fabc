import { GraphQLError } from 'graphql';

/** The codes of docs/api-contract.md; nothing else reaches a client. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  /** The offending input path, e.g. `input.slug` or `input.sources.0.start`. */
  path: string;
  message: string;
}

/** A failure the client can act on. Anything that is not a DomainError is masked. */
export class DomainError extends GraphQLError {
  constructor(
    message: string,
    readonly code: ErrorCode,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, fields: FieldError[] = []) {
    super(message, 'BAD_USER_INPUT', { fields });
  }

  static field(path: string, message: string): BadUserInputError {
    return new BadUserInputError(`${path}: ${message}`, [{ path, message }]);
  }
}

export class NotFoundError extends DomainError {
  constructor(entity: string, id: string | number, path?: string) {
    super(`${entity} ${id} was not found`, 'NOT_FOUND', { entity, id: String(id), ...(path ? { path } : {}) });
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, 'CONFLICT', extensions);
  }
}

/** No valid token: missing, malformed, unknown, revoked or expired (which one is not said). */
export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid API token is required: send "Authorization: Bearer <token>"') {
    super(message, 'UNAUTHENTICATED');
  }
}

/** A valid token whose role is not enough for what it asked. */
export class ForbiddenError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, 'FORBIDDEN', extensions);
  }
}
