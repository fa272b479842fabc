import { PhraseIndex } from './phrase-index';

describe('PhraseIndex', () => {
  const idx = new PhraseIndex(
    [
      { phrase: 'drug cartel', value: 'security' },
      { phrase: 'energy security', value: 'economy' },
      { phrase: 'security', value: 'security' },
      { phrase: 'the wall', value: 'border' },
      { phrase: 'Wall Street Journal', value: null },
    ],
    true,
    true,
  );

  it('finds whole words only, with plurals', () => {
    expect(idx.findAll('drug cartels and insecurity').map((h) => h.phrase)).toEqual(['drug cartels']);
  });

  it('keeps the longest non-overlapping matches', () => {
    expect(idx.findLongest('energy security and The Wall Street Journal').map((h) => [h.phrase, h.value])).toEqual([
      ['energy security', 'economy'],
      ['Wall Street Journal', null],
    ]);
  });

  it('can be case-sensitive', () => {
    const cs = new PhraseIndex([{ phrase: 'UN', value: 1 }]);
    expect(cs.findAll('the UN and un poco').map((h) => h.start)).toEqual([4]);
  });
});
