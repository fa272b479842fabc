import { readFileSync } from 'fs';
import { join } from 'path';
import { DEFAULT_TOPICS, parseBriefing, type ParsedBriefing } from '../index';
import { formatScorecard, scoreBriefing, THRESHOLDS, thresholdFailures, type GoldBriefing } from './score';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'ingest');
const SEED = '2017-02-21-background-briefing-tillerson-kelly-mexico';
const text = readFileSync(join(FIXTURES, `${SEED}.txt`), 'utf8');
const gold = JSON.parse(readFileSync(join(FIXTURES, `${SEED}.gold.json`), 'utf8')) as GoldBriefing;

describe('ingest quality on the seed briefing (gold scoring rules)', () => {
  const parsed = parseBriefing(text, { topics: DEFAULT_TOPICS });
  const card = scoreBriefing(parsed, gold);

  it('segments all 39 turns, questioners included', () => {
    expect(card.turns.mismatches).toEqual([]);
    expect(card.turns.matched).toBe(39);
    expect(card.turns.found).toBe(39);
  });

  it('keeps all 69 statements', () => {
    expect(card.statements).toEqual({ expected: 69, found: 69 });
  });

  it(`finds >= ${THRESHOLDS.commitmentRecall} of the required commitments with precision >= ${THRESHOLDS.commitmentPrecision}`, () => {
    expect(card.commitments.recall).toBeGreaterThanOrEqual(THRESHOLDS.commitmentRecall);
    expect(card.commitments.precision).toBeGreaterThanOrEqual(THRESHOLDS.commitmentPrecision);
    expect(card.commitments.mustNotExtractHits).toEqual([]);
  });

  it(`tags topics with micro-F1 >= ${THRESHOLDS.topicF1}`, () => {
    expect(card.topics.paragraphsFound).toBe(card.topics.paragraphs);
    expect(card.topics.f1).toBeGreaterThanOrEqual(THRESHOLDS.topicF1);
  });

  it('finds all 16 gold participants without duplicates', () => {
    expect(card.participants.missing).toEqual([]);
    expect(card.participants.found).toBe(16);
    expect(card.participants.duplicates).toBe(0);
  });

  it('finds all 7 gold meetings', () => {
    expect(card.meetings.missing).toEqual([]);
    expect(card.meetings.found).toBe(7);
  });

  it('reads the header fields', () => {
    expect(card.header.mismatches).toEqual([]);
  });

  it('passes every threshold and prints a scorecard', () => {
    expect(thresholdFailures(card)).toEqual([]);
    expect(formatScorecard(card)).toMatch(/turns\s+39\/39/);
  });
});

