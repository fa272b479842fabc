import { BadUserInputError } from '../errors/domain-errors';
import { decodeCursor, encodeCursor } from './paginate';

describe('cursors', () => {
  it('round-trip the sort values and id, opaquely', () => {
    const cursor = encodeCursor(['2017-02-21', 42]);
    expect(cursor).not.toContain('2017');
    expect(decodeCursor(cursor, 2)).toEqual(['2017-02-21', 42]);
  });

  it.each([
    ['not base64 json', 'zzz'],
    ['wrong arity', encodeCursor([1, 2, 3])],
    ['wrong types', encodeCursor([{ a: 1 }, 2])],
    ['empty', ''],
  ])('refuse a malformed cursor (%s) with BAD_USER_INPUT on `after`', (_label, cursor) => {
    try {
      decodeCursor(cursor, 2);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(BadUserInputError);
      expect((error as BadUserInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    }
  });
});
