/**
 * Stage 6: participants mentioned. Finds "post + name" patterns ("Foreign Secretary Luis
 * Videgaray", "Secretary of National Defense General Cienfuegos", "Mexico President Enrique
 * Pena Nieto", "Secretaries Kelly and Tillerson"), merges mentions of one person ("President
 * Nieto" is "President Pena Nieto"), and resolves each person's post, country and
 * organisation from the gazetteer and the context:
 *
 *  1. a country word before the post ("Mexican Secretary of Government Osorio");
 *  2. an organisation next to the name ("Secretary Kelly from the Department of Homeland Security");
 *  3. a post that only one of the two dialogue countries has ("Secretary of Finance" -> MX,
 *     "Foreign Secretary" -> the counterpart, since the home country has none);
 *  4. a colleague in the same list holding a different post of a resolved country
 *     ("Secretary of National Defense General Cienfuegos and Secretary of the Navy Admiral Soberon");
 *  5. otherwise the home country (the government giving the briefing).
 *
 * An appositive "his first trip as Secretary of State" gives the post of the person just named.
 * Mentions that match a speaker (SECRETARY TILLERSON:, MR. TONER:) are merged into the speaker.
 */
import type { ParsedOrganization, ParsedPerson } from './ingest.types';
import {
  HONORIFICS,
  PLURAL_POSTS,
  POST_FORMS,
  countryOfWord,
  escapeRe,
  findCountryWords,
  findOrganizations,
  lookupPost,
  postCountries,
  postOrg,
  type PostDef,
  type PostMatch,
} from './gazetteer';
import { GIVEN_NAMES } from './given-names';
import { PhraseIndex } from './phrase-index';
import { splitSentences, type Span } from './sentences';
import { slugify } from './speakers';

export interface Source {
  /** Statement index; -1 for the title, -2 for the header attribution. */
  id: number;
  text: string;
  sentences?: Span[];
  /** Title-case text (headlines): stricter name rules. */
  titleCase?: boolean;
}

export interface RawMention {
  source: number;
  start: number;
  end: number;
  nameStart: number;
  nameEnd: number;
  nameTokens: string[];
  post: PostMatch | null;
  postText: string | null;
  honorific: string | null;
  countryHint: string | null;
  orgHint: ParsedOrganization | null;
  listId: number;
  between: boolean;
  /** The list is an object ("meet with A and B", "including A and B"), not a subject. */
  objectList?: boolean;
  cue: string;
}

export interface ResolvedMention {
  source: number;
  start: number;
  end: number;
  key: string;
  kind: 'named' | 'definite' | 'bare' | 'stand-in';
}

const NAME_STOP = new Set(
  (
    'The A An And Or But Nor In On At To For Of From With By As Is Was Are Were Be This That These Those It He She They We I You ' +
    'Our His Her Their Its My Your Who Whom Which What When Where Why How If Then So Also Not No Yes Thanks Thank Please Next Last ' +
    'First Second Third Good Great Well Now Today Tomorrow Yesterday Again Both Each All Any Some One Two Three Four Five Number ' +
    'Mr Mrs Ms Dr Sir Madam Department Government Ministry Secretariat Office House White Senate Congress Capitol Hill Embassy ' +
    'Security Homeland Foreign National Defense Defence Navy Army Air Force Marine Marines Coast Guard Finance Treasury State ' +
    'Affairs Initiative Command Southern Northern Senior Administration Official Officials Moderator Operator Secretary Secretaries ' +
    'President Presidents Minister Ministers Ambassador General Admiral Cabinet Prime Vice Deputy Under Assistant Acting Chief ' +
    'Before After During Departure Arrival Remarks Meeting Meetings Press Conference Briefing Briefings Call Calls Statement Travel ' +
    'Visit Trip Joint Bilateral Trade Special Background Daily Via Teleconference Previewing Preview Regarding About Upon Aboard En ' +
    'Route Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September ' +
    'October November December Government Republic Kingdom Union Nations Organization Council Agency Bureau Service Services ' +
    'Committee Commission Party Center Centre Institute University Court Supreme Federal Central Americas America American ' +
    'Washington Brussels Mexico Mexican City Ukraine Europe European Latin North South East West Asia Africa Pacific Atlantic Gulf'
  ).split(/\s+/),
);

const HONORIFIC_FORMS = Object.keys(HONORIFICS);
const FALLBACK_POST_RE = /(?:Secretary|Minister) (?:of|for) (?:the )?[A-Z][a-z]+(?: and [A-Z][a-z]+| Affairs| [A-Z][a-z]+ Affairs)?(?=[\s,])/y;

let POST_INDEX: PhraseIndex<string> | null = null;
function postIndex(): PhraseIndex<string> {
  if (!POST_INDEX) {
    const forms = new Set<string>([...POST_FORMS, ...Object.keys(PLURAL_POSTS), ...HONORIFIC_FORMS]);
    POST_INDEX = new PhraseIndex(Array.from(forms).map((f) => ({ phrase: f, value: f })));
  }
  return POST_INDEX;
}

