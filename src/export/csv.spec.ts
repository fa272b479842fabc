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

  it.each([
    ['=', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+', '+1 555 0100', `"'+1 555 0100"`],
    ['-', '-2+3', `"'-2+3"`],
    ['@', '@SUM(A1:A2)', `"'@SUM(A1:A2)"`],
    ['a tab', '\t=1', `"'\t=1"`],
    ['a carriage return', '\r=1', `"'\r=1"`],
  ])('neutralises a text cell beginning with %s (OWASP: leading quote, quoted cell)', (_label, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves numbers (negative ones too) and text with a formula character further in as they are', () => {
    expect(csvRecord([-3, 0.5, 'a=b', 'x-1', 'e@mail'])).toBe('-3,0.5,a=b,x-1,e@mail\r\n');
  });

  it('joins list cells with "; ", skipping blanks', () => {
    expect(joinList(['security', null, '', 'migration', 3])).toBe('security; migration; 3');
  });
});
