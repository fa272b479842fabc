import { BadUserInputError } from '../common/errors/domain-errors';
import { markedToHtml, MARK_CLOSE, MARK_OPEN, parseSearch, toFts5, toTsQuery } from './search-query';

const both = (text: string) => {
  const q = parseSearch(text, 'text');
  return [toFts5(q), toTsQuery(q)];
};

describe('parseSearch', () => {
  it('ANDs plain words, lower-cased', () => {
    expect(both('Trade  Cooperation')).toEqual(['"trade" AND "cooperation"', 'trade & cooperation']);
  });

  it('keeps quoted phrases, with an unclosed quote running to the end', () => {
    expect(both('"security cooperation" border')).toEqual(['"security cooperation" AND "border"', '(security <-> cooperation) & border']);
    expect(both('border "security cooperation')).toEqual(['"border" AND "security cooperation"', 'border & (security <-> cooperation)']);
  });

  it('reads a trailing * as a prefix, on a word or a phrase', () => {
    expect(both('coop*')).toEqual(['"coop" *', 'coop:*']);
    expect(both('"security coop"*')).toEqual(['"security coop" *', '(security <-> coop:*)']);
  });

  it('binds OR tighter than the implicit AND and ignores a dangling OR', () => {
    expect(both('fentanyl mexico OR canada tariffs')).toEqual([
      '"fentanyl" AND ("mexico" OR "canada") AND "tariffs"',
      'fentanyl & (mexico | canada) & tariffs',
    ]);
    expect(both('OR trade OR')).toEqual(['"trade"', 'trade']);
    expect(both('or trade')).toEqual(['"or" AND "trade"', 'or & trade']);
  });

  it('turns words joined by punctuation into a phrase and drops query syntax', () => {
    expect(both('well-known U.S.')).toEqual(['"well known" AND "u s"', '(well <-> known) & (u <-> s)']);
    expect(both('NEAR(a b) AND x^2 -y col:z {q}')).toEqual([
      '"near a" AND "b" AND "and" AND "x 2" AND "y" AND "col z" AND "q"',
      '(near <-> a) & b & and & (x <-> 2) & y & (col <-> z) & q',
    ]);
    expect(both('NEAR(')).toEqual(['"near"', 'near']);
    expect(both("l'Économie café")).toEqual(['"l économie" AND "café"', '(l <-> économie) & café']);
  });

  it.each(['', '   ', '*', '"', '""', 'OR', '(', '*)', '!!! ---', "'"])('refuses %j: no words', (text) => {
    expect(() => parseSearch(text, 'filter.search')).toThrow(BadUserInputError);
    try {
      parseSearch(text, 'filter.search');
    } catch (e) {
      expect((e as BadUserInputError).extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.search', message: 'has no words to search for' }] });
    }
  });

  it('refuses too long a text and too many terms', () => {
    expect(() => parseSearch('a'.repeat(501), 'text')).toThrow('text: must be at most 500 characters');
    expect(() => parseSearch(Array.from({ length: 17 }, (_, i) => `w${i}`).join(' '), 'text')).toThrow('text: has more than 16 terms');
    expect(parseSearch(Array.from({ length: 16 }, (_, i) => `w${i}`).join(' '), 'text')).toHaveLength(16);
  });

  it('refuses more than four prefix terms, in any group', () => {
    expect(parseSearch('co* OR se* pr* "trade agree"*', 'text')).toHaveLength(3);
    expect(() => parseSearch('co* OR se* pr* re* de*', 'text')).toThrow('text: has more than 4 prefix terms (words ending in *)');
    expect(() => parseSearch('a* b* c* d* e*', 'filter.search')).toThrow('filter.search: has more than 4 prefix terms');
  });
});

describe('markedToHtml', () => {
  it('escapes the text and turns the sentinels into <mark>', () => {
    expect(markedToHtml(`a <b> & "c" ${MARK_OPEN}coop's${MARK_CLOSE}…`)).toBe('a &lt;b&gt; &amp; &quot;c&quot; <mark>coop&#39;s</mark>…');
  });
});
