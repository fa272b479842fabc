import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLOutputType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/**
 * Walks the generated schema so tests cover every root field, including ones added later:
 * a new mutation is refused, fuzzed, ... without anyone listing it in a test.
 */

/** A literal of the given input type with every required part filled, enough to pass GraphQL's own validation. */
export function literalOf(type: GraphQLInputType, id: string): string {
  if (isNonNullType(type)) return literalOf(type.ofType, id);
  if (isListType(type)) return '[]';
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${required.map((f) => `${f.name}: ${literalOf(f.type, id)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    const literals: Record<string, string> = { ID: `"${id}"`, String: '"x"', Int: '1', Float: '1', Boolean: 'true', Date: '"2017-02-21"', DateTime: '"2017-02-21T00:00:00Z"' };
    if (!(type.name in literals)) throw new Error(`No literal for scalar ${type.name}: add one`);
    return literals[type.name];
  }
  throw new Error(`Unexpected input type ${String(type)}`);
}

/** The arguments GraphQL requires: non-null and without a default. */
export function requiredArgs(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  return field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
}

/**
 * `name(requiredArgs) { __typename }`: a call of a root field with made-up but well-typed
 * arguments; every ID is `id` (an unknown one where the call must not change anything). Another
 * selection may be given.
 */
export function callOf(field: GraphQLField<unknown, unknown>, id = '1', selection = isObjectType(getNamedType(field.type)) ? '{ __typename }' : ''): string {
  const args = requiredArgs(field);
  const argList = args.length ? `(${args.map((a) => `${a.name}: ${literalOf(a.type, id)}`).join(', ')})` : '';
  return `${field.name}${argList}${selection ? ` ${selection}` : ''}`;
}

/**
 * A selection of the type's leaf fields that take no required arguments (`{ id title ... }`),
 * empty for a leaf type: enough to run the field resolvers of what a mutation returns.
 */
export function leafSelectionOf(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const leaves = Object.values(named.getFields())
    .filter((f) => isLeafType(getNamedType(f.type)) && requiredArgs(f as GraphQLField<unknown, unknown>).length === 0)
    .map((f) => f.name);
  return `{ __typename ${leaves.join(' ')} }`;
}

/**
 * Leaf fields, and `depth - 1` levels of the object fields under them (fields with required
 * arguments left out, optional ones at their defaults): what a client reading a result back sees.
 */
export function selectionOf(type: GraphQLOutputType, depth = 2): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named) || depth <= 1) return leafSelectionOf(named);
  const parts = Object.values(named.getFields())
    .filter((f) => requiredArgs(f as GraphQLField<unknown, unknown>).length === 0)
    .map((f) => (isLeafType(getNamedType(f.type)) ? f.name : `${f.name} ${selectionOf(f.type, depth - 1)}`));
  return `{ __typename ${parts.join(' ')} }`;
}
