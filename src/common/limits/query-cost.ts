import { DocumentNode, FragmentDefinitionNode, getNamedType, GraphQLField, GraphQLSchema, Kind, SelectionSetNode } from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../pagination/connection.types';

export interface QueryCost {
  /** The estimate; null when the variables do not fit the operation (execution refuses those before any resolver). */
  cost: number | null;
  /** A connection asked for a page outside 0..MAX_PAGE_SIZE, by literal, variable or default. */
  badPage?: { field: string; first: number };
  /** Fragments expanded to more fields than the estimator will walk. */
  tooManyNodes?: boolean;
}

/** Fields walked at most, fragments expanded (nested fragment spreads can multiply a small document). */
export const MAX_COST_NODES = 10_000;

/**
 * A connection's `totalCount` counts every match, however small the page (`first: 0` included):
 * on the 1M-statement data a topic's count takes 50-150 ms, so it is costed once per
 * connection, on top of its page, as much as a history read: at most 25 a request (the
 * dashboard's board asks 3). A 17 KB document of fragments asking it under every plain list
 * cost 13,227 at 100 and held the server 20 s.
 */
export const TOTAL_COUNT_COST = 1_000;

/** Whether a selection set asks for `name`, directly or through its fragments. */
function selects(selectionSet: SelectionSetNode | undefined, name: string, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): boolean {
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD && selection.name.value === name) return true;
    if (selection.kind === Kind.INLINE_FRAGMENT && selects(selection.selectionSet, name, fragments, seen)) return true;
    if (selection.kind === Kind.FRAGMENT_SPREAD && !seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      if (selects(fragments.get(selection.name.value)?.selectionSet, name, fragments, seen)) return true;
    }
  }
  return false;
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => arg.name === 'first') && getNamedType(field.type).name.endsWith('Connection');
}

/**
 * What an operation may cost to answer, from its document and variables, before it runs:
 * every field costs 1; a connection costs 1 plus its page size (`first`, default 20) times
 * what is selected under it, so nested pages multiply, and its `totalCount` TOTAL_COUNT_COST
 * once (a count of every match, whatever the page size). Plain lists (a commitment's topics, a
 * meeting's participants) are short by design (docs/api-contract.md) and count once. A field that
 * declares its own cost (`complexity` in its @Query/@ResolveField options: a number added to
 * what is under it, or a function of its arguments) is costed so: the event-history reads,
 * whose work no page size bounds.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string | null): QueryCost {
  let badPage: QueryCost['badPage'];
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const estimator: ComplexityEstimator = (options) => {
    const { field, args, childComplexity, node } = options;
    const own = field.extensions?.complexity;
    if (typeof own === 'function') return (own as ComplexityEstimator)(options) ?? 1 + childComplexity;
    if (typeof own === 'number') return own + childComplexity;
    if (!isConnection(field)) return 1 + childComplexity;
    const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
    if ((first > MAX_PAGE_SIZE || first < 0) && !badPage) badPage = { field: field.name, first };
    const counted = selects(node.selectionSet, 'totalCount', fragments) ? TOTAL_COUNT_COST : 0;
    return 1 + counted + Math.min(Math.max(first, 0), MAX_PAGE_SIZE) * childComplexity;
  };
  try {
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [estimator],
      maxQueryNodes: MAX_COST_NODES,
    });
    return { cost, badPage };
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return { cost: null, tooManyNodes: true };
    // Variables that do not coerce: graphql-js refuses them before executing anything.
    return { cost: null, badPage };
  }
}
