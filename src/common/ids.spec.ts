import { MAX_ID, parseId, parseIds, tryParseId } from './ids';

describe('parseId', () => {
  it('reads positive integers, as strings or numbers', () => {
    expect(parseId('1', 'id')).toBe(1);
    expect(parseId(42, 'id')).toBe(42);
    expect(parseId(String(MAX_ID), 'id')).toBe(MAX_ID);
    expect(parseIds(['3', 3, '4'], 'ids')).toEqual([3, 4]);
  });

  it('refuses anything else with BAD_USER_INPUT at the path, ids past the 32-bit columns included', () => {
    // 2147483648 reached PostgreSQL and failed there ("out of range for type integer"): found by fuzzing.
    for (const value of ['0', '-1', '01', '1.5', '1e3', ' 1', '', 'abc', '2147483648', '9999999999999999', 0, -3, 1.5, MAX_ID + 1, 2 ** 53]) {
      expect(() => parseId(value, 'input.id')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.id', message: expect.any(String) }] }) }));
    }
    expect(() => parseIds(['1', '2147483648'], 'ids')).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ fields: [expect.objectContaining({ path: 'ids.1' })] }) }));
    expect(tryParseId('2147483648')).toBeNull();
  });
});
