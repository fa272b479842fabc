import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { BadUserInputError, FieldError } from '../errors/domain-errors';

/** Flattens class-validator's nested errors into `path: message` pairs. */
export function flattenValidationErrors(errors: ValidationError[], prefix: string): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) out.push({ path, message });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/**
 * The path of the first string in an argument that holds a NUL character, or null. No text of
 * this service needs one and PostgreSQL refuses it in any statement, so it is refused on every
 * database alike, before any SQL.
 */
export function pathOfNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathOfNul(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** GraphQL arguments (@nestjs/graphql's GqlParamtype.ARGS, not exported) and HTTP inputs; not the context, info or parent. */
function isClientInput(metadata: ArgumentMetadata): boolean {
  return (metadata.type as unknown) === 3 || ['body', 'query', 'param'].includes(metadata.type);
}

/**
 * The global ValidationPipe, with its failures turned into BAD_USER_INPUT carrying the
 * offending fields (Nest's default is a bare "Bad Request Exception").
 */
@Injectable()
export class GraphQLValidationPipe extends ValidationPipe {
  constructor() {
    super({
      transform: true,
      whitelist: true,
      forbidUnknownValues: false,
      validateCustomDecorators: false,
      exceptionFactory: (errors) => errors,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A field resolver's parent is typed with its entity class, which Nest's pipe would copy
    // and validate on every field of every row: values the service built need neither.
    if (!isClientInput(metadata)) return value;
    const nul = pathOfNul(value, metadata.data ?? '');
    if (nul !== null) throw BadUserInputError.field(nul, 'must not contain the NUL character (U+0000)');
    try {
      return await super.transform(value, metadata);
    } catch (errors) {
      if (!Array.isArray(errors)) throw errors;
      // @Args('input') validates under the name 'input'; @Args() args classes have no prefix.
      const fields = flattenValidationErrors(errors as ValidationError[], metadata.data ?? '');
      const summary = fields.map((f) => `${f.path}: ${f.message}`).join('; ');
      throw new BadUserInputError(`Invalid input: ${summary}`, fields);
    }
  }
}
