import { FragmentDefinitionNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { expandedFieldCount } from './expanded-fields';

const countIn = (source: string, cap?: number) => {
  const document = parse(source);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return expandedFieldCount(operation, fragments, cap);
};

/** n levels of fragments, each spreading the next one `width` times under aliases-free fields. */
const nested = (levels: number, width: number) => {
  const fragments = Array.from({ length: levels }, (_, level) => {
    const inner = level + 1 < levels ? Array.from({ length: width }, (_, i) => `f${i} { ...L${level + 1} }`).join(' ') : 'id';
    return `fragment L${level} on T { ${inner} }`;
  });
  return `{ root { ...L0 } }\n${fragments.join('\n')}`;
};

describe('expandedFieldCount', () => {
  it('counts fields, inline fragments and spreads as written out', () => {
    expect(countIn('{ a b { c d } }')).toBe(4);
    expect(countIn('{ a ... on T { b c } }')).toBe(3);
    expect(countIn('{ a { ...F } b { ...F } } fragment F on T { x y { z } }')).toBe(2 + 3 + 3);
  });

  it('multiplies nested spreads, in time linear in the document', () => {
    // 1 root + width + width^2 + ... : 20 levels of 3 spreads is about 5e9 fields from a document of 1 KB.
    expect(countIn(nested(3, 2))).toBe(1 + 2 + 4 + 4);
    expect(countIn(nested(20, 3))).toBeGreaterThan(1e9);
    expect(countIn(nested(20, 3), 1000)).toBe(1001);
  });

  it('stops at unknown fragments and fragment cycles', () => {
    expect(countIn('{ a { ...Missing } }')).toBe(1);
    expect(countIn('{ a { ...A } } fragment A on T { x { ...B } } fragment B on T { y { ...A } }')).toBe(3);
  });
});
