import { parse } from 'graphql';
import { queryShape } from './query-shape';

describe('queryShape', () => {
  it('counts the deepest field path, the root field being 1', () => {
    expect(queryShape(parse('{ a }'))).toEqual({ depth: 1, aliases: 0 });
    expect(queryShape(parse('{ a { b { c } } d }')).depth).toBe(3);
  });

  it('expands fragments and inline fragments, and counts every aliased field written', () => {
    const document = parse(`
      query { x: a { ...F } y: a { ... on T { b } } }
      fragment F on T { b { c: d { e } } }
    `);
    expect(queryShape(document)).toEqual({ depth: 4, aliases: 3 });
  });

  it('takes the deepest of several operations', () => {
    expect(queryShape(parse('query A { a } query B { a { b { c } } }')).depth).toBe(3);
  });

  it('leaves introspection out (its type references nest deep but answer from memory)', () => {
    expect(queryShape(parse('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } a { b } }')).depth).toBe(2);
  });

  it('survives what validation would refuse: unknown fragments, fragment cycles', () => {
    expect(queryShape(parse('{ a { ...Missing } }')).depth).toBe(1);
    expect(queryShape(parse('{ a { ...A } } fragment A on T { b { ...B } } fragment B on T { c { ...A } }')).depth).toBeGreaterThan(0);
  });

  it('works out a fragment once, however often it is spread (no exponential walk)', () => {
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on T { a { ...F${i + 1} } b { ...F${i + 1} } }`).join('\n');
    const document = parse(`{ root { ...F0 } } ${fragments} fragment F${levels} on T { leaf }`);
    expect(queryShape(document).depth).toBe(levels + 2);
  });
});