/** Post (or rank) phrases in text order, longest at each position, with a country word just before. */
function findPostPhrases(text: string): Array<{ start: number; postStart: number; end: number; written: string; country: string | null; base?: string }> {
  const hits = postIndex().findAll(text);
  const best = new Map<number, { end: number; written: string }>();
  for (const h of hits) {
    if (!/^[\s,]/.test(text[h.end] ?? '')) continue;
    if (/[.'\-]/.test(text[h.start - 1] ?? '')) continue;
    const cur = best.get(h.start);
    if (!cur || h.end > cur.end) best.set(h.start, { end: h.end, written: h.phrase });
  }
  for (const [pos, cur] of best) {
    const base = /(?:Secretary|Minister)$/.exec(cur.written);
    if (base) {
      // "Secretary of Tourism", "Under Secretary for Political Affairs"
      const at = pos + base.index;
      FALLBACK_POST_RE.lastIndex = at;
      const m = FALLBACK_POST_RE.exec(text);
      if (m && at + m[0].length > cur.end) best.set(pos, { end: at + m[0].length, written: text.slice(pos, at + m[0].length) });
    }
  }
  const out: Array<{ start: number; postStart: number; end: number; written: string; country: string | null; base?: string }> = [];
  let coveredTo = -1;
  for (const pos of Array.from(best.keys()).sort((a, b) => a - b)) {
    const cur = best.get(pos)!;
    if (pos < coveredTo) continue; // inside a longer post ("Secretary" in "Under Secretary for ...")
    coveredTo = cur.end;
    let start = pos;
    let country: string | null = null;
    // "Senior Advisor to the President Jared Kushner": the whole title is the post
    const compound = /((?:[A-Z][a-z]+ ){1,4})(?:to|of|for) the $/.exec(text.slice(Math.max(0, pos - 50), pos));
    if (compound && !/^(?:Office|Department|Ministry|Secretariat|Embassy|Government|House) /.test(compound[1])) {
      start = pos - compound[0].length;
      out.push({ start, postStart: start, end: cur.end, written: `${compound[0]}${cur.written}`, country: null, base: cur.written });
      continue;
    }
    if (text[pos - 1] === ' ') {
      const window = text.slice(Math.max(0, pos - 40), pos - 1);
      const cw = findCountryWords(window).filter((w) => w.w.kind !== 'city' && w.end === window.length);
      if (cw.length) {
        country = cw[0].w.code;
        start = pos - 1 - (window.length - cw[0].start);
      }
    }
    out.push({ start, postStart: pos, end: cur.end, written: cur.written, country });
  }
  return out;
}

const TOKEN_RE = /(?:Mc|Mac|O'|D'|De|Di|Le|Van)?[\p{Lu}][\p{Ll}]+(?:-[\p{L}][\p{Ll}]+)?(?![\p{L}])|[\p{Lu}]\.(?=\s)/uy;
const PARTICLE_RE = /(?:de la|de los|del|de|da|van der|van|von|bin|al|la) (?=[\p{Lu}])/uy;

function isStop(tok: string, titleCase: boolean): boolean {
  if (NAME_STOP.has(tok.replace(/\.$/, ''))) return true;
  if (countryOfWord(tok)) return true;
  if (titleCase && /^(New|Old|Big|Top|Key|Full|High|Final|Official|Remarks)$/.test(tok)) return true;
  return false;
}

/** Parses up to four name tokens at `pos`; returns [] when there is no name. */
export function parseName(text: string, pos: number, titleCase = false): { tokens: string[]; start: number; end: number } {
  let i = pos;
  while (text[i] === ' ') i++;
  const start = i;
  const tokens: string[] = [];
  const ends: number[] = [];
  while (tokens.length < 4) {
    let j = i;
    let particle = '';
    if (tokens.length || pos > 0) {
      PARTICLE_RE.lastIndex = j;
      const part = PARTICLE_RE.exec(text);
      if (part) {
        particle = part[0];
        j += part[0].length;
      }
    }
    TOKEN_RE.lastIndex = j;
    const m = TOKEN_RE.exec(text);
    if (!m) break;
    const tok = m[0];
    if (isStop(tok, titleCase)) break;
    if (particle) {
      tokens.push(particle.trim());
      ends.push(j - 1);
    }
    tokens.push(tok);
    ends.push(j + tok.length);
    // continue only across one or two spaces on the same line
    let k = j + tok.length;
    while (text[k] === ' ') k++;
    if (k === j + tok.length || k - (j + tok.length) > 2) break;
    i = k;
  }
  // a trailing initial or particle is not part of the name
  while (tokens.length && (/^[\p{Lu}]\.$/u.test(tokens[tokens.length - 1]) || /^[a-z]/.test(tokens[tokens.length - 1]))) {
    tokens.pop();
    ends.pop();
  }
  if (titleCase && tokens.length > 3) {
    tokens.length = 3;
    ends.length = 3;
  }
  if (!tokens.length) return { tokens: [], start, end: start };
  return { tokens, start, end: ends[ends.length - 1] };
}

const LOWER_POST_RE = /\b(foreign minister|foreign secretary|defense minister|defence minister|finance minister|interior minister|prime minister|vice president|president|secretary of state|ambassador)\s*,\s+(?=[\p{Lu}])/gu;

const NAME_THEN_POST_RE =
  /\b((?:[A-Z][a-z]+ )(?:[A-Z]\. )?(?:Mc|Mac)?[A-Z][a-z]+), (?:who is |who's |who serves as )?(?:the |our |a )?((?:(?:Deputy|Senior|Special|Principal|Assistant|Acting|Executive|Chief|National|Homeland) )*(?:Director|Secretary|Assistant|Advisor|Adviser|Spokesperson|Spokesman|Coordinator|Ambassador|Counselor|Administrator|Envoy|Representative|Chief of Staff)(?: (?:of|for|to) (?:the )?[A-Z][\w-]*(?: (?:and )?[A-Z][\w-]*){0,4})?)/g;

const LIST_GAP_RE = /^\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|as well as\s+|or\s+|&\s+)(?:the\s+|with\s+)?$/;
const BETWEEN_RE = /\bbetween\s+(?:the\s+)?$/;
const OBJECT_LIST_RE = /\b(?:with|including|includes|joined by|accompanied by|meet|meets|see|host|hosts|welcome|welcomes)\s+(?:the\s+)?$/;

/** All post + name (and rank + name) mentions in one source. */
export function extractMentions(src: Source): RawMention[] {
  const text = src.text;
  const out: RawMention[] = [];
  let consumed = 0;
  for (const ph of findPostPhrases(text)) {
    if (ph.postStart < consumed) continue;
    const start = ph.start;
    const written = ph.written;
    let after = ph.end;
    let post: PostMatch | null = null;
    let honorific: string | null = null;
    const plural = PLURAL_POSTS[written];
    if (plural) post = lookupPost(plural);
    else if (ph.base) {
      const base = lookupPost(ph.base);
      post = base ? { canonical: written, def: { ...base.def, post: written, generic: false, honorific: false }, modifier: null } : null;
    } else post = lookupPost(written);
    if (!post && HONORIFICS[written]) honorific = HONORIFICS[written];
    if (!post && !honorific && !plural) {
      // fallback "Secretary of Tourism"
      const def: PostDef = { post: written, countries: [{ country: '*', org: null }] };
      post = { canonical: written, def, modifier: null };
    }
    if (post?.def.honorific) honorific = post.canonical;
    // rank after a post: "Secretary of the Navy Admiral Soberon"
    const rest = text.slice(after);
    const rank = /^\s+((?:Lieutenant|Major|Brigadier|Vice|Rear)\s+(?:General|Admiral)|General|Gen\.|Admiral|Adm\.|Colonel|Col\.|Ambassador|Dr\.)(?=\s)/.exec(rest);
    if (post && rank) {
      honorific = HONORIFICS[rank[1]] ?? rank[1];
      after += rank[0].length;
    }
    const name = parseName(text, after, !!src.titleCase);
    let countryHint = ph.country;
    if (!name.tokens.length) {
      if (post && !post.def.generic && !plural) {
        out.push({
          source: src.id, start, end: ph.end, nameStart: -1, nameEnd: -1, nameTokens: [], post,
          postText: written, honorific: null, countryHint, orgHint: null, listId: -1, between: false, cue: 'post-only',
        });
      }
      continue;
    }
    const mentionsHere: Array<{ tokens: string[]; start: number; end: number }> = [name];
    if (plural) {
      let pos = name.end;
      for (;;) {
        const conj = /^(\s*,\s*(?:and\s+)?|\s+and\s+|\s+&\s+)/.exec(text.slice(pos));
        if (!conj) break;
        const nx = parseName(text, pos + conj[0].length, !!src.titleCase);
        if (!nx.tokens.length) break;
        mentionsHere.push(nx);
        pos = nx.end;
      }
    }
    const last = mentionsHere[mentionsHere.length - 1];
    // "President Enrique Pena Nieto of Mexico", "Prime Minister Justin Trudeau of Canada"
    if (!countryHint) {
      const of = /^,?\s+of\s+(?:the\s+)?/.exec(text.slice(last.end, last.end + 12));
      if (of) {
        const cw = findCountryWords(text.slice(last.end + of[0].length, last.end + of[0].length + 40)).find((w) => w.start === 0 && w.w.kind === 'name');
        if (cw) countryHint = cw.w.code;
      }
    }
    // an organisation right after the name: "Secretary Kelly from the Department of Homeland Security"
    let orgHint: ParsedOrganization | null = null;
    const tail = /^,?\s+(?:from|of)\s+(?:the\s+)?/.exec(text.slice(last.end, last.end + 20));
    if (tail) {
      const after2 = last.end + tail[0].length;
      const orgs = findOrganizations(text.slice(after2, after2 + 70));
      if (orgs.length && orgs[0].start === 0 && orgs[0].org.kind === 'GOVERNMENT') orgHint = orgs[0].org;
    }
    for (const nm of mentionsHere) {
      out.push({
        source: src.id,
        start: nm === name ? start : nm.start,
        end: nm.end,
        nameStart: nm.start,
        nameEnd: nm.end,
        nameTokens: nm.tokens,
        post,
        postText: plural ? plural : post ? written : null,
        honorific,
        countryHint,
        orgHint,
        listId: -1,
        between: false,
        cue: post ? `post:${post.canonical}` : `honorific:${honorific}`,
      });
    }
    consumed = Math.max(consumed, last.end);
  }
  // a lower-case post in apposition: "the Republic of Korea's foreign minister, Yun Byung-se"
  LOWER_POST_RE.lastIndex = 0;
  let lm: RegExpExecArray | null;
  while ((lm = LOWER_POST_RE.exec(text))) {
    const nameAt = lm.index + lm[0].length;
    if (out.some((o) => o.start <= nameAt && nameAt < o.end)) continue;
    const name = parseName(text, nameAt, !!src.titleCase);
    if (!name.tokens.length) continue;
    const post = lookupPost(lm[1].replace(/\b\w/g, (c) => c.toUpperCase()).replace(/ Of /g, ' of '));
    if (!post) continue;
    const window = text.slice(Math.max(0, lm.index - 40), lm.index).replace(/\s+$/, '');
    const cw = findCountryWords(window).filter((w) => w.w.kind !== 'city' && w.end === window.length)[0];
    out.push({
      source: src.id, start: lm.index, end: name.end, nameStart: name.start, nameEnd: name.end, nameTokens: name.tokens, post, postText: lm[1],
      honorific: null, countryHint: cw ? cw.w.code : null, orgHint: null, listId: -1, between: false, cue: `post:${post.canonical}`,
    });
  }
  // a name followed by its post: "Denis McDonough, who is the Director of Strategic Communications at
  // the National Security Council", "Dan Restrepo, Special Assistant to the President"
  NAME_THEN_POST_RE.lastIndex = 0;
  while ((lm = NAME_THEN_POST_RE.exec(text))) {
    const nameAt = lm.index;
    if (out.some((o) => o.start <= nameAt && nameAt < o.end)) continue;
    const name = parseName(text, nameAt, !!src.titleCase);
    if (name.tokens.length < 2 || name.end !== nameAt + lm[1].length) continue;
    const written = lm[2].trim();
    const known = lookupPost(written);
    const post: PostMatch = known ?? { canonical: written, def: { post: written, countries: [{ country: '*', org: null }] }, modifier: null };
    let orgHint: ParsedOrganization | null = null;
    const at = /^\s+(?:at|of|in) (?:the )?/.exec(text.slice(lm.index + lm[0].length, lm.index + lm[0].length + 12));
    if (at) {
      const from = lm.index + lm[0].length + at[0].length;
      const orgs = findOrganizations(text.slice(from, from + 70));
      if (orgs.length && orgs[0].start === 0) orgHint = orgs[0].org;
    }
    out.push({
      source: src.id, start: nameAt, end: lm.index + lm[0].length, nameStart: name.start, nameEnd: name.end, nameTokens: name.tokens, post,
      postText: written, honorific: null, countryHint: null, orgHint, listId: -1, between: false, cue: `post-after-name:${post.canonical}`,
    });
  }
  // coordination lists
  out.sort((a, b) => a.start - b.start);
  let listId = 0;
  for (let i = 0; i < out.length; i++) {
    if (out[i].listId < 0) {
      out[i].listId = ++listId + src.id * 1000;
      const before = text.slice(Math.max(0, out[i].start - 24), out[i].start);
      out[i].between = BETWEEN_RE.test(before);
      out[i].objectList = OBJECT_LIST_RE.test(before);
    }
    const nx = out[i + 1];
    if (nx && nx.start >= out[i].end && LIST_GAP_RE.test(text.slice(out[i].end, nx.start))) {
      nx.listId = out[i].listId;
      nx.between = out[i].between;
      nx.objectList = out[i].objectList;
    }
  }
  return out;
}

// namesCompatible folds the same few name tokens for every pair of mentions: remember them.
const FOLDED = new Map<string, string>();

function fold(s: string): string {
  let f = FOLDED.get(s);
  if (f === undefined) {
    f = s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    if (FOLDED.size > 10000) FOLDED.clear();
    FOLDED.set(s, f);
  }
  return f;
}

const INITIAL_RE = /^[\p{Lu}]\.$/u;

function core(tokens: string[]): string[] {
  return tokens.filter((t) => !INITIAL_RE.test(t)).map(fold);
}

export function namesCompatible(a: string[], b: string[]): boolean {
  const A = core(a);
  const B = core(b);
  const [s, l] = A.length <= B.length ? [A, B] : [B, A];
  if (!s.length) return false;
  if (s.every((t, i) => t === l[l.length - s.length + i])) return true;
  if (s.length === 2 && l.length > 2 && s[0] === l[0] && s[1] === l[l.length - 1]) return true;
  // Spanish usage: the paternal surname alone ("Amador" for "Edgar Amador Zamora")
  if (s.length === 1 && l.length >= 3 && s[0] === l[l.length - 2]) return true;
  return false;
}

/** Posts that different texts name differently. */
const POST_EQUIVALENTS: string[][] = [
  ['Foreign Secretary', 'Foreign Minister', 'Secretary of Foreign Affairs'],
  ['Secretary of Finance', 'Finance Minister'],
  ['Secretary of Government', 'Secretary of the Interior'],
  ['Secretary of National Defense', 'Defense Minister'],
  ['Secretary of Economy', 'Economy Minister'],
];

export function postsCompatible(a: PostMatch | null, b: PostMatch | null): boolean {
  if (!a || !b) return true;
  if (a.canonical === b.canonical) return true;
  if (b.canonical.startsWith(`${a.canonical} `) || a.canonical.startsWith(`${b.canonical} `)) return true;
  if (POST_EQUIVALENTS.some((g) => g.includes(a.canonical) && g.includes(b.canonical))) return true;
  if (a.def.generic && !a.modifier && b.canonical.includes(a.canonical)) return true;
  if (b.def.generic && !b.modifier && a.canonical.includes(b.canonical)) return true;
  return false;
}

/** Posts held by one person per country at a time. */
const HEAD_POSTS = new Set(['President', 'Vice President', 'Prime Minister', 'Foreign Minister', 'Foreign Secretary', 'President-elect']);

/** Countries whose naming custom gives people two surnames. */
const HISPANIC = new Set(['MX', 'ES', 'GT', 'HN', 'SV', 'NI', 'CR', 'PA', 'CU', 'DO', 'PR', 'CO', 'VE', 'EC', 'PE', 'BO', 'CL', 'AR', 'UY', 'PY']);

interface Group {
  speaker: ParsedPerson | null;
  names: string[][];
  posts: Array<{ post: PostMatch; cue: string }>;
  honorifics: string[];
  countryHints: string[];
  orgHints: ParsedOrganization[];
  mentions: RawMention[];
  cues: string[];
  aliases: string[];
  country: string | null;
  countryCue: string | null;
  order: number;
  /** The distinct names of `names` (namesCompatible gives the same answer for a repeated name). */
  nameKeys: Set<string>;
  /** The distinct posts of `posts` as postsCompatible sees them (canonical, generic, modifier or not). */
  postKinds: Map<string, PostMatch>;
  /** bestPost's answer for the first `n` posts (posts are only ever appended). */
  best?: { n: number; post: PostMatch | null };
}

/**
 * A group's lists grow with every mention merged into it (a long briefing names the same people
 * hundreds of times): what is asked of them for each new mention is asked of their distinct
 * values, so that the merge stays linear in the number of mentions.
 */
function newGroup(speaker: ParsedPerson | null, order: number): Group {
  return {
    speaker, names: [], posts: [], honorifics: [], countryHints: [], orgHints: [], mentions: [], cues: [], aliases: [],
    country: null, countryCue: null, order, nameKeys: new Set(), postKinds: new Map(),
  };
}

function addName(g: Group, tokens: string[]): void {
  const key = tokens.join('\u0000');
  if (g.nameKeys.has(key)) return;
  g.nameKeys.add(key);
  g.names.push(tokens);
}

function addPost(g: Group, post: PostMatch, cue: string): void {
  g.posts.push({ post, cue });
  const kind = `${post.canonical}\u0000${post.def.generic ? 1 : 0}\u0000${post.modifier ? 1 : 0}`;
  if (!g.postKinds.has(kind)) g.postKinds.set(kind, post);
}

/** Every post of the group is compatible with `post`. */
function postsAllCompatible(g: Group, post: PostMatch | null): boolean {
  for (const p of g.postKinds.values()) if (!postsCompatible(p, post)) return false;
  return true;
}

function hasSpecificPost(g: Group): boolean {
  for (const p of g.postKinds.values()) if (!p.def.generic) return true;
  return false;
}

export interface PeopleContext {
  home: string | null;
  counterpart: string | null;
}

export interface PeopleResult {
  mentioned: ParsedPerson[];
  resolved: ResolvedMention[];
  /** The person each raw mention was merged into. */
  mentionKeys: Map<RawMention, string>;
}

function bestPost(g: Group): PostMatch | null {
  if (g.best?.n !== g.posts.length) g.best = { n: g.posts.length, post: choosePost(g.posts) };
  return g.best.post;
}

/** The most frequent post (then the longest, then the first), specific ones and full forms first. */
function choosePost(posts: Group['posts']): PostMatch | null {
  const specific = posts.filter((p) => !p.post.def.generic || p.post.modifier);
  const pool = specific.length ? specific : posts;
  // "Deputy Secretary" is a short form of "Deputy Secretary of State": keep the full one
  const canonicals = new Set(pool.map((p) => p.post.canonical));
  const shortForm = new Map<string, boolean>();
  for (const c of canonicals) shortForm.set(c, Array.from(canonicals).some((q) => q.startsWith(`${c} `)));
  const counts = new Map<string, { p: PostMatch; n: number; first: number }>();
  let i = 0;
  for (const p of pool) {
    if (shortForm.get(p.post.canonical)) continue;
    const c = counts.get(p.post.canonical) ?? { p: p.post, n: 0, first: i };
    c.n++;
    counts.set(p.post.canonical, c);
    i++;
  }
  if (!counts.size) return null;
  return Array.from(counts.values()).sort((a, b) => b.n - a.n || b.p.canonical.length - a.p.canonical.length || a.first - b.first)[0].p;
}

function groupAccepts(g: Group, m: RawMention): boolean {
  if (!g.names.some((n) => namesCompatible(n, m.nameTokens))) return false;
  if (m.post && !postsAllCompatible(g, m.post)) return false;
  if (m.countryHint && g.countryHints.length && !g.countryHints.includes(m.countryHint)) return false;
  return true;
}

function mentionText(src: Map<number, Source>, m: RawMention): string {
  return src.get(m.source)?.text.slice(m.start, m.end) ?? '';
}

/**
 * Merges mentions into people (or into named speakers) and resolves posts, countries and
 * organisations. Also resolves bare surnames ("Trump and Mexico") and definite descriptions
 * ("the President") to the people already known.
 */
export function resolvePeople(sources: Source[], mentions: RawMention[], speakers: ParsedPerson[], ctx: PeopleContext): PeopleResult {
  const srcMap = new Map(sources.map((s) => [s.id, s]));
  for (const s of sources) if (!s.sentences) s.sentences = splitSentences(s.text);
  const groups: Group[] = [];
  let order = 0;
  for (const sp of speakers) {
    if (sp.anonymous || sp.role === 'JOURNALIST' || !sp.surname) continue;
    const post = sp.post ? lookupPost(sp.post) : null;
    const g = newGroup(sp, order++);
    addName(g, sp.name.split(' '));
    if (post) addPost(g, post, 'label');
    if (sp.honorific) g.honorifics.push(sp.honorific);
    groups.push(g);
  }
  const named = mentions.filter((m) => m.nameTokens.length);
  // the named mentions of each source, in the order of `named`
  const namedBySource = new Map<number, RawMention[]>();
  for (const m of named) {
    const list = namedBySource.get(m.source);
    if (list) list.push(m);
    else namedBySource.set(m.source, [m]);
  }
  const namedIn = (source: number) => namedBySource.get(source) ?? [];
  const byLength = [...named].sort((a, b) => core(b.nameTokens).length - core(a.nameTokens).length || a.source - b.source || a.start - b.start);
  const mentionKeysTmp = new Map<RawMention, Group>();
  // the groups by the folded tokens of their names: compatible names share one (namesCompatible),
  // so a mention is tried against those groups only, not against every person found so far
  const byToken = new Map<string, Set<Group>>();
  const indexNames = (g: Group, names: string[][] = g.names) => {
    for (const n of names) {
      for (const t of core(n)) {
        const set = byToken.get(t);
        if (set) set.add(g);
        else byToken.set(t, new Set([g]));
      }
    }
  };
  for (const g of groups) indexNames(g);
  for (const m of byLength) {
    const near = new Set<Group>();
    for (const t of core(m.nameTokens)) for (const g of byToken.get(t) ?? []) near.add(g);
    const cands = [...near].filter((g) => groupAccepts(g, m));
    let g = cands.sort((a, b) => (a.speaker ? 0 : 1) - (b.speaker ? 0 : 1) || a.order - b.order)[0];
    if (!g) {
      g = newGroup(null, order++);
      groups.push(g);
    }
    addName(g, m.nameTokens);
    indexNames(g, [m.nameTokens]);
    if (m.post) addPost(g, m.post, m.cue);
    if (m.honorific) g.honorifics.push(m.honorific);
    if (m.countryHint) g.countryHints.push(m.countryHint);
    if (m.orgHint) g.orgHints.push(m.orgHint);
    g.mentions.push(m);
    if (!g.cues.includes(m.cue)) g.cues.push(m.cue);
    const alias = mentionText(srcMap, m);
    if (alias && !g.aliases.includes(alias)) g.aliases.push(alias);
    mentionKeysTmp.set(m, g);
  }
  // appositive posts: "his first bilateral trip as Secretary of State"
  for (const post of mentions.filter((m) => !m.nameTokens.length && m.post)) {
    const src = srcMap.get(post.source)!;
    const before = src.text.slice(Math.max(0, post.start - 100), post.start);
    if (!/\b(?:his|her)\b[^.;!?]{0,80}\bas (?:the )?$/.test(before)) continue;
    const sents = src.sentences!;
    const si = sents.findIndex((s) => s.start <= post.start && post.start < s.end + 1);
    const lo = si > 0 ? sents[si - 1].start : 0;
    const prior = namedIn(post.source).filter((m) => m.end <= post.start && m.start >= lo).sort((a, b) => b.start - a.start);
    for (const m of prior) {
      const g = mentionKeysTmp.get(m);
      if (!g) continue;
      const hasSpecific = hasSpecificPost(g);
      if (!hasSpecific && postsAllCompatible(g, post.post)) {
        addPost(g, post.post!, 'appositive');
        g.cues.push(`appositive:as ${post.post!.canonical}`);
      }
      break;
    }
  }
  // appositive by comma: "the Secretary of Health and Human Services, Dr. Tom Price",
  // "the President of China, President Xi"
  for (const post of mentions.filter((m) => !m.nameTokens.length && m.post)) {
    const src = srcMap.get(post.source)!;
    const tail = /^(?:\s+of\s+(?:the\s+)?([A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,2}))?,\s+/.exec(src.text.slice(post.end, post.end + 60));
    if (!tail) continue;
    const at = post.end + tail[0].length;
    const next = namedIn(post.source).find((m) => m.start === at);
    const g = next ? mentionKeysTmp.get(next) : undefined;
    if (!g) continue;
    if (!hasSpecificPost(g) || postsAllCompatible(g, post.post)) {
      addPost(g, post.post!, 'appositive');
      g.cues.push(`appositive:${post.post!.canonical}`);
    }
    const c = tail[1] ? findCountryWords(tail[1]).find((w) => w.start === 0 && w.w.kind === 'name') : undefined;
    if (c) g.countryHints.push(c.w.code);
  }
  // countries: explicit evidence and post uniqueness first
  const { home, counterpart } = ctx;
  const resolveDirect = (g: Group) => {
    if (g.countryHints.length) {
      const counts = new Map<string, number>();
      for (const c of g.countryHints) counts.set(c, (counts.get(c) ?? 0) + 1);
      g.country = Array.from(counts.entries()).sort((a, b) => b[1] - a[1])[0][0];
      g.countryCue = 'country:prefix';
      return;
    }
    const orgC = g.orgHints.find((o) => o.country)?.country;
    if (orgC) {
      g.country = orgC;
      g.countryCue = 'country:organization';
      return;
    }
    if (g.speaker?.country) {
      g.country = g.speaker.country;
      g.countryCue = 'country:speaker';
      return;
    }
    const p = bestPost(g);
    if (!p) return;
    const { specific, any, notIn } = postCountries(p.def);
    if (any && home && notIn.length === 1 && notIn[0] === home && counterpart && !specific.length) {
      g.country = counterpart;
      g.countryCue = 'country:post-not-home';
      return;
    }
    const hasHome = !!home && specific.includes(home);
    const hasCp = !!counterpart && specific.includes(counterpart);
    if (hasHome && !hasCp && !any) {
      g.country = home;
      g.countryCue = 'country:post-home';
    } else if (hasCp && !hasHome) {
      g.country = counterpart;
      g.countryCue = 'country:post-counterpart';
    } else if (specific.length === 1 && !any) {
      g.country = specific[0];
      g.countryCue = 'country:post';
    }
  };
  groups.forEach(resolveDirect);
  // list colleagues with a different post ("Secretary of National Defense General Cienfuegos and
  // Secretary of the Navy Admiral Soberon"); a bare "Secretary" is too weak a clue for this
  for (const g of groups) {
    if (g.country) continue;
    const p = bestPost(g);
    if (!p || p.def.generic) continue;
    for (const m of g.mentions) {
      if (m.between || !m.objectList) continue;
      const mates = namedIn(m.source).filter((o) => o !== m && o.listId === m.listId);
      const countries = new Set<string>();
      for (const o of mates) {
        const og = mentionKeysTmp.get(o);
        const op = og ? bestPost(og) : null;
        if (!og || og === g || !og.country || (op && p && op.canonical === p.canonical)) continue;
        countries.add(og.country);
      }
      if (countries.size === 1) {
        g.country = Array.from(countries)[0];
        g.countryCue = 'country:list-colleague';
        break;
      }
    }
  }
  for (const g of groups) {
    if (g.country) continue;
    const p = bestPost(g);
    if (!p || !home) continue;
    const { specific, any, notIn } = postCountries(p.def);
    if ((any && !notIn.includes(home)) || specific.includes(home)) {
      g.country = home;
      g.countryCue = 'country:home-default';
    }
  }
  // two heads of government with the same post in one sentence are counterparts
  // ("President Obama's visit to Mexico to see President Pena Nieto")
  if (home && counterpart) {
    for (const src of sources) {
      for (const sent of src.sentences!) {
        const here = namedIn(src.id).filter((m) => m.start >= sent.start && m.end <= sent.end);
        const byPost = new Map<string, Group[]>();
        for (const m of here) {
          const g = mentionKeysTmp.get(m);
          const p = g ? bestPost(g) : null;
          if (!g || !p || !HEAD_POSTS.has(p.canonical)) continue;
          const list = byPost.get(p.canonical) ?? [];
          if (!list.includes(g)) list.push(g);
          byPost.set(p.canonical, list);
        }
        for (const gs of byPost.values()) {
          if (gs.length < 2) continue;
          const weak = gs.filter((g) => g.countryCue === 'country:home-default');
          if (!weak.length) continue;
          const strong = gs.filter((g) => !weak.includes(g));
          if (strong.some((g) => g.country === counterpart)) continue;
          const move = strong.some((g) => g.country === home) ? weak : weak.slice(1);
          for (const g of move) {
            g.country = counterpart;
            g.countryCue = 'country:counterpart-pair';
          }
        }
      }
    }
  }
  // build people
  const mentioned: ParsedPerson[] = [];
  const usedKeys = new Set(speakers.map((s) => s.key));
  const groupKey = new Map<Group, string>();
  const firstPositions = new Map<Group, number>();
  const firstPos = (g: Group) => {
    let pos = firstPositions.get(g);
    if (pos === undefined) firstPositions.set(g, (pos = g.mentions.reduce((acc, m) => Math.min(acc, (m.source + 2) * 1e7 + m.start), Infinity)));
    return pos;
  };
  const ordered = groups.filter((g) => g.speaker || g.mentions.length).sort((a, b) => firstPos(a) - firstPos(b));
  for (const g of ordered) {
    const full = g.names.reduce((best, n) => (n.length > best.length ? n : best), g.names[0]);
    const fullCore = core(full);
    let surnameTokens: string[] = full.length > 1 ? [full[full.length - 1]] : full;
    for (const n of g.names) {
      const c = core(n);
      if (c.length < fullCore.length && c.length > 1 && namesCompatible(n, full) && c.every((t, i) => t === fullCore[fullCore.length - c.length + i])) {
        if (c.length > core(surnameTokens).length) surnameTokens = n.filter((t) => !/^[\p{Lu}]\.$/u.test(t));
      }
    }
    // Spanish naming: given name(s) + paternal + maternal surname ("Enrique Pena Nieto")
    const plain = full.filter((t) => !/^[\p{Lu}]\.$/u.test(t) && /^[\p{Lu}]/u.test(t));
    const particleBeforeLast = full.length >= 2 && /^[a-z]/.test(full[full.length - 2]);
    if (particleBeforeLast && core(surnameTokens).length === 1) surnameTokens = full.slice(-2); // "de la Fuente"
    else if (g.country && HISPANIC.has(g.country) && core(surnameTokens).length === 1 && !g.speaker) {
      if (plain.length >= 3) surnameTokens = plain.slice(-2);
      // "President Pena Nieto": two capitalised words, the first not a given name
      else if (plain.length === 2 && !GIVEN_NAMES.has(plain[0])) surnameTokens = plain;
    }
    let post = bestPost(g);
    // among equivalent names of the post, prefer one the gazetteer knows for this country
    if (post && g.country && !postOrg(post.def, g.country)) {
      const alt = g.posts.find((p) => postOrg(p.post.def, g.country) && postsCompatible(p.post, post));
      if (alt) post = alt.post;
    }
    const org = g.orgHints[0] ?? (post ? postOrg(post.def, g.country) : null);
    if (g.speaker) {
      const sp = g.speaker;
      if (full.length > sp.name.split(' ').length) sp.name = full.join(' ');
      sp.surname = surnameTokens.join(' ');
      if (post && (!sp.post || postsCompatible(lookupPost(sp.post), post))) sp.post = post.canonical;
      if (!sp.honorific && g.honorifics.length) sp.honorific = g.honorifics[0];
      if (!sp.country) sp.country = g.country;
      if (!sp.organization) sp.organization = org;
      for (const a of g.aliases) if (!sp.aliases.includes(a)) sp.aliases.push(a);
      for (const c of g.cues) if (!sp.cues.includes(c)) sp.cues.push(c);
      groupKey.set(g, sp.key);
      continue;
    }
    let key = `person:${slugify(full.join(' '))}`;
    for (let n = 2; usedKeys.has(key); n++) key = `person:${slugify(full.join(' '))}-${n}`;
    usedKeys.add(key);
    groupKey.set(g, key);
    const cues = [...g.cues];
    if (g.countryCue) cues.push(g.countryCue);
    mentioned.push({
      key,
      name: full.join(' '),
      surname: surnameTokens.join(' '),
      honorific: g.honorifics[0] ?? null,
      post: post?.canonical ?? null,
      role: post ? 'OFFICIAL' : 'OTHER',
      anonymous: false,
      attribution: null,
      organization: org,
      country: g.country,
      aliases: g.aliases.filter((a) => a !== full.join(' ')),
      cues,
    });
  }
  const mentionKeys = new Map<RawMention, string>();
  const resolved: ResolvedMention[] = [];
  // the same mentions by source, for `taken`
  const resolvedBySource = new Map<number, ResolvedMention[]>();
  const resolve = (r: ResolvedMention) => {
    resolved.push(r);
    const list = resolvedBySource.get(r.source);
    if (list) list.push(r);
    else resolvedBySource.set(r.source, [r]);
  };
  for (const [m, g] of mentionKeysTmp) {
    const key = groupKey.get(g);
    if (!key) continue;
    mentionKeys.set(m, key);
    resolve({ source: m.source, start: m.start, end: m.end, key, kind: 'named' });
  }
  // bare surnames and definite descriptions
  const people = [...speakers.filter((s) => !s.anonymous && s.surname && s.role !== 'JOURNALIST'), ...mentioned];
  const surnameRes = people
    .filter((p) => p.surname)
    .map((p) => {
      const toks = p.surname!.split(' ');
      const forms = new Set([p.surname!]);
      if (toks.length > 1) forms.add(toks[toks.length - 1]);
      return { p, forms, re: new RegExp(`(?<![\\p{L}])(?:${Array.from(forms).map(escapeRe).sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}])`, 'gu') };
    });
  const taken = (source: number, s: number, e: number) => (resolvedBySource.get(source) ?? []).some((r) => s < r.end && r.start < e);
  // a short form shared by several people: how many people have it among their surname's words
  const surnameWords = new Map<string, number>();
  for (const q of people) if (q.surname) for (const w of new Set(q.surname.split(' '))) surnameWords.set(w, (surnameWords.get(w) ?? 0) + 1);
  const sharedForm = (p: ParsedPerson, form: string) => (surnameWords.get(form) ?? 0) - (p.surname!.split(' ').includes(form) ? 1 : 0) > 0;
  // A form can only match where the text has its first word (a run of letters between
  // non-letters, as the patterns' boundaries require): each text is searched for the people whose
  // forms start with one of its words, in the same order as all of them would be, instead of
  // running every person's pattern over every statement.
  const LETTERS = /\p{L}+/gu;
  const firstWord = (form: string) => /^\p{L}+/u.exec(form)?.[0] ?? null;
  const byFirstWord = new Map<string, number[]>();
  const everywhere: number[] = [];
  surnameRes.forEach(({ forms }, i) => {
    for (const form of forms) {
      const w = firstWord(form);
      if (!w) everywhere.push(i);
      else byFirstWord.set(w, [...(byFirstWord.get(w) ?? []), i]);
    }
  });
  const candidatesIn = (text: string) => {
    const found = new Set<number>(everywhere);
    for (const w of text.match(LETTERS) ?? []) for (const i of byFirstWord.get(w) ?? []) found.add(i);
    return [...found].sort((a, b) => a - b).map((i) => surnameRes[i]);
  };
  // "the President" and the like: the people who can be meant, by post and country
  const holders = new Map<string, ParsedPerson[]>();
  const holdersOf = (postName: string, country: string | null) => {
    const key = `${postName}\u0000${country ?? ''}`;
    let cands = holders.get(key);
    if (!cands) {
      cands = people.filter((p) => p.post === postName && (!country || p.country === country));
      if (postName === 'Secretary') {
        // "the Secretary": the Secretary of State in a State Department briefing, else the only secretary named
        cands = people.filter((p) => p.post === 'Secretary of State');
        if (cands.length !== 1) cands = people.filter((p) => /\bSecretary\b/.test(p.post ?? '') && !/Press|Foreign|Deputy|Under|Assistant/.test(p.post ?? ''));
      }
      holders.set(key, cands);
    }
    return cands;
  };
  for (const src of sources) {
    if (src.id < 0) continue;
    for (const { p, re } of candidatesIn(src.text)) {
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(src.text))) {
        if (taken(src.id, m.index, m.index + m[0].length)) continue;
        // ambiguous short form shared by several people: skip
        if (sharedForm(p, m[0])) continue;
        resolve({ source: src.id, start: m.index, end: m.index + m[0].length, key: p.key, kind: 'bare' });
      }
    }
    const def = /\b[Tt]he\s+(?:(Mexican|Mexico's|U\.S\.|American|United States)\s+)?(President|president|Vice President|Secretary of State|Foreign Secretary|Foreign Minister|Prime Minister|Secretary)(?![-\w])(?!\s+(?:of|for|General)\b)(?!\s+[\p{Lu}])(?!'s\s+[\p{Lu}][\p{Ll}]+\s+[\p{Lu}])/gu;
    let m: RegExpExecArray | null;
    while ((m = def.exec(src.text))) {
      if (taken(src.id, m.index, m.index + m[0].length)) continue;
      const country = m[1] ? countryOfWord(m[1])?.code ?? null : m[2] === 'President' ? home : null;
      // "the President" means the home country's president: unknown home, no resolution
      if (m[2] === 'President' && !m[1] && !home) continue;
      const postName = m[2] === 'president' ? 'President' : m[2];
      const cands = holdersOf(postName, country);
      if (cands.length === 1) {
        const start = m.index + m[0].indexOf(m[2]) - (m[1] ? m[1].length + 1 : 0) - 4;
        resolve({ source: src.id, start: Math.max(m.index, start), end: m.index + m[0].length, key: cands[0].key, kind: 'definite' });
        const alias = m[0];
        if (!cands[0].aliases.includes(alias)) cands[0].aliases.push(alias);
      }
    }
  }
  resolved.sort((a, b) => a.source - b.source || a.start - b.start);
  return { mentioned, resolved, mentionKeys };
}
