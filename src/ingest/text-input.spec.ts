import { loneSurrogateProblem, loneSurrogates, replaceLoneSurrogates } from './text-input';

describe('lone surrogates', () => {
  it('finds halves of pairs, not whole pairs', () => {
    expect(loneSurrogates('plain text, é and 😀')).toEqual({ count: 0, first: -1 });
    expect(loneSurrogates('ab\uD83Dcd\uDE00 and 😀 and \uD83D')).toEqual({ count: 3, first: 2 });
    expect(loneSurrogates('\uDE00\uD83D')).toEqual({ count: 2, first: 0 }); // reversed: two halves
  });

  it('replaces each by U+FFFD, one UTF-16 unit like it, so no offset moves', () => {
    const text = 'A: one\uD83D two 😀 three\uDE00.';
    const { text: out, warning } = replaceLoneSurrogates(text);
    expect(out).toBe('A: one\uFFFD two 😀 three\uFFFD.');
    expect(out.length).toBe(text.length);
    expect(out.indexOf('three')).toBe(text.indexOf('three'));
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out); // round-trips through UTF-8
    expect(warning).toMatch(/2 lone UTF-16 surrogates .*first at offset 6.*U\+FFFD/);
  });

  it('leaves a well-formed text as it is, without a warning', () => {
    expect(replaceLoneSurrogates('Señor 😀')).toEqual({ text: 'Señor 😀', warning: null });
    expect(loneSurrogateProblem(loneSurrogates('ok'))).toBeNull();
    expect(loneSurrogateProblem(loneSurrogates('x\uD800'))).toMatch(/1 lone UTF-16 surrogate .*offset 1/);
  });
});
