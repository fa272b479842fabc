import { MAX_VARIABLES_DEPTH, nestingDepth, variablesViolation } from './enforce-limits';

describe('variables nesting depth', () => {
  it('counts objects and lists inside each other; scalars are 0', () => {
    expect(nestingDepth(undefined)).toBe(0);
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: [] }], c: 'd' })).toBe(4);
  });

  it('walks 100,000 levels without recursion (no stack overflow) and stops early past the bound', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestingDepth(deep)).toBe(100_000);
    expect(nestingDepth(deep, 10)).toBe(11);
  });

  it('refuses variables deeper than the bound with BAD_USER_INPUT, limit variablesDepth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < MAX_VARIABLES_DEPTH; i++) deep = { a: deep };
    expect(variablesViolation({ input: { title: 'x', parties: [{ country: 'MX' }] } })).toBeNull();
    expect(variablesViolation(deep)).toBeNull();
    expect(variablesViolation({ v: deep })?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'variablesDepth', max: MAX_VARIABLES_DEPTH });
  });
});
