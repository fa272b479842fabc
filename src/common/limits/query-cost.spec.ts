import { buildSchema, parse } from 'graphql';
import { queryCost, TOTAL_COUNT_COST } from './query-cost';

const schema = buildSchema(`
  type Query { things(first: Int = 20): ThingConnection! thing: Thing tags: [String!]! }
  type ThingConnection { nodes: [Thing!]! totalCount: Int! }
  type Thing { id: ID! name: String parts(first: Int = 20): ThingConnection! tags: [String!]! }
`);
const cost = (query: string, variables?: Record<string, unknown>) => queryCost(schema, parse(query), variables);

describe('queryCost', () => {
  it('costs 1 a field; plain lists count once', () => {
    expect(cost('{ thing { id name tags } tags }')).toEqual({ cost: 5, badPage: undefined });
  });

  it("multiplies what is under a connection by its page size, the default page of 20 when `first` is not given", () => {
    // things: 1 + 10 * (nodes: 1 + id 1 + name 1) = 31
    expect(cost('{ things(first: 10) { nodes { id name } } }').cost).toBe(31);
    expect(cost('{ things { nodes { id } } }').cost).toBe(1 + 20 * 2);
    // Nested pages multiply: 1 + 10 * (1 + (1 + 100 * (1 + 1)))
    expect(cost('{ things(first: 10) { nodes { parts(first: 100) { nodes { id } } } } }').cost).toBe(2021);
  });

  it('costs a totalCount once per connection, whatever the page size, through fragments too', () => {
    // A count runs over every match even for first: 0, and under a plain object it is not multiplied.
    expect(cost('{ things(first: 0) { totalCount } }').cost).toBe(1 + TOTAL_COUNT_COST);
    expect(cost('{ things(first: 10) { totalCount nodes { id } } }').cost).toBe(1 + TOTAL_COUNT_COST + 10 * (1 + 1 + 1));
    expect(cost('{ thing { parts(first: 0) { ...Counted } } } fragment Counted on ThingConnection { totalCount }').cost).toBe(1 + 1 + TOTAL_COUNT_COST);
    expect(cost('{ thing { parts(first: 0) { ... on ThingConnection { totalCount } } } }').cost).toBe(1 + 1 + TOTAL_COUNT_COST);
  });

  it('reads `first` from variables', () => {
    expect(cost('query($n: Int) { things(first: $n) { nodes { id } } }', { n: 50 }).cost).toBe(101);
  });

  it('reports a page size outside 0..100, however it is given', () => {
    expect(cost('query($n: Int) { thing { parts(first: $n) { totalCount } } }', { n: 1000 }).badPage).toEqual({ field: 'parts', first: 1000 });
    expect(cost('{ things(first: -1) { totalCount } }').badPage).toEqual({ field: 'things', first: -1 });
    expect(cost('{ things(first: 100) { totalCount } }').badPage).toBeUndefined();
  });

  it('leaves variables that do not fit to execution, which refuses them before any resolver', () => {
    expect(cost('query($n: Int) { things(first: $n) { totalCount } }', { n: 'many' }).cost).toBeNull();
  });

  it('stops walking fragments that expand past the node limit', () => {
    const levels = 20;
    const fragments = Array.from({ length: levels }, (_, i) => `fragment F${i} on Thing { parts(first: 1) { nodes { ...F${i + 1} } } tags: name ...F${i + 1} }`).join('\n');
    const document = `{ thing { ...F0 } } ${fragments} fragment F${levels} on Thing { id }`;
    expect(cost(document)).toEqual({ cost: null, tooManyNodes: true });
  });
});
