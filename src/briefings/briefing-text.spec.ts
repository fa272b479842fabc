import { assignPositions, briefingTextSha256, composeText, identityText, locateTexts, sha256Hex, StatementDraftError } from './briefing-text';

describe('briefing text helpers', () => {
  describe('assignPositions', () => {
    it('opens a new turn whenever the speaker changes, else continues the turn', () => {
      const positions = assignPositions([
        { speakerId: null, speakerLabel: 'MODERATOR' },
        { speakerId: 7, speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE' },
        { speakerId: 7, speakerLabel: 'senior administration official one ' },
        { speakerId: 7, speakerLabel: null },
        { speakerId: null, speakerLabel: 'MODERATOR' },
      ]);
      expect(positions).toEqual([
        { turnIndex: 0, paragraphIndex: 0, opensTurn: true },
        { turnIndex: 1, paragraphIndex: 0, opensTurn: true },
        { turnIndex: 1, paragraphIndex: 1, opensTurn: false },
        { turnIndex: 2, paragraphIndex: 0, opensTurn: true },
        { turnIndex: 3, paragraphIndex: 0, opensTurn: true },
      ]);
    });

    it('keeps given indexes and continues from them', () => {
      const positions = assignPositions([
        { speakerId: 1, speakerLabel: null, turnIndex: 4, paragraphIndex: 2 },
        { speakerId: 1, speakerLabel: null },
        { speakerId: 1, speakerLabel: null, turnIndex: 9 },
        { speakerId: 2, speakerLabel: null },
      ]);
      expect(positions.map((p) => [p.turnIndex, p.paragraphIndex, p.opensTurn])).toEqual([
        [4, 2, true],
        [4, 3, false],
        [9, 0, true],
        [10, 0, true],
      ]);
    });

    it('refuses positions that do not increase, naming the statement and field', () => {
      const attempt = (drafts: Parameters<typeof assignPositions>[0]) => {
        try {
          assignPositions(drafts);
          return null;
        } catch (e) {
          return e instanceof StatementDraftError ? [e.index, e.field, e.message] : e;
        }
      };
      expect(attempt([{ speakerId: 1, speakerLabel: null, turnIndex: 2 }, { speakerId: 2, speakerLabel: null, turnIndex: 1 }])).toEqual([
        1,
        'turnIndex',
        'must come after the previous statement (turn 2, paragraph 0)',
      ]);
      expect(attempt([{ speakerId: 1, speakerLabel: null }, { speakerId: 1, speakerLabel: null, paragraphIndex: 0 }])).toEqual([
        1,
        'paragraphIndex',
        'must come after the previous statement (turn 0, paragraph 0)',
      ]);
    });
  });

  describe('composeText', () => {
    it('labels the first paragraph of each turn and separates paragraphs with blank lines', () => {
      const { text, spans } = composeText([
        { label: 'MODERATOR', text: 'Welcome.', opensTurn: true },
        { label: 'MR. TONER', text: 'Thanks.', opensTurn: true },
        { label: 'MR. TONER', text: 'Second paragraph.', opensTurn: false },
        { label: null, text: '(Applause.)', opensTurn: true },
      ]);
      expect(text).toBe('MODERATOR: Welcome.\n\nMR. TONER: Thanks.\n\nSecond paragraph.\n\n(Applause.)');
      expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['Welcome.', 'Thanks.', 'Second paragraph.', '(Applause.)']);
      expect(spans[0]).toEqual({ start: 11, end: 19 });
    });

    it('builds an empty text from no statements', () => {
      expect(composeText([])).toEqual({ text: '', spans: [] });
    });
  });

  describe('locateTexts', () => {
    const text = 'Q: Yes. A: Yes. Q: No.';

    it('finds each statement after the previous one', () => {
      expect(locateTexts(text, ['Yes.', 'Yes.', 'No.'])).toEqual([
        { start: 3, end: 7 },
        { start: 11, end: 15 },
        { start: 19, end: 22 },
      ]);
    });

    it('names the first statement that is missing or out of order', () => {
      const failure = (texts: string[]) => {
        try {
          locateTexts(text, texts);
          return null;
        } catch (e) {
          return e instanceof StatementDraftError ? [e.index, e.field, e.message] : e;
        }
      };
      expect(failure(['No.', 'Yes.'])).toEqual([1, 'text', 'does not occur in the briefing text after the previous statement']);
      expect(failure(['Maybe.'])).toEqual([0, 'text', 'does not occur in the briefing text']);
    });
  });

  it('hashes the exact text with SHA-256 (hex)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abc ')).not.toBe(sha256Hex('abc'));
  });

  describe('identityText / briefingTextSha256', () => {
    const text = 'MODERATOR: Thanks.  We will meet.\n\nQ    Caf\u00e9?\n';

    it('gives the same identity to the text saved with CRLF, NBSP, trailing spaces, a BOM, blank lines at the ends or decomposed accents', () => {
      const variants = [
        text.replace(/\n/g, '\r\n'),
        text.replace(/\n/g, '\r'),
        text.replace('.  We', '.\u00a0 We'),
        text.replace(/\n/g, ' \t\n'),
        `\ufeff\n${text}\n\n`,
        text.normalize('NFD'),
      ];
      for (const v of variants) expect(briefingTextSha256(v)).toBe(briefingTextSha256(text));
      expect(identityText(text.replace(/\n/g, '\r\n'))).toBe('MODERATOR: Thanks.  We will meet.\n\nQ    Caf\u00e9?');
    });

    it('keeps texts that differ in words, in spaces inside a line or in paragraph breaks apart', () => {
      expect(briefingTextSha256(text.replace('meet', 'talk'))).not.toBe(briefingTextSha256(text));
      expect(briefingTextSha256(text.replace('.  We', '. We'))).not.toBe(briefingTextSha256(text));
      expect(briefingTextSha256(text.replace('\n\n', '\n'))).not.toBe(briefingTextSha256(text));
    });
  });
});
