import { foldForMatch, isChromeLine, normaliseText, splitLines, toOriginalRange } from './normalise';

/** Every normalised range must map back to an exact slice of the original. */
function slice(original: string, needle: string): string {
  const n = normaliseText(original);
  const k = n.text.indexOf(needle);
  expect(k).toBeGreaterThanOrEqual(0);
  const [s, e] = toOriginalRange(n, k, k + needle.length);
  return original.slice(s, e);
}

describe('normaliseText', () => {
  it('turns CRLF and lone CR into LF and maps offsets back over both characters', () => {
    const original = 'MODERATOR: Hello.\r\nQUESTION: Hi.\rMR. TONER: Yes.';
    const n = normaliseText(original);
    expect(n.text).toBe('MODERATOR: Hello.\nQUESTION: Hi.\nMR. TONER: Yes.');
    expect(slice(original, 'Hello.\nQUESTION')).toBe('Hello.\r\nQUESTION');
  });

  it('folds non-breaking spaces, curly quotes, dashes and ellipses', () => {
    const original = 'Secretary\u00a0Kelly\u2019s \u201cvisit\u201d \u2013 and \u2014 more\u2026 done';
    const n = normaliseText(original);
    expect(n.text).toBe('Secretary Kelly\'s "visit" - and - more... done');
    expect(slice(original, 'more... done')).toBe('more\u2026 done');
    expect(slice(original, 'Kelly\'s "visit"')).toBe('Kelly\u2019s \u201cvisit\u201d');
  });

  it('drops zero-width characters and soft hyphens, keeping the map exact', () => {
    const original = '\ufeffTrade\u00ad \u200bdeficit';
    const n = normaliseText(original);
    expect(n.text).toBe('Trade deficit');
    expect(slice(original, 'deficit')).toBe('deficit');
    expect(slice(original, 'Trade deficit')).toBe('Trade\u00ad \u200bdeficit');
  });

  it('removes Markdown escapes, heading markers and bold around speaker labels', () => {
    const original = '# Background Briefing\n\n**MODERATOR:** Thanks, \\[Senior Official One\\].\n**QUESTION**: Why?';
    const n = normaliseText(original);
    expect(n.text).toBe('Background Briefing\n\nMODERATOR: Thanks, [Senior Official One].\nQUESTION: Why?');
    expect(slice(original, '[Senior Official One]')).toBe('\\[Senior Official One\\]');
  });

  it('decodes common HTML entities', () => {
    expect(normaliseText('Trade &amp; security&nbsp;today &#8217;x&rsquo;').text).toBe("Trade & security today 'x'");
  });

  it('rejoins lines hard-wrapped at ~72 columns into paragraphs, keeping short header lines apart', () => {
    const original = [
      'Special Briefing',
      'Washington, DC',
      'February 21, 2017',
      '',
      'MODERATOR: Thanks, everyone, for joining us this morning. This call is',
      'on background and embargoed until the end of the call. Our first speaker',
      'is the senior official.',
      '',
      'SENIOR OFFICIAL: Thank you. Secretary Tillerson will meet with Foreign',
      'Secretary Luis Videgaray in Mexico City on February 23rd. We expect to',
      'discuss trade.',
      'QUESTION: And the wall?',
    ].join('\n');
    const n = normaliseText(original);
    expect(n.wrapped).toBe(true);
    const lines = splitLines(n.text).map((l) => l.text);
    expect(lines).toContain('Special Briefing');
    expect(lines).toContain('Washington, DC');
    expect(lines).toContain(
      'MODERATOR: Thanks, everyone, for joining us this morning. This call is on background and embargoed until the end of the call. Our first speaker is the senior official.',
    );
    expect(lines).toContain('QUESTION: And the wall?');
    // the joining newline maps back to itself
    expect(slice(original, 'call is on background')).toBe('call is\non background');
  });

  it('does not start a turn at a label that a wrapped line happens to begin with', () => {
    const original = [
      'MODERATOR: Thanks, everyone, for joining us this morning. The person that we',
      'QUESTION: marked in our notes is a journalist, and the operator will take the',
      'queue from here as usual. We expect the Secretary to travel to Mexico City on',
      'Wednesday and to meet his counterpart there on Thursday morning, as planned.',
      '',
      'QUESTION: And the wall?',
    ].join('\n');
    const lines = splitLines(normaliseText(original).text).map((l) => l.text);
    expect(lines[0]).toMatch(/^MODERATOR: .* The person that we QUESTION: marked in our notes .* as planned\.$/);
    expect(lines).toContain('QUESTION: And the wall?');
  });

  it('leaves one-paragraph-per-line text alone', () => {
    const original = `MODERATOR: ${'word '.repeat(40)}end.\nQUESTION: ${'more '.repeat(30)}end?`;
    expect(normaliseText(original).wrapped).toBe(false);
    expect(normaliseText(original).text).toBe(original);
  });

  it('maps empty ranges and the end of text', () => {
    const n = normaliseText('abc');
    expect(toOriginalRange(n, 3, 3)).toEqual([3, 3]);
    expect(toOriginalRange(n, 1, 1)).toEqual([1, 1]);
  });

  it('foldForMatch collapses white space and folds punctuation', () => {
    expect(foldForMatch('  we\u2019re   \u201cready\u201d\n')).toBe('we\'re "ready"');
  });
});

describe('isChromeLine', () => {
  it.each([
    'Join the GlobalSecurity.org mailing list',
    'UNITED24 - Make a charitable donation in support of Ukraine!',
    'Copyright 2017 Example.org. All rights reserved.',
    'Share this page',
    'Back to top',
    'https://www.state.gov/r/pa/prs/ps/2017/02/267981.htm',
    '###',
    'This is historical material "frozen in time". The website is no longer updated and links to external websites and some internal pages may not work.',
  ])('recognises %s', (line) => expect(isChromeLine(line)).toBe(true));

  it.each(['MODERATOR: Join us next week.', 'We will share information with Mexico.', 'Homeland Security'])('keeps %s', (line) =>
    expect(isChromeLine(line)).toBe(false),
  );
});
