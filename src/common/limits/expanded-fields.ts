import { FragmentDefinitionNode, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';

/**
 * How many fields an operation selects once every fragment spread is written out in place:
 * the size of what an executor that inlines fragments (graphql-jit) generates code for. A
 * 6 KB document of nested fragments can expand to hundreds of thousands of fields. Each
 * fragment is counted once and reused, so the count is linear in the document's size; it
 * stops growing past `cap` (the answer is then `cap + 1`). Unknown fragments count nothing
 * and a fragment cycle stops the walk (validation refuses both anyway).
 */
export function expandedFieldCount(operation: OperationDefinitionNode, fragments: readonly FragmentDefinitionNode[], cap = Number.MAX_SAFE_INTEGER): number {
  const byName = new Map(fragments.map((fragment) => [fragment.name.value, fragment]));
  const counted = new Map<string, number>();
  const entered = new Set<string>();

  const countOf = (selectionSet: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) total += 1 + countOf(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += countOf(selection.selectionSet);
      else {
        const name = selection.name.value;
        let count = counted.get(name);
        if (count === undefined) {
          const fragment = byName.get(name);
          if (!fragment || entered.has(name)) continue;
          entered.add(name);
          count = countOf(fragment.selectionSet);
          counted.set(name, count);
        }
        total += count;
      }
      if (total > cap) return cap + 1;
    }
    return total;
  };

  return countOf(operation.selectionSet);
}
