import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_TOPICS, IngestInputError, parseBriefing, type ParsedBriefing } from './index';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'ingest');
const SEED = readFileSync(join(FIXTURES, '2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
const variant = (name: string) => readFileSync(join(FIXTURES, 'variants', `${name}.txt`), 'utf8');
const parse = (text: string) => parseBriefing(text, { topics: DEFAULT_TOPICS });

/** The offset contract: exact slices of the original text, spans into statement text. */
function expectExactOffsets(text: string, r: ParsedBriefing): void {
  for (const st of r.statements) {
    expect(text.slice(st.start, st.end)).toBe(st.text);
    expect(st.text).toBe(st.text.trim());
    expect(st.text.length).toBeGreaterThan(0);
  }
  for (const span of [...r.candidates.map((c) => c.span), ...r.meetings.map((m) => m.span)]) {
    expect(r.statements[span.statementIndex].text.slice(span.start, span.end)).toBe(span.quote);
    expect(span.quote.length).toBeGreaterThan(0);
  }
  expect(r.bodyStart).toBeLessThanOrEqual(r.statements[0]?.start ?? r.bodyStart);
  expect(r.bodyEnd).toBeGreaterThanOrEqual(r.statements[r.statements.length - 1]?.end ?? 0);
  const keys = new Set([...r.speakers, ...r.mentioned].map((p) => p.key));
  expect(keys.size).toBe(r.speakers.length + r.mentioned.length);
  for (const st of r.statements) if (st.speakerKey) expect(keys.has(st.speakerKey)).toBe(true);
  for (const m of r.meetings) for (const s of m.sides) for (const k of s.personKeys) expect(keys.has(k)).toBe(true);
}

describe('parseBriefing on the seed briefing', () => {
  const r = parse(SEED);

  it('reads the header and drops page chrome before the title and after the last turn', () => {
    expect(r.header).toMatchObject({
      title: "Background Briefing Previewing Secretary Tillerson and DHS Secretary Kelly's Travel to Mexico",
      kind: 'Special Briefing',
      date: '2017-02-21',
      location: 'Washington, DC',
      medium: 'Via Teleconference',
      attribution: 'Senior Administration Officials',
    });
    expect(SEED.slice(r.bodyStart).startsWith('Background Briefing Previewing')).toBe(true);
    expect(SEED.slice(0, r.bodyStart)).toContain('UNITED24');
    expect(SEED.slice(r.bodyEnd)).toContain('Join the GlobalSecurity.org mailing list');
    expect(r.statements.some((s) => /mailing list/.test(s.text))).toBe(false);
    expect(r.warnings).toEqual([]);
  });

  it('keeps exact offsets everywhere', () => expectExactOffsets(SEED, r));

  it('segments 39 turns and 69 statements', () => {
    expect(r.turnCount).toBe(39);
    expect(r.statements).toHaveLength(69);
    expect(r.statements[0]).toMatchObject({ index: 0, turnIndex: 0, paragraphIndex: 0, speakerLabel: 'MODERATOR', kind: 'REMARK' });
    expect(r.statements[0].text.startsWith('Thanks, Dak,')).toBe(true);
  });

  it('identifies every questioner with their outlet', () => {
    const questions = r.statements.filter((s) => s.kind === 'QUESTION' && s.paragraphIndex === 0);
    const who = questions.map((q) => r.speakers.find((p) => p.key === q.speakerKey)!);
    expect(who.map((p) => `${p.name} (${p.organization?.name})`)).toEqual([
      'Nick Wadhams (Bloomberg News)',
      'Josh Lederman (Associated Press)',
      'Steve Herman (Voice of America)',
      'Tracy Wilkinson (Los Angeles Times)',
      'Nicole Gaouette (CNN)',
      'Lucia Leal (EFE)',
      'Felicia Schwartz (The Wall Street Journal)',
    ]);
    for (const p of who) expect(p).toMatchObject({ role: 'JOURNALIST', anonymous: false, organization: expect.objectContaining({ kind: 'NEWS_OUTLET' }) });
  });

  it('resolves anonymous speakers, their stand-ins and their organisations', () => {
    const get = (label: string) => r.speakers.find((p) => p.aliases.includes(label))!;
    expect(get('SENIOR ADMINISTRATION OFFICIAL ONE')).toMatchObject({ anonymous: true, organization: expect.objectContaining({ name: 'U.S. Department of State' }) });
    expect(get('SENIOR ADMINISTRATION OFFICIAL ONE').aliases).toEqual(
      expect.arrayContaining(['[Senior Administration Official One]', 'Senior Administration Official Number One']),
    );
    expect(get('SENIOR ADMINISTRATION OFFICIAL TWO')).toMatchObject({ organization: expect.objectContaining({ acronym: 'DHS' }) });
    expect(get('MODERATOR')).toMatchObject({ role: 'MODERATOR', organization: expect.objectContaining({ name: 'U.S. Department of State' }) });
    expect(get('OPERATOR')).toMatchObject({ role: 'OPERATOR' });
    expect(r.speakers.filter((p) => p.anonymous && p.role !== 'JOURNALIST')).toHaveLength(4);
  });

  it('never proposes a commitment from a question or an operator', () => {
    for (const c of r.candidates) {
      const st = r.statements[c.span.statementIndex];
      expect(['QUESTION']).not.toContain(st.kind);
      expect(st.speakerLabel).not.toBe('OPERATOR');
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.cue).toBeTruthy();
    }
  });

  it('is deterministic', () => {
    expect(JSON.stringify(parse(SEED))).toBe(JSON.stringify(r));
  });

  it('takes well under 100 ms', () => {
    parse(SEED);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      parse(SEED);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // median of a few runs; generous for a loaded CI machine
    expect(times.sort((a, b) => a - b)[2]).toBeLessThan(100);
  });

  it('applies title and date overrides, resolving relative dates against the given date', () => {
    const o = parseBriefing(SEED, { topics: DEFAULT_TOPICS, title: 'Override', date: '2018-02-21' });
    expect(o.header.title).toBe('Override');
    expect(o.header.date).toBe('2018-02-21');
    expect(o.meetings.find((m) => m.span.quote.includes('January 27th'))?.date).toBe('2018-01-27');
  });
});

describe('parseBriefing on format variants', () => {
  const base = parse(variant('crlf').replace(/\r\n/g, '\n'));
  const summary = (r: ParsedBriefing) => ({
    header: r.header,
    turns: r.turnCount,
    statements: r.statements.map((s) => [s.speakerLabel, s.kind, s.topics.map((t) => t.slug)]),
    people: [...r.speakers, ...r.mentioned].map((p) => [p.name, p.post, p.country]),
    meetings: r.meetings.map((m) => [m.kind, m.status, m.date]),
    candidates: r.candidates.map((c) => [c.kind, c.dueDate]),
  });

  it.each(['crlf', 'hard-wrapped', 'curly-nbsp-dashes', 'markdown-escapes'])('%s gives the same reading as plain text, with exact offsets', (name) => {
    const text = variant(name);
    const r = parse(text);
    expectExactOffsets(text, r);
    expect(summary(r)).toEqual(summary(base));
  });

  it('the plain variant reads as expected', () => {
    expect(base.turnCount).toBe(5);
    expect(base.statements.map((s) => s.speakerLabel)).toEqual([
      'MODERATOR',
      'SENIOR STATE DEPARTMENT OFFICIAL ONE',
      'SENIOR STATE DEPARTMENT OFFICIAL ONE',
      'OPERATOR',
      'QUESTION',
      'SENIOR STATE DEPARTMENT OFFICIAL ONE',
    ]);
    expect(base.speakers.find((p) => p.role === 'JOURNALIST')).toMatchObject({ name: 'Anne Gearan', organization: expect.objectContaining({ name: 'The Washington Post' }) });
    expect(base.meetings.map((m) => [m.kind, m.status, m.date, m.location])).toEqual([
      ['IN_PERSON', 'PLANNED', '2017-02-23', 'Mexico City'],
      ['PHONE_CALL', 'HELD', '2017-02-02', null],
    ]);
  });

  it('hard-wrapped statements keep their line breaks in the exact text', () => {
    const text = variant('hard-wrapped');
    const r = parse(text);
    expect(r.statements[0].text).toContain('\n');
    expect(r.statements[0].text.startsWith('Thanks, everyone')).toBe(true);
  });

  it('markdown statements keep their escapes in the exact text but resolve stand-ins', () => {
    const r = parse(variant('markdown-escapes'));
    expect(r.statements[1].text).toContain('\\[Moderator\\]');
    expect(r.speakers.find((p) => p.role === 'MODERATOR')!.aliases).toContain('[Moderator]');
  });

  it('reads a State Department daily briefing (MR. TONER:)', () => {
    const text = variant('state-daily');
    const r = parse(text);
    expectExactOffsets(text, r);
    expect(r.header).toMatchObject({
      kind: 'Daily Press Briefing',
      date: '2017-03-02',
      location: 'Washington, DC',
      attribution: 'Mark C. Toner, Deputy Department Spokesperson',
      startTime: '14:18',
      endTime: '15:07',
    });
    expect(r.speakers[0]).toMatchObject({ name: 'Mark C. Toner', surname: 'Toner', honorific: 'Mr.', post: 'Deputy Department Spokesperson', country: 'US' });
    expect(r.speakers[0].organization?.name).toBe('U.S. Department of State');
    expect(r.statements.map((s) => s.speakerLabel)).toEqual(['MR. TONER', 'MR. TONER', 'QUESTION', 'MR. TONER', 'QUESTION']);
    expect(r.statements.some((s) => /Back to top|concluded/.test(s.text))).toBe(false);
    expect(r.candidates.find((c) => /working group/.test(c.span.quote))).toMatchObject({ dueDate: '2017-03-31', dueDatePrecision: 'MONTH' });
  });

  it('reads a date in parentheses and an ambassador', () => {
    const r = parse(variant('state-daily-parenthesized'));
    expect(r.header).toMatchObject({ title: 'Department Press Briefing (March 2, 2017)', date: '2017-03-02', kind: 'Department Press Briefing' });
    expect(r.speakers.find((p) => p.surname === 'Pascual')).toMatchObject({ honorific: 'Ambassador', anonymous: false });
    const sign = r.candidates.find((c) => /sign an energy/.test(c.span.quote))!;
    expect(sign).toMatchObject({ dueDate: '2017-04-30', dueDatePrecision: 'MONTH' });
    expect(sign.parties.map((p) => p.country)).toEqual(['US', 'MX']);
  });

  it('reads a White House background press call with start and end times', () => {
    const text = variant('wh-background-call');
    const r = parse(text);
    expectExactOffsets(text, r);
    expect(r.header).toMatchObject({ kind: 'Background Press Call', medium: 'Via Teleconference', date: '2017-02-21', startTime: '13:15', endTime: '13:45' });
    expect(r.statements.map((s) => s.speakerLabel)).toEqual(['MODERATOR', 'SENIOR ADMINISTRATION OFFICIAL', 'Q', 'SENIOR ADMINISTRATION OFFICIAL']);
    expect(r.statements[2].kind).toBe('QUESTION');
    const dhs = r.candidates.find((c) => /report back/.test(c.span.quote))!;
    expect(dhs.parties[0].organization?.acronym).toBe('DHS');
    expect(dhs).toMatchObject({ dueDate: '2017-03-23', dueDatePrecision: 'DAY' });
  });

  it('reads a press gaggle (Q turns, on-board location, END mark)', () => {
    const text = variant('wh-press-gaggle');
    const r = parse(text);
    expectExactOffsets(text, r);
    expect(r.header).toMatchObject({ kind: 'Press Gaggle', title: 'Press Gaggle by Press Secretary Sean Spicer', location: 'Aboard Air Force One, En Route Palm Beach, Florida', startTime: '11:05', endTime: '11:24' });
    expect(r.statements.map((s) => s.speakerLabel)).toEqual(['MR. SPICER', 'Q', 'MR. SPICER', 'Q', 'MR. SPICER']);
    expect(r.speakers[0]).toMatchObject({ name: 'Sean Spicer', post: 'Press Secretary' });
    expect(r.meetings[0]).toMatchObject({ status: 'PLANNED', date: '2017-02-18', location: 'Mar-a-Lago' });
  });

  it('reads Q and A turns', () => {
    const r = parse(variant('q-a-turns'));
    expect(r.statements.map((s) => [s.speakerLabel, s.kind])).toEqual([
      ['MR. SPICER', 'REMARK'],
      ['Q', 'QUESTION'],
      ['A', 'ANSWER'],
      ['Q', 'QUESTION'],
      ['MR. SPICER', 'ANSWER'],
    ]);
    expect(r.header.date).toBe('2017-02-21');
    expect(r.mentioned.find((p) => p.surname === 'Trudeau')).toMatchObject({ post: 'Prime Minister', country: 'CA' });
  });

  it('makes two turns of the same label twice in a row', () => {
    const r = parse(variant('same-label-twice'));
    expect(r.turnCount).toBe(3);
    expect(r.statements.map((s) => [s.turnIndex, s.speakerLabel])).toEqual([
      [0, 'MODERATOR'],
      [1, 'MODERATOR'],
      [2, 'SENIOR STATE DEPARTMENT OFFICIAL'],
    ]);
    expect(r.statements[0].speakerKey).toBe(r.statements[1].speakerKey);
  });

  it('does not start a turn at a label phrase inside a sentence', () => {
    const r = parse(variant('label-inside-sentence'));
    expect(r.turnCount).toBe(2);
    expect(r.statements[0].text).toContain('QUESTION: in our notes');
  });

  it('keeps text without labels as unattributed statements, with a warning', () => {
    const text = variant('no-labels');
    const r = parse(text);
    expectExactOffsets(text, r);
    expect(r.warnings[0]).toMatch(/no speaker labels found/);
    expect(r.header).toMatchObject({ title: 'Joint Statement on U.S.-Mexico Cooperation', date: '2017-03-03' });
    expect(r.statements.map((s) => [s.speakerKey, s.kind])).toEqual([
      [null, 'REMARK'],
      [null, 'REMARK'],
    ]);
    const dialogue = r.candidates.find((c) => /convene/.test(c.span.quote))!;
    expect(dialogue).toMatchObject({ kind: 'MEETING', dueDate: '2017-09-30', dueDatePrecision: 'MONTH' });
    expect(dialogue.parties.map((p) => p.country).sort()).toEqual(['MX', 'US']);
  });
});

describe('parseBriefing: the briefing government', () => {
  it('infers the home country from a US time zone or "administration officials" when there is no place line', () => {
    const r = parse(
      '5:30 P.M. EDT\n\nMODERATOR: Thanks for joining.\n\nSENIOR ADMINISTRATION OFFICIAL: President Biden will meet President Lopez Obrador at the White House. The two presidents will discuss migration from Mexico.',
    );
    expect(r.mentioned.map((p) => [p.surname, p.country])).toEqual([
      ['Biden', 'US'],
      ['Lopez Obrador', 'MX'],
    ]);
    expect(r.meetings[0].sides.map((s) => s.country)).toEqual(['US', 'MX']);
  });

  it('reads a readout without labels from the side that is not introduced by a country word', () => {
    const r = parse(
      'Deputy Secretary Landau Meets Mexican Finance Minister Amador\nFebruary 3, 2025\n\nDeputy Secretary of State Christopher Landau met with Mexican Secretary of Finance and Public Credit Edgar Amador Zamora today to discuss opportunities for collaboration between the United States and Mexico on shared commercial and economic interests.',
    );
    expect(r.meetings[0]).toMatchObject({ status: 'HELD', date: '2025-02-03', kind: 'IN_PERSON' });
    expect(r.meetings[0].sides.map((s) => s.country)).toEqual(['US', 'MX']);
  });
});

describe('parseBriefing input errors and odd inputs', () => {
  it('throws IngestInputError on empty or white-space text', () => {
    expect(() => parse('')).toThrow(IngestInputError);
    expect(() => parse(' \n\t ')).toThrow(IngestInputError);
    try {
      parse('   ');
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as IngestInputError).code).toBe('BAD_USER_INPUT');
    }
  });

  it('throws IngestInputError on a malformed date option', () => {
    expect(() => parseBriefing('MODERATOR: Hi.', { topics: [], date: '21/02/2017' })).toThrow(IngestInputError);
  });

  it('never throws on odd text', () => {
    for (const t of ['x', '::::', 'QUESTION:', 'MODERATOR:\n\nQUESTION:', '\u0000\u0001 text', 'A'.repeat(5000), 'Q \n A \n Q']) {
      const r = parse(t);
      expect(Array.isArray(r.statements)).toBe(true);
    }
  });

  it('stays fast on pathological input', () => {
    const t0 = Date.now();
    parse(`${'MR. A. B. C. D. E. F. G. H. '.repeat(300)}\n${'Secretary Secretary Secretary of '.repeat(500)}\n${'word, '.repeat(5000)}`);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('warns when there is no briefing date to resolve relative dates against', () => {
    const r = parse('MODERATOR: Secretary Tillerson met Foreign Secretary Luis Videgaray on January 27th.');
    expect(r.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/no briefing date/)]));
  });
});
