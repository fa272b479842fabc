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
