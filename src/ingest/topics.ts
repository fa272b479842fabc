/**
 * Stage 8: topics. Tags text with agenda topics from the keywords it is given
 * (options.topics, editable by users) plus generic built-in cue rules:
 *
 * - keywords and topic titles, whole words, case-insensitive (all-capital acronyms
 *   case-sensitive), plural 's'/'es' allowed, and the regular inflections of a lower-case last
 *   word (inflectedForms: "deport" finds "deported", "economy" finds "economies"), so a lexicon
 *   lists lemmas, whether it is the default one or one staff edited in the database;
 * - the longest match wins where phrases overlap, except that the same words listed under two
 *   topics tag both ("human smuggling": migration and security); a built-in list of neutral
 *   phrases (names of bodies and posts such as "Homeland Security" or "The Wall Street
 *   Journal", figures of speech such as "business model") masks topic words inside them;
 * - topic cues at the start of a sentence: "On security,", "In terms of the economy,",
 *   "Turning to migration," tag the whole paragraph with the topic named.
 *
 * A subtopic (parentSlug set) that matches tags its ancestors too.
 *
 * Each paragraph is tagged from its own words. Carrying a paragraph's topics over to the next
 * untagged one of the same turn was measured on the development corpus and lost precision
 * (micro-F1 0.93 -> 0.90-0.91 whatever the trigger: any untagged paragraph, one opening with a
 * connective or pronoun, one of 15 words or more), so there is no such rule.
 */
import type { TopicLexiconEntry, TopicTag } from './ingest.types';
import { PhraseIndex } from './phrase-index';

/** Names of bodies and posts that contain topic words but are not about the topic. */
export const NEUTRAL_PHRASES = [
  'Homeland Security',
  'Department of Homeland Security',
  'Secretary of Homeland Security',
  'Homeland Security Secretary',
  'Wall Street',
  'Wall Street Journal',
  'The Wall Street Journal',
  'Secretary of Economy',
  'Secretary of the Economy',
  'Economy Secretary',
  'Secretary of Energy',
  'Energy Secretary',
  'Department of Energy',
  'Secretary of Commerce',
  'Commerce Secretary',
  'Department of Commerce',
  'Secretary of Public Security',
  'National Security Advisor',
  'National Security Adviser',
  'National Security Council',
  'Social Security',
  'security clearance',
  'Customs and Border Protection',
  'Immigration and Customs Enforcement',
  'Drug Enforcement Administration',
  'trade secret',
  'Trade Representative',
  'press availability',
  'Secretary of Agriculture',
  // figures of speech and neighbouring fields
  'business model',
  'business as usual',
  'political climate',
  'health security',
];

interface Phrase {
  text: string;
  lower: string;
  caseSensitive: boolean;
  slug: string | null; // null = neutral
  cue: string;
}

export interface TopicMatcher {
  phrases: Phrase[];
  ancestors: Map<string, string[]>;
  slugs: Set<string>;
  insensitive: PhraseIndex<Phrase>;
  sensitive: PhraseIndex<Phrase>;
  cache: Map<string, KeywordHit[]>;
}

