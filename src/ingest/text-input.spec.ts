import * as iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTranscript, loneSurrogateProblem, loneSurrogates, replaceLoneSurrogates, TranscriptDecodeError } from './text-input';

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

describe('decodeTranscript', () => {
  const SEED = readFileSync(join(__dirname, '../../test/fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
  /** The seed with accented letters and Windows quotes, as a Windows editor would save it. */
  const accented = SEED.replace(/Pena Nieto/g, 'Peña Nieto').replace(/Soberon/g, 'Soberón').replace('Thanks, Dak', '“Thanks,” Dak');
  const SHORT = 'MODERATOR: Señor Videgaray está aquí. Gracias, ¿y qué más?\n\nSECRETARY KELLY: Merci, très bien.\n';

  it('takes UTF-8 as it is, without a warning', () => {
    expect(decodeTranscript(Buffer.from(accented, 'utf8'))).toEqual({ text: accented, encoding: 'UTF-8', warning: null });
    expect(decodeTranscript(Buffer.from('plain ASCII\n'))).toEqual({ text: 'plain ASCII\n', encoding: 'UTF-8', warning: null });
  });

  it('decodes a long Windows-1252 transcript, naming the encoding', () => {
    const bytes = iconv.encode(accented, 'windows-1252');
    expect(bytes.toString('utf8')).toContain('\uFFFD'); // what reading it as UTF-8 gave
    const decoded = decodeTranscript(bytes);
    expect(decoded.text).toBe(accented);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.warning).toMatch(/not UTF-8: decoded from windows-1252 \(detected with \d+% confidence\)/);
  });

  it('decodes a short Windows-1252 transcript (detected as ISO-8859-1, read as windows-1252)', () => {
    const decoded = decodeTranscript(iconv.encode(SHORT, 'windows-1252'));
    expect(decoded.text).toBe(SHORT);
    expect(decoded.encoding).toBe('windows-1252');
    expect(decoded.warning).toMatch(/decoded from windows-1252 \(detected as ISO-8859-1, \d+% confidence\)/);
  });

  it('decodes UTF-16 with a byte order mark, either order, without the mark', () => {
    for (const [encoding, bom] of [['utf-16le', [0xff, 0xfe]], ['utf-16be', [0xfe, 0xff]]] as const) {
      const decoded = decodeTranscript(Buffer.concat([Buffer.from(bom), iconv.encode(accented, encoding)]));
      expect(decoded.text).toBe(accented);
      expect(decoded.encoding).toBe(encoding.toUpperCase());
      expect(decoded.warning).toMatch(/decoded from UTF-16[LB]E \(byte order mark\)/);
    }
  });

  it('refuses binary data, saying so', () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0x7f]);
    expect(() => decodeTranscript(zip)).toThrow(new TranscriptDecodeError('looks like binary data, not a transcript'));
    const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(() => decodeTranscript(noise)).toThrow(/binary data/);
    // UTF-16 that lost its mark is named as such
    expect(() => decodeTranscript(iconv.encode(SHORT, 'utf-16le'))).toThrow(/looks like UTF-16LE text without a byte order mark/);
  });

  it('refuses text whose encoding is not a clear guess, naming the likeliest', () => {
    // one accented letter: Latin-1 (é) and Latin-2 (é as well) are as likely, and other bytes would differ
    expect(() => decodeTranscript(Buffer.from('Q: caf\xe9?\n', 'latin1'))).toThrow(
      /^is not UTF-8 and its encoding is not a clear guess: it looks most like ISO-8859-1 \(\d+%\) or ISO-8859-2 \(\d+%\); convert it to UTF-8 first/,
    );
    // a short text in another script is a clear guess
    expect(decodeTranscript(iconv.encode('Q: Dzień dobry, proszę pana. Dziękuję.\n', 'windows-1250'))).toMatchObject({ text: 'Q: Dzień dobry, proszę pana. Dziękuję.\n', encoding: 'ISO-8859-2' });
  });
});
