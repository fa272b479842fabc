import { ADDED_KEYWORDS, DEFAULT_TOPICS, DROPPED_KEYWORDS, FIRST_KEYWORDS } from './default-topics';
import type { TopicLexiconEntry } from './ingest.types';
import { buildTopicMatcher, cueTags, inflectedForms, keywordHits, lexiconKey, NEUTRAL_PHRASES, tagStatement, tagText, topicMatcherFor } from './topics';

const m = buildTopicMatcher(DEFAULT_TOPICS);
const slugs = (text: string) => tagStatement(m, text).map((t) => t.slug).sort();

describe('DEFAULT_TOPICS', () => {
  it('are the five root agenda topics', () => {
    expect(DEFAULT_TOPICS.map((t) => [t.slug, t.title, t.parentSlug])).toEqual([
      ['security', 'Security', null],
      ['migration', 'Migration', null],
      ['economy', 'Economy', null],
      ['border', 'Border management', null],
      ['foreign-policy', 'Foreign policy', null],
    ]);
    for (const t of DEFAULT_TOPICS) expect(t.keywords.length).toBeGreaterThan(10);
  });

  it('are the first lists without the dropped words, then the additions, each keyword once', () => {
    for (const t of DEFAULT_TOPICS) {
      const lower = t.keywords.map((k) => k.toLowerCase());
      expect(new Set(lower).size).toBe(lower.length);
      for (const k of ADDED_KEYWORDS[t.slug]) expect(t.keywords).toContain(k);
      for (const k of DROPPED_KEYWORDS[t.slug] ?? []) expect(t.keywords).not.toContain(k);
      expect(t.keywords.length).toBeGreaterThan(FIRST_KEYWORDS[t.slug].length);
    }
  });

  it('tag their own topic from each of their keywords, alone', () => {
    // a keyword that a longer phrase of another topic or a neutral name always swallows would be dead weight
    const neutral = new Set(NEUTRAL_PHRASES.map((n) => n.toLowerCase()));
    for (const t of DEFAULT_TOPICS) {
      for (const k of t.keywords) {
        if (neutral.has(k.toLowerCase())) continue;
        expect([k, tagText(m, k).map((x) => x.slug)]).toEqual([k, expect.arrayContaining([t.slug])]);
      }
    }
  });
});

describe('inflectedForms', () => {
  it.each([
    ['migrate', ['migrated', 'migrating']],
    ['deport', ['deported', 'deporting', 'deporter']],
    ['invest', ['invested', 'investing']],
    ['smuggle', ['smuggled', 'smuggling', 'smuggler', 'smugglers']],
    ['economy', ['economies']],
    ['ally', ['allies', 'allied']],
    ['traffic', ['trafficking', 'trafficked', 'trafficker']],
    ['ship', ['shipping', 'shipped']],
    ['sanction', ['sanctioned']],
    ['finance', ['financed', 'financing']],
  ])('%s -> %j among its forms', (word, forms) => {
    expect(inflectedForms(word)).toEqual(expect.arrayContaining(forms));
  });

  it.each([
    ['income', 'incoming'],
    ['wage', 'waging'],
    ['border', 'bordering'],
    ['unit', 'united'],
    ['aid', 'aided'],
    ['oil', 'oiled'],
    ['H-2A', 'H-2Aed'],
  ])('%s does not become %s (another word, too short, not a plain word)', (word, form) => {
    expect(inflectedForms(word)).not.toContain(form);
  });
});

describe('the default lexicon on phrasings it was not written from', () => {
  // each row: a sentence, the topics a policy analyst files it under
  it.each([
    // inflections of a lemma in the lexicon
    ['Thousands were deported last year and more are migrating north.', ['migration']],
    ['The two economies are investing in each other.', ['economy']],
    ['Both governments sanctioned the officials who rigged the vote.', ['foreign-policy']],
    ['Police arrested the men who smuggled weapons.', ['security']],
    // multi-word terms, the longest phrase deciding
    ['They will expand lawful pathways and humanitarian parole.', ['migration']],
    ['The multilateral development banks will lend more.', ['economy']],
    ['They targeted illicit finance networks.', ['security']],
    ['Food insecurity has grown in the region.', ['economy']],
    ['We discussed health security and vaccines.', []],
    ['a new business model for the agency', []],
    // a phrase listed under two topics tags both
    ['Human smuggling networks prey on families.', ['migration', 'security']],
    ['Crossings at our southern border fell.', ['border', 'migration']],
    // the areas' vocabulary
    ['Corruption and impunity undermine the rule of law.', ['security']],
    ['The private sector committed a billion dollars to the region.', ['economy']],
    ['The leaders will meet at the summit to discuss human rights.', ['foreign-policy']],
    ['Tackling climate change and the clean energy transition', ['economy']],
    ['Canada and Japan joined the effort.', ['foreign-policy']],
    // names do not inflect; incoming is not income
    ['They will review incoming shipments.', []],
    ['He spoke Spanish and French at the press conference.', []],
  ])('%s -> %j', (text, expected) => {
    expect(slugs(text)).toEqual([...expected].sort());
  });
});