function normPhrase(s: string): string {
  return s
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

export function buildTopicMatcher(topics: TopicLexiconEntry[]): TopicMatcher {
  const phrases: Phrase[] = [];
  const seen = new Set<string>();
  const bySlug = new Map(topics.map((t) => [t.slug, t]));
  const ancestors = new Map<string, string[]>();
  for (const t of topics) {
    const chain: string[] = [];
    let p = t.parentSlug;
    const guard = new Set<string>([t.slug]);
    while (p && bySlug.has(p) && !guard.has(p)) {
      chain.push(p);
      guard.add(p);
      p = bySlug.get(p)!.parentSlug;
    }
    ancestors.set(t.slug, chain);
  }
  // what the indexes look up: each phrase as written, plus the regular inflections of its last word
  const entries: Array<{ phrase: string; value: Phrase }> = [];
  const add = (text: string, slug: string | null, cue: string) => {
    const n = normPhrase(text);
    if (!n) return;
    const caseSensitive = /^[A-Z0-9\-]{2,}$/.test(n) && /[A-Z]/.test(n);
    const key = `${slug}|${caseSensitive ? n : n.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    const phrase: Phrase = { text: n, lower: n.toLowerCase(), caseSensitive, slug, cue };
    phrases.push(phrase);
    entries.push({ phrase: n, value: phrase });
    if (caseSensitive || slug === null) return;
    const lastWord = /([A-Za-z]+)$/.exec(n);
    // a capitalised last word is a name ("Venezuela", "Central American"): names do not inflect
    if (!lastWord || /^[A-Z]/.test(lastWord[1])) return;
    const stem = n.slice(0, n.length - lastWord[1].length);
    for (const form of inflectedForms(lastWord[1])) {
      const variantKey = `${slug}|${(stem + form).toLowerCase()}`;
      if (seen.has(variantKey)) continue;
      seen.add(variantKey);
      entries.push({ phrase: stem + form, value: phrase });
    }
  };
  for (const t of topics) {
    for (const k of t.keywords ?? []) add(k, t.slug, `keyword:${normPhrase(k)}`);
    add(t.title, t.slug, `title:${t.title}`);
  }
  for (const n of NEUTRAL_PHRASES) add(n, null, `neutral:${n}`);
  const insensitive = new PhraseIndex(
    entries.filter((e) => !e.value.caseSensitive),
    true,
    true,
  );
  const sensitive = new PhraseIndex(
    entries.filter((e) => e.value.caseSensitive),
    false,
    true,
  );
  return { phrases, ancestors, slugs: new Set(topics.map((t) => t.slug)), insensitive, sensitive, cache: new Map() };
}

/** A lexicon's identity: equal keys, equal tagging. A changed topic or keyword changes the key. */
export function lexiconKey(topics: TopicLexiconEntry[]): string {
  return JSON.stringify(topics.map((t) => [t.slug, t.title, t.parentSlug, t.keywords ?? []]));
}

// Compiled phrase indexes of the last few lexicons: a bulk ingest tags every briefing from the
// same topics, and compiling them is a third of a millisecond each time.
const COMPILED = new Map<string, TopicMatcher>();

/**
 * The matcher for these topics, compiled once per distinct lexicon (keyed by its content, so an
 * edited keyword takes effect at once). The keyword-hit cache is new for each call: one briefing's
 * texts never answer for another's.
 */
export function topicMatcherFor(topics: TopicLexiconEntry[]): TopicMatcher {
  const key = lexiconKey(topics);
  let compiled = COMPILED.get(key);
  if (!compiled) {
    compiled = buildTopicMatcher(topics);
    if (COMPILED.size >= 4) COMPILED.delete(COMPILED.keys().next().value!);
    COMPILED.set(key, compiled);
  }
  return { ...compiled, cache: new Map() };
}

/** Words whose regular -ed/-ing/-er forms are other words: "incoming", "waging", "bordering", "sheltered", "united". */
const OTHER_WORD_WHEN_INFLECTED = new Set(['income', 'wage', 'border', 'shelter', 'unit', 'press', 'state', 'arm', 'bank', 'custom', 'port', 'need']);

/**
 * The regular inflections of a lexicon word, so that a keyword written as its lemma also finds
 * its other forms: "migrate" -> migrated, migrating; "deport" -> deported, deporting, deporter;
 * "economy" -> economies; "traffic" -> trafficking; "ship" -> shipping. Plural -s/-es is left to
 * the phrase index. Words under four letters inflect only by doubling ("ban" -> banned) when
 * they end consonant-vowel-consonant; irregular forms ("investor") go in the lexicon itself.
 */
export function inflectedForms(word: string): string[] {
  const w = word.toLowerCase();
  if (!/^[a-z]+$/.test(w) || w.length < 3) return [];
  if (OTHER_WORD_WHEN_INFLECTED.has(w)) return /[^aeiou]y$/.test(w) ? [`${w.slice(0, -1)}ies`] : [];
  const forms: string[] = [];
  const suffixed = (base: string) => forms.push(`${base}ed`, `${base}ing`, `${base}er`, `${base}ers`);
  if (/[^aeiou]y$/.test(w)) {
    const base = w.slice(0, -1);
    forms.push(`${base}ies`, `${base}ied`, `${w}ing`);
  } else if (/[^aeiou]e$/.test(w)) {
    const base = w.slice(0, -1);
    forms.push(`${w}d`, `${base}ing`, `${w}r`, `${w}rs`);
  } else if (/c$/.test(w)) {
    suffixed(`${w}k`);
  } else if (/^[^aeiou]*[aeiou][bdgmnprt]$/.test(w)) {
    // one syllable ending consonant-vowel-consonant doubles its last letter
    suffixed(w + w[w.length - 1]);
  } else if (w.length >= 4) {
    suffixed(w);
  } else return [];
  return forms;
}

export interface KeywordHit {
  start: number;
  end: number;
  slug: string | null;
  cue: string;
}

/** All non-overlapping keyword hits (longest first), neutral phrases included. */
export function keywordHits(matcher: TopicMatcher, text: string): KeywordHit[] {
  const cached = matcher.cache.get(text);
  if (cached) return cached;
  const all = [...matcher.insensitive.findAll(text), ...matcher.sensitive.findAll(text)].map((h) => ({
    start: h.start,
    end: h.end,
    slug: h.value.slug,
    cue: h.value.cue,
  }));
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || (a.slug === null ? 1 : 0) - (b.slug === null ? 1 : 0) || a.start - b.start);
  const kept: KeywordHit[] = [];
  for (const h of all) {
    // the same words listed under two topics ("human smuggling": migration and security) tag both
    const clash = kept.some((k) => h.start < k.end && k.start < h.end && !(k.start === h.start && k.end === h.end && h.slug !== null && k.slug !== null && k.slug !== h.slug));
    if (!clash) kept.push(h);
  }
  kept.sort((a, b) => a.start - b.start);
  if (matcher.cache.size > 5000) matcher.cache.clear();
  matcher.cache.set(text, kept);
  return kept;
}

function pushTag(matcher: TopicMatcher, tags: TopicTag[], slug: string, cue: string): void {
  if (!tags.some((t) => t.slug === slug)) tags.push({ slug, cue });
  for (const anc of matcher.ancestors.get(slug) ?? []) {
    if (!tags.some((t) => t.slug === anc)) tags.push({ slug: anc, cue: `subtopic:${slug}/${cue}` });
  }
}

/** Topic tags from keywords in a piece of text. */
export function tagText(matcher: TopicMatcher, text: string): TopicTag[] {
  const tags: TopicTag[] = [];
  for (const h of keywordHits(matcher, text)) if (h.slug) pushTag(matcher, tags, h.slug, h.cue);
  return tags;
}

const CUE_RE =
  /(?:^|[.?!]\s+)(?:(?:And|So|Now|Finally|Also|Then|First|Second|Third|Lastly),?\s+)?((?:On|Regarding|Concerning|As for|As to|As regards|With regard to|With respect to|In terms of|Turning to|When it comes to|On the (?:issue|question|subject|topic|matter) of|On the (?:subject|topic) of)\s+(?:the\s+)?([^,.;:?!]{2,60}?)(?:\s+(?:front|side|issue|issues|agenda))?,)/g;

/** Sentence-initial topic cues ("On security,", "On economic relations,"). */
export function cueTags(matcher: TopicMatcher, text: string): TopicTag[] {
  const tags: TopicTag[] = [];
  CUE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CUE_RE.exec(text))) {
    const phrase = m[2];
    for (const h of keywordHits(matcher, phrase)) if (h.slug) pushTag(matcher, tags, h.slug, `cue:${m[1]}`);
  }
  return tags;
}

/** Tags for a statement: cue rules first (they name the paragraph's subject), then keywords. */
export function tagStatement(matcher: TopicMatcher, text: string): TopicTag[] {
  const tags = cueTags(matcher, text);
  for (const t of tagText(matcher, text)) if (!tags.some((x) => x.slug === t.slug)) tags.push(t);
  return tags;
}
