import { DocumentNode, GraphQLSchema } from 'graphql';
import type { Limits } from '../../config/security.config';
import { MAX_PAGE_SIZE } from '../pagination/connection.types';
import { LimitExceededError } from './limit-errors';
import { queryCost } from './query-cost';
import { queryShape } from './query-shape';

/**
 * How deep a request's variables may nest (objects and lists inside each other). The deepest
 * input of the schema nests a few levels; nothing legitimate comes near this. Checked before
 * anything recurses into the variables (a JSON.stringify or a coercion of 5,000 levels
 * overflows the stack).
 */
export const MAX_VARIABLES_DEPTH = 32;

/** Variables nested deeper than MAX_VARIABLES_DEPTH, found without recursion: the violation, or null. */
export function variablesViolation(variables: unknown, max = MAX_VARIABLES_DEPTH): LimitExceededError | null {
  const depth = nestingDepth(variables, max);
  if (depth <= max) return null;
  return new LimitExceededError(`The variables nest more than ${max} levels deep`, 'variablesDepth', max, undefined, [{ path: 'variables', message: `nest more than ${max} levels deep` }]);
}

/**
 * The nesting depth of a JSON value (a scalar 0, `{}` or `[]` 1, ...), walked with an explicit
 * stack; it stops as soon as it passes `stopAbove` (so at most that many levels are held).
 */
export function nestingDepth(value: unknown, stopAbove = Infinity): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAbove) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

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
