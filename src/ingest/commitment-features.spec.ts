import { addNeighbourFeatures, commitmentFeatures, findAnchors, findMetaTalk, isMetaTalk, type SentenceContext } from './commitment-features';
import { analyseText } from './nlp';

const CONTEXT: SentenceContext = { speakerRole: 'OFFICIAL', statementKind: 'REMARK', position: 1, actors: [], topical: false, futureDate: false, pastDate: false };

function features(text: string, ctx: Partial<SentenceContext> = {}): Record<string, number> {
  return commitmentFeatures(text, analyseText(text), { ...CONTEXT, ...ctx });
}

/** Where `phrase` is in `text`: a government actor the mention finder would have found. */
function actor(text: string, phrase: string): SentenceContext['actors'] {
  const at = text.indexOf(phrase);
  return [{ start: at, end: at + phrase.length }];
}

describe('commitment features: tense, modality, subject, negation, clauses', () => {
  const dhs = 'The Department of Homeland Security will publish a rule.';
  it.each<[string, Partial<SentenceContext>, string[], string[]]>([
    ['We will launch a task force on fentanyl.', {}, ['future:will', 'anchor:future', 'subject:we', 'future+subject:we', 'future+verb:announce', 'future+actor+action', 'object:institution'], ['tense:past', 'negated:future']],
    [dhs, { actors: actor(dhs, 'Department of Homeland Security') }, ['subject:government', 'future+subject:government', 'future+actor+action'], ['subject:we']],
    ["We're going to expand the program.", {}, ['future:going-to', 'future+verb:action'], ['future:will']],
    ['We are going to swiftly put in place implementation plans.', {}, ['future:going-to'], []],
    ['We launched a task force last year.', {}, ['tense:past', 'time:behind'], ['anchor:future']],
    ['We have signed the agreement.', {}, ['tense:present-perfect'], ['anchor:future']],
    ["We're working to expand access to legal pathways.", {}, ['tense:present-progressive', 'anchor:progressive', 'progressive+subject:we'], []],
    ['We will not separate children from their families.', {}, ['negated:future', 'negation:any'], []],
    ['If Congress acts, we will launch the program.', {}, ['clause:conditional'], []],
    ['These are issues that the ministers will discuss at length.', {}, ['clause:relative'], []],
    ['There will be a ministerial hosted by Canada.', {}, ['subject:there', 'future+subject:there'], ['subject:we']],
    ['I will hand out the papers.', {}, ['subject:i', 'future+subject:i'], ['subject:we']],
    ['Will the President travel to Mexico?', {}, ['mood:interrogative'], []],
    ['The two leaders agreed to meet again.', {}, ['anchor:commissive', 'subject:government', 'procedural:government'], []],
    ['The two governments will set up a working group.', {}, ['procedural:government', 'object:institution'], []],
    ['The President directed DHS to publish a rule.', {}, ['anchor:directive', 'verb:directive', 'directive+subject:government'], []],
    ['We plan to double our assistance.', {}, ['anchor:intent', 'intent+subject:we'], []],
    ['I think we will announce more.', {}, ['hedge'], []],
    ['We will provide $4 billion over four years.', {}, ['amount:money', 'time:duration'], []],
    ['On security, we expect to address ways to improve our cooperation.', {}, ['frame:on-topic'], []],
    ['This includes allowing asylum officers to adjudicate claims.', {}, ['verb:includes-gerund'], []],
    ['Yes.', { position: 0, speakerRole: 'MODERATOR', statementKind: 'ANSWER' }, ['length:short', 'position:first-sentence', 'role:moderator', 'statement:answer'], ['role:official']],
  ])('%s', (text, ctx, present, absent) => {
    const f = features(text, ctx);
    for (const name of present) expect({ name, on: f[name] }).toEqual({ name, on: 1 });
    for (const name of absent) expect({ name, on: f[name] }).toEqual({ name, on: undefined });
  });

  it('passes on what the caller knows: dates, topics, government actors', () => {
    const f = features('They will meet in Mexico City next month.', { futureDate: true, topical: true, actors: [{ start: 0, end: 4 }] });
    expect(f).toMatchObject({ 'time:future-date': 1, 'topic:agenda': 1, 'mentions:government-actor': 1, 'subject:government': 1 });
    expect(features('They met in Mexico City last month.', { pastDate: true })['time:past-date']).toBe(1);
  });

  it('keeps the lemmas of content words as word features, adverbs left out', () => {
    const f = features('We will again expand the programs quickly.');
    expect(f['word:expand']).toBe(1);
    expect(f['word:program']).toBe(1);
    expect(f['word:again']).toBeUndefined();
    expect(f['word:quickly']).toBeUndefined();
  });

  it('reads every anchor of a sentence, not only the first', () => {
    const text = 'Individuals who do not manifest a fear will be removable, and we anticipate that we will be removing them in days.';
    expect(findAnchors(analyseText(text).tokens).map((a) => a.kind)).toEqual(['future', 'intent', 'future']);
    expect(features(text)['future+subject:we']).toBe(1);
  });

  it('marks the neighbours of a sentence with an undertaking', () => {
    const rows = [{ 'anchor:future': 1 }, {}, {}] as Array<Record<string, number>>;
    addNeighbourFeatures(rows);
    expect(rows).toEqual([{ 'anchor:future': 1 }, { 'context:previous-future': 1 }, {}]);
  });
});

describe('talk about the call itself', () => {
  it.each<[string, string | null]>([
    ["With that, I'll turn it over to our first speaker.", 'handoff'],
    ['And without further ado, I will turn it over to [senior administration official].', 'handoff'],
    ['This call is on background, and the contents are embargoed until 6:00 a.m. tomorrow.', 'ground-rules'],
    ['And once we hang up the call, the embargo is broken.', 'ground-rules'],
    ["We'll take a few questions.", 'questions'],
    ['We will go to Seung Min next.', 'questions'],
    ["I'll be brief.", 'brevity'],
    ["I'll check on that and get back to you.", 'follow-up'],
    ['Again, we will send you a factsheet.', 'follow-up'],
    ["So I'll just go really quickly through the five pillars of the strategy.", 'preview'],
    ['And I expect, as we get closer, we will have more to preview.', 'preview'],
    ['The press pool will gather at the motorcade.', 'logistics'],
    ['The two governments will set up a working group.', null],
    ['We will also talk about areas where we can cooperate.', null],
  ])('%s -> %s', (text, kind) => {
    expect(findMetaTalk(text).map((m) => m.kind)[0] ?? null).toBe(kind);
    expect(isMetaTalk(text, analyseText(text))).toBe(kind !== null);
  });

  it.each([
    "I'd like to zero in more specifically on something we're going to launch for the Caribbean.",
    "Tomorrow, we will announce - and you'll get this factsheet - that the Vice President has galvanized new investments.",
  ])('lets a commitment through beside a preview or a promised factsheet: %s', (text) => {
    expect(findMetaTalk(text)).not.toEqual([]);
    expect(isMetaTalk(text, analyseText(text))).toBe(false);
  });
});
