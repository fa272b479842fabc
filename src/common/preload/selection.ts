import { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/** The fields asked for below a field, by name (aliases merged), each with its own sub-selection. */
export type SelectionTree = Map<string, SelectionTree>;

function collect(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, into: SelectionTree, seen: Set<string>): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      let child = into.get(selection.name.value);
      if (!child) into.set(selection.name.value, (child = new Map()));
      collect(selection.selectionSet, fragments, child, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      collect(selection.selectionSet, fragments, into, seen);
    } else if (!seen.has(selection.name.value)) {
      // A fragment spread twice adds nothing the second time (and a cycle is a validation error).
      const fragment = fragments[selection.name.value];
      collect(fragment?.selectionSet, fragments, into, new Set([...seen, selection.name.value]));
    }
  }
}

/**
 * What the client asked for below the field being resolved, fragments included. @include and
 * @skip are not read: a field they leave out may be loaded for nothing, never missed.
 */
export function selectionOf(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): SelectionTree {
  const tree: SelectionTree = new Map();
  for (const node of info.fieldNodes as readonly FieldNode[]) collect(node.selectionSet, info.fragments, tree, new Set());
  return tree;
}

/** The selection at the end of a path of field names, or undefined when the path was not asked for. */
export function selectionAt(tree: SelectionTree, ...path: string[]): SelectionTree | undefined {
  let at: SelectionTree | undefined = tree;
  for (const name of path) at = at?.get(name);
  return at;
}

/** Several sub-selections as one (a connection's `nodes` and `edges.node`, say). */
export function mergeSelections(...trees: (SelectionTree | undefined)[]): SelectionTree {
  const merged: SelectionTree = new Map();
  for (const tree of trees) {
    for (const [name, child] of tree ?? []) merged.set(name, mergeSelections(merged.get(name), child));
  }
  return merged;
}
