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
