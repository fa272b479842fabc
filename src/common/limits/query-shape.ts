import { DocumentNode, FragmentDefinitionNode, Kind, SelectionSetNode, visit } from 'graphql';

export interface QueryShape {
  /** Deepest field nesting over the document's operations, fragments expanded (a root field is 1). */
  depth: number;
  /** Aliased fields written in the document (each written once, however often its fragment is spread). */
  aliases: number;
}

/** Introspection answers from memory (and is off in production): its deep type references do not count. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * Measured on the document's text structure, fragments expanded. It needs no schema and does
 * not assume the document valid (graphql-ws asks before validating): unknown fragments count
 * as nothing and a fragment cycle stops the walk. Each fragment's depth is worked out once,
 * so spreading fragments inside fragments cannot make the walk exponential.
 */
export function queryShape(document: DocumentNode): QueryShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const fragmentDepths = new Map<string, number>();
  const entered = new Set<string>();

  const depthOf = (selectionSet: SelectionSetNode | undefined): number => {
    let deepest = 0;
    for (const selection of selectionSet?.selections ?? []) {
      let depth = 0;
      if (selection.kind === Kind.FIELD) {
        if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
        depth = 1 + depthOf(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        depth = depthOf(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (fragmentDepths.has(name)) depth = fragmentDepths.get(name)!;
        else if (fragment && !entered.has(name)) {
          entered.add(name);
          depth = depthOf(fragment.selectionSet);
          fragmentDepths.set(name, depth);
        }
      }
      deepest = Math.max(deepest, depth);
    }
    return deepest;
  };

  let depth = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) depth = Math.max(depth, depthOf(definition.selectionSet));
  }
  let aliases = 0;
  visit(document, {
    Field(node) {
      if (node.alias) aliases++;
    },
  });
  return { depth, aliases };
}
