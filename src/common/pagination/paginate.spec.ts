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

  it('check each value against its sort key: integer, calendar date, instant, text', () => {
    const kinds = ['date', 'instant', 'string', 'number'] as const;
    const good = ['2016-02-29', '2017-02-21 10:00:00.000', 'Tijuana', 42];
    expect(decodeCursor(encodeCursor(good), kinds)).toEqual(good);
    expect(decodeCursor(encodeCursor(['0001-01-01', '2017-02-21T10:00:00.000Z', '', 1]), kinds)).toHaveLength(4);
  });

  it.each([
    ['text for an id', ['2017-02-21', '2017-02-21 10:00:00', 'a', 'abc']],
    ['a fraction for an id', ['2017-02-21', '2017-02-21 10:00:00', 'a', 1.5]],
    ['an id beyond 2^53', ['2017-02-21', '2017-02-21 10:00:00', 'a', 2 ** 60]],
    ['a number for a date', [20170221, '2017-02-21 10:00:00', 'a', 1]],
    ['text for a date', ['soon', '2017-02-21 10:00:00', 'a', 1]],
    ['a day that does not exist', ['2017-02-30', '2017-02-21 10:00:00', 'a', 1]],
    ['29 February of a common year', ['2017-02-29', '2017-02-21 10:00:00', 'a', 1]],
    ['a date for an instant', ['2017-02-21', '2017-02-21', 'a', 1]],
    ['text for an instant', ['2017-02-21', 'yesterday', 'a', 1]],
    ['a number for text', ['2017-02-21', '2017-02-21 10:00:00', 7, 1]],
    ['null', ['2017-02-21', '2017-02-21 10:00:00', null, 1]],
  ])('refuse a cursor whose values do not fit the sort keys (%s)', (_label, values) => {
    expect(() => decodeCursor(encodeCursor(values), ['date', 'instant', 'string', 'number'])).toThrow(BadUserInputError);
  });
});
