import { GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';

/**
 * Values a list resolver loaded ahead for the fields of its rows (one SQL statement per
 * relation for the whole page), kept out of sight of serialisation under a symbol.
 */
const PRELOADED = Symbol('preloaded');

type WithPreloaded = { [PRELOADED]?: Record<string, unknown> };

/** Answers `field` of `row` with `value`, without calling the field's resolver. */
export function setPreloaded(row: object, field: string, value: unknown): void {
  const target = row as WithPreloaded;
  (target[PRELOADED] ??= {})[field] = value;
}

/**
 * Wraps every field that has its own resolver so that a value loaded ahead is answered as it
 * is, without the resolver (Nest's parameter and pipe machinery, a DataLoader, a promise per
 * row), and so that `beforeField` (the query's time budget) runs before any resolver's work.
 * Only fields without arguments are ever preloaded, so one value answers every alias.
 */
export function answerPreloadedFields(schema: GraphQLSchema, beforeField: (context: unknown) => void): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as GraphQLFieldResolver<unknown, unknown> | undefined;
      if (!resolve) continue;
      field.resolve = (source, args, context, info) => {
        beforeField(context);
        const values = source === null || typeof source !== 'object' ? undefined : (source as WithPreloaded)[PRELOADED];
        if (values !== undefined && info.fieldName in values) return values[info.fieldName];
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
