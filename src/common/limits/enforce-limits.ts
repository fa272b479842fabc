import { DocumentNode, GraphQLSchema } from 'graphql';
import type { Limits } from '../../config/security.config';
import { MAX_PAGE_SIZE } from '../pagination/connection.types';
import { LimitExceededError } from './limit-errors';
import { queryCost } from './query-cost';
import { queryShape } from './query-shape';

/** Depth and aliases, on the parsed document, before validation: the first limit broken, or null. */
export function shapeViolation(document: DocumentNode, limits: Pick<Limits, 'depth' | 'aliases'>): LimitExceededError | null {
  const { depth, aliases } = queryShape(document);
  if (depth > limits.depth) {
    return new LimitExceededError(`The operation nests fields ${depth} deep; at most ${limits.depth} are allowed`, 'depth', limits.depth, depth);
  }
  if (aliases > limits.aliases) {
    return new LimitExceededError(`The operation has ${aliases} aliased fields; at most ${limits.aliases} are allowed`, 'aliases', limits.aliases, aliases);
  }
  return null;
}

/**
 * Page sizes and cost, on the validated document with its variables, before execution: the
 * first limit broken, or null. `first` above MAX_PAGE_SIZE is refused here wherever it is
 * (nested connections included, by literal, variable or default), with the same
 * `fields: [{ path: 'first' }]` the resolvers give.
 */
export function costViolation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  limits: Pick<Limits, 'cost'>,
): LimitExceededError | null {
  const { cost, badPage, tooManyNodes } = queryCost(schema, document, variables, operationName);
  if (badPage) {
    const message = `must be between 0 and ${MAX_PAGE_SIZE}`;
    return new LimitExceededError(`${badPage.field}: first ${message}, got ${badPage.first}`, 'first', MAX_PAGE_SIZE, badPage.first, [{ path: 'first', message }]);
  }
  if (tooManyNodes) {
    return new LimitExceededError('The operation selects too many fields once its fragments are expanded', 'cost', limits.cost);
  }
  if (cost !== null && cost > limits.cost) {
    return new LimitExceededError(
      `The operation's estimated cost is ${cost}; at most ${limits.cost} is allowed: ask for smaller pages (first) or fewer nested connections`,
      'cost',
      limits.cost,
      cost,
    );
  }
  return null;
}