describe('topic tagging', () => {
  it('tags from keywords with plurals and records the keyword', () => {
    expect(tagText(m, 'to stop drug cartels and arms sales')).toEqual([{ slug: 'security', cue: 'keyword:drug cartel' }]);
    expect(slugs('the trade deficit and our borders')).toEqual(['border', 'economy']);
  });

  it('lets the longest phrase win and masks names of bodies', () => {
    expect(slugs('energy security and the secure flow of goods')).toEqual(['economy']);
    expect(slugs('the Department of Homeland Security staff')).toEqual([]);
    expect(slugs('Felicia Schwartz with The Wall Street Journal')).toEqual([]);
    expect(slugs('Mexico should pay for the wall')).toEqual(['border']);
  });

  it('matches acronyms case-sensitively', () => {
    expect(slugs('cooperation at the OAS and the UN')).toEqual(['foreign-policy']);
    expect(slugs('un poco')).toEqual([]);
  });

  it('tags a paragraph from a sentence-initial cue and records it', () => {
    expect(cueTags(m, 'On economic relations, we expect to talk about our ties.')).toEqual([{ slug: 'economy', cue: 'cue:On economic relations,' }]);
    expect(cueTags(m, 'In terms of press events, we can talk offline.')).toEqual([]);
    expect(tagStatement(m, 'On border management, we have common interest in discussing water resources.')[0]).toEqual({ slug: 'border', cue: 'cue:On border management,' });
  });

  it('tags a subtopic and its ancestors from the lexicon it is given', () => {
    const lexicon: TopicLexiconEntry[] = [
      { slug: 'security', title: 'Security', parentSlug: null, keywords: [] },
      { slug: 'counterterrorism', title: 'Counterterrorism', parentSlug: 'security', keywords: ['terrorist financing'] },
    ];
    const mm = buildTopicMatcher(lexicon);
    expect(tagText(mm, 'we will target terrorist financing')).toEqual([
      { slug: 'counterterrorism', cue: 'keyword:terrorist financing' },
      { slug: 'security', cue: 'subtopic:counterterrorism/keyword:terrorist financing' },
    ]);
    // only the keywords it is given: the default ones are not built in
    expect(tagText(mm, 'drug cartels')).toEqual([]);
  });

  it('compiles a lexicon once and follows every edit of it (topicMatcherFor)', () => {
    const lexicon: TopicLexiconEntry[] = [{ slug: 'energy', title: 'Energy', parentSlug: null, keywords: ['pipeline'] }];
    const first = topicMatcherFor(lexicon);
    const again = topicMatcherFor(lexicon.map((t) => ({ ...t, keywords: [...t.keywords] })));
    // the same content: the same compiled index, but a keyword-hit cache of its own per briefing
    expect(again.insensitive).toBe(first.insensitive);
    expect(again.cache).not.toBe(first.cache);
    expect(tagText(again, 'a new gas pipeline and a refinery')).toEqual([{ slug: 'energy', cue: 'keyword:pipeline' }]);

    const edited = [{ ...lexicon[0], keywords: ['pipeline', 'refinery'] }];
    expect(lexiconKey(edited)).not.toBe(lexiconKey(lexicon));
    expect(tagText(topicMatcherFor(edited), 'a new refinery')).toEqual([{ slug: 'energy', cue: 'keyword:refinery' }]);
    expect(tagText(topicMatcherFor([{ ...lexicon[0], parentSlug: null, title: 'Power' }]), 'energy and power')).toEqual([{ slug: 'energy', cue: 'title:Power' }]);
    expect(tagText(topicMatcherFor(lexicon), 'a new refinery')).toEqual([]);
  });

  it('is linear enough for long texts', () => {
    const text = 'We discussed trade, migration and the border. '.repeat(2000);
    const t0 = Date.now();
    expect(keywordHits(m, text).length).toBeGreaterThan(1000);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
