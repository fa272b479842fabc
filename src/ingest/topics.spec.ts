import { DEFAULT_TOPICS } from './default-topics';
import type { TopicLexiconEntry } from './ingest.types';
import { buildTopicMatcher, cueTags, keywordHits, lexiconKey, tagStatement, tagText, topicMatcherFor } from './topics';

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
