import { sourceSentence, splitSentences } from './sentences';

const texts = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('splitSentences', () => {
  it('splits on sentence punctuation followed by a capital', () => {
    expect(texts('We met. They agreed! Did they? Yes.')).toEqual(['We met.', 'They agreed!', 'Did they?', 'Yes.']);
  });

  it('does not split after abbreviations, initials or dotted acronyms', () => {
    expect(texts('Mr. Toner met Gen. Cienfuegos and Mark C. Toner in Washington, D.C. on Monday. U.S. Government positions held.')).toEqual([
      'Mr. Toner met Gen. Cienfuegos and Mark C. Toner in Washington, D.C. on Monday.',
      'U.S. Government positions held.',
    ]);
  });

  it('keeps decimals and domains together and handles closing quotes', () => {
    expect(texts('More than $1.5 billion in trade. See state.gov tomorrow. He said "yes." Then left.')).toEqual([
      'More than $1.5 billion in trade.',
      'See state.gov tomorrow.',
      'He said "yes."',
      'Then left.',
    ]);
  });

  it('finds the source sentence of a span', () => {
    const t = 'First one. The Department will undergo a review. Last.';
    const k = t.indexOf('will undergo');
    const s = sourceSentence(t, k, k + 12);
    expect(t.slice(s.start, s.end)).toBe('The Department will undergo a review.');
  });
});
