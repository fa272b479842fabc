import { csvField, csvRecord, joinList } from './csv';

describe('CSV (RFC 4180)', () => {
  it('writes plain values as they are', () => {
    expect(csvRecord(['a', 1, true, 'Secretaría'])).toBe('a,1,true,Secretaría\r\n');
  });

  it('writes null and undefined as empty fields', () => {
    expect(csvRecord([null, 'x', undefined])).toBe(',x,\r\n');
  });

  it.each([
    ['a comma', 'Mexico, D.F.', '"Mexico, D.F."'],
    ['a quote', 'the "wall"', '"the ""wall"""'],
    ['a line feed', 'one\ntwo', '"one\ntwo"'],
    ['a carriage return', 'one\r\ntwo', '"one\r\ntwo"'],
    ['only a quote', '"', '""""'],
  ])('quotes a field with %s, doubling quotes inside', (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('keeps leading and trailing spaces and an empty string', () => {
    expect(csvRecord([' padded ', ''])).toBe(' padded ,\r\n');
  });

  it('joins list cells with "; ", skipping blanks', () => {
    expect(joinList(['security', null, '', 'migration', 3])).toBe('security; migration; 3');
  });
});