describe('scoreBriefing rules', () => {
  const parsed = parseBriefing(text, { topics: DEFAULT_TOPICS });

  it('counts a candidate as precise when its source sentence holds a gold quote, and flags mustNotExtract', () => {
    const c0 = parsed.candidates[0];
    const q = parsed.statements.findIndex((s) => s.text.startsWith("Hi, thanks. I'm wondering how"));
    const extra: ParsedBriefing = {
      ...parsed,
      candidates: [
        c0,
        { ...c0, span: { statementIndex: q, start: 12, end: 30, quote: parsed.statements[q].text.slice(12, 30) } },
      ],
    };
    const card = scoreBriefing(extra, gold);
    expect(card.commitments.extracted).toBe(2);
    expect(card.commitments.precise).toBe(1);
    expect(card.commitments.mustNotExtractHits).toHaveLength(1);
    expect(card.commitments.recall).toBeLessThan(0.2);
  });

  it('counts two records of one person as a duplicate', () => {
    const pn = parsed.mentioned.find((p) => p.surname === 'Pena Nieto')!;
    const dup = { ...pn, key: 'person:nieto', name: 'Nieto', surname: 'Nieto' };
    const card = scoreBriefing({ ...parsed, mentioned: [...parsed.mentioned, dup] }, gold);
    expect(card.participants.duplicates).toBe(1);
    expect(card.participants.found).toBe(16);
    expect(thresholdFailures(card)).toEqual(['participant duplicates 1']);
  });

  it('does not count the record of another gold person of the same surname as a duplicate', () => {
    const trump = parsed.mentioned.find((p) => p.surname === 'Trump')!;
    const spouse = { ...trump, key: 'person:melania-trump', name: 'Melania Trump', post: 'First Lady' };
    const withSpouse: GoldBriefing = { ...gold, participants: [...gold.participants, { surname: 'Trump', name: 'Melania Trump', title: 'First Lady', country: 'US' }] };
    const card = scoreBriefing({ ...parsed, mentioned: [...parsed.mentioned, spouse] }, withSpouse);
    expect(card.participants).toMatchObject({ found: 17, duplicates: 0 });
    // the same record without its gold twin is a second record of the President
    expect(scoreBriefing({ ...parsed, mentioned: [...parsed.mentioned, spouse] }, gold).participants.duplicates).toBe(1);
  });

  it('requires the date, status and named participants of a meeting', () => {
    const card = scoreBriefing({ ...parsed, meetings: parsed.meetings.map((m) => ({ ...m, status: 'CANCELLED' as const })) }, gold);
    expect(card.meetings.found).toBe(0);
  });

  it('counts the sides other than A together as side B (a meeting of three countries)', () => {
    const key = (surname: string) => [...parsed.speakers, ...parsed.mentioned].find((p) => p.name?.includes(surname))!.key;
    const m3 = parsed.meetings.find((m) => m.status === 'PLANNED')!;
    const side = (country: string, surname: string) => ({ ...m3.sides[0], country, personKeys: [key(surname)] });
    const trilateral = { ...m3, date: null, sides: [side('US', 'Tillerson'), side('MX', 'Pena Nieto'), side('CA', 'Videgaray')] };
    const goldMeeting = { id: 'T1', status: 'planned', dateOptional: true, sideA: ['Tillerson'], sideB: ['Pena Nieto', 'Videgaray'] };
    const score = (sides: (typeof trilateral)['sides']) => scoreBriefing({ ...parsed, meetings: [{ ...trilateral, sides }] }, { ...gold, meetings: [goldMeeting] }).meetings.found;
    expect(score(trilateral.sides)).toBe(1);
    expect(score(trilateral.sides.slice(0, 2))).toBe(0); // a guest missing
  });

  it('finds a topic paragraph quoted with its label as written, colon or not ("Q    Thank you")', () => {
    const small = parseBriefing('MODERATOR:  Our first question.\n\nQ    Thank you.  On trade, will tariffs rise?\n\nMR. SMITH:  No.\n', { topics: DEFAULT_TOPICS });
    const topicGold = [
      { paragraphStartsWith: 'Q    Thank you.  On trade', topics: ['economy'] },
      { paragraphStartsWith: 'MR. SMITH:  No.', topics: [] },
      { paragraphStartsWith: 'MR. SMITH No.', topics: [] },
    ];
    const card = scoreBriefing(small, { ...gold, topicGold });
    expect(card.topics.missingParagraphs).toEqual([]);
    expect(card.topics.tp).toBe(1);
  });

  it('ignores alsoAcceptable topics and penalises others', () => {
    const st = parsed.statements.findIndex((s) => s.text.startsWith('On migration,'));
    const others = (slug: string) => parsed.statements.map((s, i) => (i === st ? { ...s, topics: [...s.topics.filter((t) => t.slug === 'migration'), { slug, cue: 'test' }] } : s));
    const base = scoreBriefing({ ...parsed, statements: others('migration') }, gold).topics.fp;
    expect(scoreBriefing({ ...parsed, statements: others('border') }, gold).topics.fp).toBe(base);
    expect(scoreBriefing({ ...parsed, statements: others('economy') }, gold).topics.fp).toBe(base + 1);
  });
});
