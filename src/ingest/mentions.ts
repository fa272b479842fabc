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
  FAMILY_NAME_FIRST,
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
import { isGivenName } from './given-names';
import { INTERPRETED_CUE } from './interpretation';
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
  /** The post is one held before ("then-Vice President Biden", "former President Trump"). */
  past?: boolean;
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

let POST_INDEX: PhraseIndex<string> | null = null;
function postIndex(): PhraseIndex<string> {
  if (!POST_INDEX) {
    const forms = new Set<string>([...POST_FORMS, ...Object.keys(PLURAL_POSTS), ...HONORIFIC_FORMS]);
    POST_INDEX = new PhraseIndex(Array.from(forms).map((f) => ({ phrase: f, value: f })));
  }
  return POST_INDEX;
}

/** Post heads that take a complement naming their field: "Secretary of Tourism", "Coordinator for the Southern Border". */
const EXTENSIBLE_HEAD_RE = /(?:^|\s)(?:Secretary|Minister|Director|Coordinator|Advis[eo]r|Assistant|Administrator|Envoy|Representative|Counselor|Commissioner|Spokesperson|Councilor)$/;
/** Bare heads that a body or a field before them makes specific: "USAID Administrator", "COVID Coordinator". */
const MODIFIABLE_HEAD_RE = /^(?:(?:Senior|Special|Deputy|Principal|Chief|Executive|Associate|Acting|Interim) )*(?:Director|Coordinator|Advis[eo]r|Administrator|Secretary General|Commissioner|Spokesperson|Envoy|Representative|Counselor)$/;
/** Words that qualify a post's head from the left ("Senior Director", "Domestic Policy Advisor"). */
const LEFT_MODIFIERS = new Set(
  (
    'Senior Special Deputy Principal Chief Executive Associate Acting Interim Domestic International Regional Global Presidential ' +
    'Climate Policy Economic Cyber Health Communications Legislative Political Migration Humanitarian Energy Trade Press Border'
  ).split(' '),
);
const FUNCTION_WORDS = new Set('at in of and on for to with from who which that as by or but the a an is was'.split(' '));
const ACRONYM_RE = /^[A-Z]{2,}(?:-\d+)?$/;
const POST_START_WORDS = new Set(['President', 'Secretary', 'Minister', 'Ambassador', 'General', 'Admiral', 'Governor', 'Mayor', 'Senator', 'Director', 'Dr.', 'Mr.', 'Ms.', 'Mrs.', 'Prime', 'Vice', 'Foreign', 'Special', 'Deputy']);

export interface PostPhrase {
  /** Where the mention starts (a country word or body before the post included). */
  start: number;
  postStart: number;
  end: number;
  written: string;
  country: string | null;
  /** The head the written post was built on ("Director" in "Senior Director for ..."). */
  base?: string;
  org?: ParsedOrganization | null;
}

const CAP_TOKEN_RE = /(?:[\p{Lu}][\p{L}\p{N}'’-]*|[\p{Lu}]\.)(?![\p{L}\p{N}])/uy;
const CONNECTOR_RE = /(?:and|of|for|the|on|&) (?=[\p{Lu}])/uy;

/**
 * The field of a post after its head ("for the Western Hemisphere Juan Gonzalez" -> "for the
 * Western Hemisphere"): capitalised words up to a given name, a rank or post that starts a name,
 * or, before a lower-case verb, the last word (a surname). Null when nothing follows.
 */
function readComplement(text: string, at: number, postStarts: Set<number>, knownNames?: Set<string>): { end: number; nameFollows: boolean } | null {
  const lead = /^ (?:to|for|of|on) (?:the )?(?=[\p{Lu}])/u.exec(text.slice(at, at + 12));
  if (!lead) return null;
  let i = at + lead[0].length;
  const tokens: Array<{ start: number; end: number; tok: string }> = [];
  let stopped = false;
  for (;;) {
    CAP_TOKEN_RE.lastIndex = i;
    const m = CAP_TOKEN_RE.exec(text);
    if (!m) break;
    // "the Secretary of State's first trip": the possessive ends the post
    const possessive = /['’]s$/.test(m[0]);
    const tok = possessive ? m[0].slice(0, -2) : m[0];
    const after = text.slice(i + tok.length, i + tok.length + 2);
    const nextCap = /^ [\p{Lu}]/u.test(after);
    // a speaker's own name ends the post: their given name before it, or the surname itself
    const next = /^ ([\p{Lu}][\p{L}'’-]*)(?! [\p{Lu}])/u.exec(text.slice(i + tok.length, i + tok.length + 40))?.[1];
    const known = !!knownNames && (knownNames.has(tok) || (nextCap && !!next && knownNames.has(next)));
    if (tokens.length && (known || (nextCap && (isGivenName(tok) || POST_START_WORDS.has(tok) || HONORIFICS[tok])))) {
      stopped = true;
      break;
    }
    tokens.push({ start: i, end: i + tok.length, tok });
    if (possessive || text[i + tok.length] !== ' ') break;
    const j = i + tok.length + 1;
    CONNECTOR_RE.lastIndex = j;
    const c = CONNECTOR_RE.exec(text);
    if (c) {
      // "... to the President and Coordinator for ...": a second post, not more of this one
      if (c[0] === 'and ' && postStarts.has(j + c[0].length)) break;
      i = j + c[0].length;
      continue;
    }
    if (/[\p{Lu}]/u.test(text[j] ?? '')) {
      i = j;
      continue;
    }
    break;
  }
  if (!tokens.length) return null;
  if (stopped) return { end: tokens[tokens.length - 1].end, nameFollows: true };
  const last = tokens[tokens.length - 1];
  // "Secretary of Tourism Madrid said": the last word before a verb is the surname
  const nextWord = /^ ([\p{Ll}]+)/u.exec(text.slice(last.end, last.end + 20))?.[1];
  if (tokens.length >= 2 && nextWord && !FUNCTION_WORDS.has(nextWord) && !NAME_STOP.has(last.tok) && !countryOfWord(last.tok)) {
    // "Deputy Secretary of Treasury Wally Adeyemo said": a longer run ends with a given name and a surname
    const before = tokens[tokens.length - 2];
    const two = tokens.length >= 3 && /^[\p{Lu}][\p{Ll}]+$/u.test(before.tok) && !NAME_STOP.has(before.tok) && !countryOfWord(before.tok);
    return { end: tokens[tokens.length - (two ? 3 : 2)].end, nameFollows: true };
  }
  return { end: last.end, nameFollows: false };
}

/** Modifiers and a body just before a bare head: "National Security Council Senior Director", "our COVID Coordinator". */
function readLeftQualifiers(text: string, pos: number): { start: number; org: ParsedOrganization | null } {
  let start = pos;
  for (let n = 0; n < 3; n++) {
    const m = /(\S+) $/.exec(text.slice(Math.max(0, start - 30), start));
    if (!m || !(LEFT_MODIFIERS.has(m[1]) || (ACRONYM_RE.test(m[1]) && !findOrganizations(m[1]).length && !countryOfWord(m[1])))) break;
    start -= m[0].length;
  }
  const window = text.slice(Math.max(0, start - 60), start);
  if (window.endsWith(' ')) {
    const orgs = findOrganizations(window.slice(0, -1)).filter((o) => o.end === window.length - 1);
    if (orgs.length) return { start: start - (window.length - orgs[0].start), org: orgs[0].org };
  }
  return { start, org: null };
}

/** Post (or rank) phrases in text order, longest at each position, with a country word just before. */
function findPostPhrases(text: string, knownNames?: Set<string>): PostPhrase[] {
  const hits = postIndex().findAll(text);
  const best = new Map<number, { end: number; written: string; base?: string; org?: ParsedOrganization | null; start?: number }>();
  for (const h of hits) {
    if (!/^(?:[\s,;:.)—–]|['’]s\b)/.test(text.slice(h.end, h.end + 3))) continue;
    // "then-Vice President" is a post; "ex-" too; other hyphens and dots join another word
    if (/[.'\-]/.test(text[h.start - 1] ?? '') && !/\b(?:then|ex)-$/i.test(text.slice(Math.max(0, h.start - 5), h.start))) continue;
    const cur = best.get(h.start);
    if (!cur || h.end > cur.end) best.set(h.start, { end: h.end, written: h.phrase });
  }
  const postStarts = new Set(best.keys());
  for (const [pos, cur] of best) {
    if (HONORIFICS[cur.written] && !lookupPost(cur.written)) continue;
    let { end } = cur;
    let start = pos;
    let org: ParsedOrganization | null = null;
    if (MODIFIABLE_HEAD_RE.test(cur.written) && text[pos - 1] === ' ') ({ start, org } = readLeftQualifiers(text, pos));
    if (EXTENSIBLE_HEAD_RE.test(cur.written) || cur.written === 'Prime Minister') {
      const comp = readComplement(text, end, postStarts, knownNames);
      // "the Prime Minister of Canada": a country is the post's country, not part of it
      if (comp && !isCountryComplement(text, end, comp.end)) end = comp.end;
    }
    // the head of an international body keeps a bare post ("the CARICOM Secretary General": Secretary General of CARICOM)
    if (org && org.kind !== 'GOVERNMENT' && end === cur.end) {
      best.set(pos, { ...cur, org, start });
      continue;
    }
    if (start !== pos || end !== cur.end) best.set(pos, { end, written: text.slice(start, end), base: cur.written, org, start });
  }
  // "Special Assistant to the President and Coordinator for the Southern Border"
  for (const pos of Array.from(best.keys()).sort((a, b) => a - b)) {
    const a = best.get(pos);
    if (!a?.base || !/ (?:to|for|of) /.test(a.written)) continue;
    for (;;) {
      if (text.slice(a.end, a.end + 5) !== ' and ') break;
      const b = best.get(a.end + 5);
      if (!b?.base || !/ (?:to|for|of) /.test(b.written)) break;
      best.delete(a.end + 5);
      a.end = b.end;
      a.written = text.slice(a.start ?? pos, b.end);
    }
  }
  const out: PostPhrase[] = [];
  let coveredTo = -1;
  for (const pos of Array.from(best.keys()).sort((a, b) => a - b)) {
    const cur = best.get(pos)!;
    if (pos < coveredTo) continue; // inside a longer post ("Secretary" in "Under Secretary for ...")
    coveredTo = cur.end;
    const postStart = cur.start ?? pos;
    if (cur.base) {
      out.push({ start: postStart, postStart, end: cur.end, written: cur.written, country: null, base: cur.base, org: cur.org ?? null });
      continue;
    }
    if (cur.org) {
      out.push({ start: postStart, postStart: pos, end: cur.end, written: cur.written, country: null, org: cur.org });
      continue;
    }
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

/** The complement [from, to) is a country's name ("of Canada", "of the United Mexican States"). */
function isCountryComplement(text: string, from: number, to: number): boolean {
  const lead = /^ (?:of|for) (?:the )?/.exec(text.slice(from, from + 10));
  if (!lead) return false;
  const words = findCountryWords(text.slice(from + lead[0].length, to));
  return words.length === 1 && words[0].start === 0 && words[0].end === to - from - lead[0].length && words[0].w.kind !== 'city';
}

const TOKEN_RE = /(?:Mc|Mac|O'|D'|De|Di|Le|Van)?[\p{Lu}][\p{Ll}]+(?:-[\p{L}][\p{Ll}]+)?(?![\p{L}])|[\p{Lu}]\.(?=\s)/uy;
const LETTER_SURNAME_RE = /[\p{Lu}](?![\p{L}.])/uy;
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
    let m = TOKEN_RE.exec(text);
    // "Ramírez de la O": a one-letter surname after a particle
    if (!m && particle) {
      LETTER_SURNAME_RE.lastIndex = j;
      m = LETTER_SURNAME_RE.exec(text);
    }
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

const OWNER_POST_RE = /\b(Vice President|President|Prime Minister|First Lady|Secretary of State|Secretary of [A-Z][a-z]+(?: [A-Z][a-z]+)?)\b/g;

/**
 * The post whose holder a possessive post belongs to ("where the Vice President hasn't engaged,
 * her National Security Advisor"): the last head post named earlier in the sentence.
 */
function postOwner(text: string, postStart: number): string | null {
  if (!/\b(?:his|her)\s+$/i.test(text.slice(Math.max(0, postStart - 5), postStart))) return null;
  const sentence = text.slice(Math.max(0, postStart - 200), postStart).split(/[.!?]\s+/).pop() ?? '';
  let owner: string | null = null;
  OWNER_POST_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = OWNER_POST_RE.exec(sentence))) owner = m[1];
  return owner;
}

/** "then-Vice President", "former President": a post held before, not now. */
function isPastPost(text: string, postStart: number): boolean {
  return /\b(?:then-|then |former |ex-|the late )$/i.test(text.slice(Math.max(0, postStart - 12), postStart));
}

const APPOSITIVE_RANK_RE = /^,\s+((?:Lieutenant|Major|Brigadier|Vice|Rear)\s+(?:General|Admiral)|General|Gen\.|Admiral|Adm\.|Ambassador|Dr\.|Mr\.|Ms\.|Mrs\.)?\s*/;

/** A name in apposition after a post: "our Secretary of Education, Miguel Cardona", "the President, Castro —". */
function appositiveName(text: string, at: number, titleCase: boolean): { tokens: string[]; start: number; end: number; honorific?: string } | null {
  const m = APPOSITIVE_RANK_RE.exec(text.slice(at, at + 40));
  if (!m) return null;
  const name = parseName(text, at + m[0].length, titleCase);
  if (!name.tokens.length) return null;
  const honorific = m[1] ? HONORIFICS[m[1]] ?? m[1] : undefined;
  // a single word is a name only with a title or when the apposition is closed ("the President, Castro —")
  if (name.tokens.length < 2 && !honorific && !/^\s*[,;.)—–:]/.test(text.slice(name.end, name.end + 3))) return null;
  return { ...name, honorific };
}

const NAME_GAP_RE = /(,\s*(?:Jr|Sr)\.)?,\s+(who(?:\s+is|'s|’s|\s+serves\s+as|\s+was)\s+)?(?:(?:the|our|a|an|his|her|their|its)\s+)?$/;

/** A name before its post: "Jeff Zients, our COVID Coordinator,", "Raquel Buenrostro Sánchez, who is the Secretary of Economy". */
function nameBefore(text: string, postStart: number, titleCase: boolean, postEnd?: number): { tokens: string[]; start: number; end: number } | null {
  const window = text.slice(Math.max(0, postStart - 90), postStart);
  const gap = NAME_GAP_RE.exec(window);
  if (!gap) return null;
  // without "who is" or "Jr.," the apposition must close ("X, the President said" is two people)
  if (!gap[1] && !gap[2] && postEnd !== undefined && !/^(?:\s*[,;.)—–:]|\s+(?:and|at|of|in|for|who)\b|\s*$)/.test(text.slice(postEnd, postEnd + 6))) return null;
  const nameEnd = postStart - gap[0].length;
  const before = text.slice(Math.max(0, nameEnd - 60), nameEnd);
  const starts: number[] = [];
  const wordRe = /(?:^|[\s(])(?=[\p{Lu}])/gu;
  let w: RegExpExecArray | null;
  while ((w = wordRe.exec(before))) {
    starts.push(nameEnd - before.length + w.index + w[0].length);
    wordRe.lastIndex = w.index + w[0].length + 1;
  }
  for (const at of starts.slice(-5)) {
    const name = parseName(text, at, titleCase);
    if (name.tokens.length >= 2 && name.end === nameEnd) return name;
  }
  return null;
}

// a capitalised word and another after one space (a cheap scan; the word before is checked in code)
const GIVEN_NAME_START_RE = /[A-ZÁÉÍÓÚÑ][a-zà-ÿ]+(?= (?:(?:de la|de los|del|de|da|van der|van|von) )?[A-ZÁÉÍÓÚÑ])/g;

/**
 * People named without a post: a common given name and a surname ("Gustavo Beliz", "Ron Klain
 * said", "the government of Alberto Fernández"). Not inside a longer capitalised run ("Santa
 * Rosa Street" has no given name first; "New York" is not a person).
 */
function namesWithoutPost(src: Source, taken: RawMention[]): RawMention[] {
  const text = src.text;
  const out: RawMention[] = [];
  GIVEN_NAME_START_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GIVEN_NAME_START_RE.exec(text))) {
    const at = m.index;
    if (/[\p{L}\p{N}'’.-]/u.test(text[at - 1] ?? '') || !isGivenName(m[0])) continue;
    // the word before is not part of a name or title ("President Joe Biden" is a post mention)
    if (/[\p{Lu}][\p{L}'’.-]* $/u.test(text.slice(Math.max(0, at - 30), at)) && !/(?:^|[.!?:;,—–(]\s*|\b(?:and|with|by|of|to|from|for|said|says|like|as|the|that)\s)[\p{Lu}][\p{L}'’.-]* $/u.test(text.slice(Math.max(0, at - 40), at))) continue;
    if (taken.some((t) => t.start <= at && at < t.end) || out.some((t) => t.start <= at && at < t.end)) continue;
    const name = parseName(text, at);
    if (name.tokens.length < 2 || name.start !== at) continue;
    out.push({
      source: src.id, start: at, end: name.end, nameStart: at, nameEnd: name.end, nameTokens: name.tokens, post: null, postText: null,
      honorific: null, countryHint: null, orgHint: null, listId: -1, between: false, cue: 'name:given-name',
    });
    GIVEN_NAME_START_RE.lastIndex = name.end;
  }
  return out;
}

// the names just before "administration" (matched on the words before each occurrence)
const ADMINISTRATION_RE = /(?<![\p{L}'’.-])([\p{Lu}][\p{Ll}]+)(?:[-–]([\p{Lu}][\p{Ll}]+))?(?:['’]s)? ([Aa]dministration)$/u;

/**
 * "the Biden administration", "the Obama-Biden administration": a government named after its
 * head, so a President (and a Vice President second) of the briefing country.
 */
function administrations(src: Source, taken: RawMention[]): RawMention[] {
  const out: RawMention[] = [];
  for (let hit = src.text.indexOf('dministration'); hit >= 1; hit = src.text.indexOf('dministration', hit + 1)) {
    const end = hit + 'dministration'.length;
    if (/\p{L}/u.test(src.text[end] ?? '')) continue;
    const from = Math.max(0, hit - 1 - 50);
    const m = ADMINISTRATION_RE.exec(src.text.slice(from, end));
    if (!m) continue;
    // a capital "Administration" is a body ("Small Business Administration") unless a title writes "Biden-Harris Administration"
    if (m[3] === 'Administration' && !(src.titleCase && m[2])) continue;
    const names = [m[1], m[2]].filter((n): n is string => !!n);
    if (names.some((n) => isStop(n, false) || isGivenName(n))) continue;
    let at = from + m.index;
    names.forEach((n, i) => {
      const post = lookupPost(i === 0 ? 'President' : 'Vice President')!;
      if (!taken.some((t) => t.start <= at && at < t.end)) {
        out.push({
          source: src.id, start: at, end: at + n.length, nameStart: at, nameEnd: at + n.length, nameTokens: [n], post, postText: null,
          honorific: null, countryHint: null, orgHint: null, listId: -1, between: false, cue: 'name:administration',
        });
      }
      at += n.length + 1;
    });
  }
  return out;
}

const POST_AFTER_NAME_RE = /^,\s+(?:as you (?:said|know|mentioned|noted),\s+)?(?:as\s+)?(?:the|a|an)\s+/;
const LOWER_HEAD_RE =
  /(?:(?:former|current|new|acting|interim|deputy)\s+)?(?:chief|head|director|leader|president|prime minister|foreign minister|finance minister|defen[cs]e minister|minister|secretary|ambassador|spokesperson|spokesman|governor|mayor|commander|prosecutor|chair(?:man|woman)?|attorney general)(?![\p{L}])/uy;

/**
 * A post in apposition after a name without one: "Mr. Sandoval, the chief of FECI in Guatemala",
 * "Mr. Guaidó, as you said, as the Interim President of Venezuela". A country as the object is
 * the person's country ("the President of Honduras"); a body stays in the post ("chief of FECI").
 */
function readPostAfterName(text: string, m: RawMention): void {
  const lead = POST_AFTER_NAME_RE.exec(text.slice(m.nameEnd, m.nameEnd + 40));
  if (!lead) return;
  const at = m.nameEnd + lead[0].length;
  let head: string | null = null;
  let headEnd = at;
  LOWER_HEAD_RE.lastIndex = at;
  const low = LOWER_HEAD_RE.exec(text);
  if (low) {
    head = low[0];
    headEnd = at + low[0].length;
  } else {
    const ph = findPostPhrases(text.slice(at, at + 80))[0];
    if (ph && ph.start === 0 && lookupPost(ph.written) && !HONORIFICS[ph.written]) {
      head = ph.written;
      headEnd = at + ph.end;
    }
  }
  if (!head) return;
  const obj = /^\s+(of|at|for)\s+(?:the\s+)?([\p{Lu}][\p{L}\p{N}'’-]*(?:\s(?:(?:of|and|the|for)\s)?[\p{Lu}][\p{L}\p{N}'’-]*)*)(?:\s+in\s+([\p{Lu}][\p{L}]+(?:\s[\p{Lu}][\p{L}]+)?))?/u.exec(text.slice(headEnd, headEnd + 100));
  let written = head;
  let country: string | null = null;
  if (obj) {
    const cw = findCountryWords(obj[2]);
    if (cw.length === 1 && cw[0].start === 0 && cw[0].end === obj[2].length && cw[0].w.kind !== 'city') country = cw[0].w.code;
    else written = `${head} ${obj[1]} ${obj[2]}`;
    const inCountry = obj[3] ? findCountryWords(obj[3]).find((w) => w.start === 0 && w.w.kind === 'name') : undefined;
    if (inCountry) country = inCountry.w.code;
  } else if (low) return; // "the chief" alone says too little
  const titled = /^[\p{Ll}]/u.test(written) && written === head ? written.replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase()) : written;
  const known = lookupPost(titled);
  m.post = known ?? { canonical: titled, def: { post: titled, countries: [{ country: '*', org: null }] }, modifier: null };
  m.postText = written;
  m.cue = `post-after-name:${m.post.canonical}`;
  if (country && !m.countryHint) m.countryHint = country;
}

const LOWER_POST_RE = /\b(foreign minister|foreign secretary|defense minister|defence minister|finance minister|interior minister|prime minister|vice president|president|secretary of state|ambassador)\s*,\s+(?=[\p{Lu}])/gu;

const NAME_THEN_POST_RE =
  /\b((?:[A-Z][a-z]+ )(?:[A-Z]\. )?(?:Mc|Mac)?[A-Z][a-z]+), (?:who is |who's |who serves as )?(?:the |our |a )?((?:(?:Deputy|Senior|Special|Principal|Assistant|Acting|Executive|Chief|National|Homeland) )*(?:Director|Secretary|Assistant|Advisor|Adviser|Spokesperson|Spokesman|Coordinator|Ambassador|Counselor|Administrator|Envoy|Representative|Chief of Staff)(?: (?:of|for|to) (?:the )?[A-Z][\w-]*(?: (?:and )?[A-Z][\w-]*){0,4})?)/g;

const LIST_GAP_RE = /^(?:['’]s)?\s*(?:,\s*(?:and\s+|as well as\s+)?|and\s+|as well as\s+|or\s+|&\s+)(?:the\s+|with\s+)?$/;
const BETWEEN_RE = /\bbetween\s+(?:the\s+)?$/;
const OBJECT_LIST_RE = /\b(?:with|including|includes|joined by|accompanied by|meet|meets|see|host|hosts|welcome|welcomes)\s+(?:the\s+)?$/;

/** All post + name (and rank + name) mentions in one source. */
/**
 * `knownNames`: the words of the names of the briefing's named speakers ("Singh" of "MR.
 * SINGH"), where a post written before a name ends ("Deputy National Security Advisor for
 * International Economics Daleep Singh").
 */
/** Posts a city has, written bare before the name ("Mayor Garcetti"). */
const CITY_POSTS = new Set(['Mayor']);

/** The one city named earlier in the same sentence (at most 160 characters back), if any. */
function cityBefore(text: string, at: number): string | null {
  const from = Math.max(0, at - 160);
  const window = text.slice(from, at);
  const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '), window.lastIndexOf('\n'));
  const cities = findCountryWords(window.slice(cut + 1), ['city']);
  const names = new Set(cities.map((c) => c.w.word));
  return names.size === 1 ? cities[0].w.word : null;
}

export function extractMentions(src: Source, knownNames?: Set<string>): RawMention[] {
  const text = src.text;
  const out: RawMention[] = [];
  let consumed = 0;
  for (const ph of findPostPhrases(text, knownNames)) {
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
    const orgOfPost = ph.org ?? null;
    if (!name.tokens.length) {
      if (!post || post.def.generic || plural) continue;
      // "the Prime Minister of Canada", "President of the United States of America"
      let end = ph.end;
      const of = /^ of (?:the )?/.exec(text.slice(end, end + 10));
      if (of) {
        const cw = findCountryWords(text.slice(end + of[0].length, end + of[0].length + 40)).find((w) => w.start === 0 && w.w.kind !== 'city');
        if (cw) {
          countryHint = countryHint ?? cw.w.code;
          end += of[0].length + cw.end;
        }
      }
      const named: { tokens: string[]; start: number; end: number; honorific?: string } | null =
        appositiveName(text, end, !!src.titleCase) ?? nameBefore(text, start, !!src.titleCase, end);
      if (named) {
        // "the Vice President ... her National Security Advisor, Nancy McEldowney": whose post it is
        const owner = postOwner(text, start);
        if (owner && !/ to the /.test(post.canonical)) {
          const canonical = `${post.canonical} to the ${owner}`;
          post = { canonical, def: { ...post.def, post: canonical, generic: false, honorific: false }, modifier: null };
        }
        // "..., who is the Director of Strategic Communications at the National Security Council"
        let orgAfter = orgOfPost;
        const at = /^\s+(?:at|of|in) (?:the )?/.exec(text.slice(end, end + 12));
        if (!orgAfter && at && named.end <= start) {
          const orgs = findOrganizations(text.slice(end + at[0].length, end + at[0].length + 70));
          if (orgs.length && orgs[0].start === 0) orgAfter = orgs[0].org;
        }
        out.push({
          source: src.id, start: Math.min(start, named.start), end: Math.max(end, named.end), nameStart: named.start, nameEnd: named.end, nameTokens: named.tokens, post,
          postText: written, honorific: named.honorific ?? null, countryHint, orgHint: orgAfter, listId: -1, between: false, cue: `appositive:${post.canonical}`,
          past: isPastPost(text, ph.postStart),
        });
        consumed = Math.max(consumed, named.end);
        continue;
      }
      out.push({
        source: src.id, start, end, nameStart: -1, nameEnd: -1, nameTokens: [], post,
        postText: written, honorific: null, countryHint, orgHint: orgOfPost, listId: -1, between: false, cue: 'post-only',
      });
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
    // "President Enrique Pena Nieto of Mexico", "President López Obrador from Mexico"
    if (!countryHint) {
      const of = /^,?\s+(?:of|from)\s+(?:the\s+)?/.exec(text.slice(last.end, last.end + 12));
      if (of) {
        const cw = findCountryWords(text.slice(last.end + of[0].length, last.end + of[0].length + 40)).find((w) => w.start === 0 && w.w.kind === 'name');
        if (cw) countryHint = cw.w.code;
      }
    }
    // an organisation right after the name: "Secretary Kelly from the Department of Homeland Security"
    let orgHint: ParsedOrganization | null = orgOfPost;
    const tail = /^,?\s+(?:from|of)\s+(?:the\s+)?/.exec(text.slice(last.end, last.end + 20));
    if (tail) {
      const after2 = last.end + tail[0].length;
      const orgs = findOrganizations(text.slice(after2, after2 + 70));
      if (orgs.length && orgs[0].start === 0 && orgs[0].org.kind === 'GOVERNMENT') orgHint = orgs[0].org;
    }
    if (post && CITY_POSTS.has(post.canonical)) {
      // "the City of Los Angeles — Mayor Garcetti": a city's post takes the city its sentence names
      const city = cityBefore(text, start);
      if (city) {
        const canonical = `${post.canonical} of ${city}`;
        post = { canonical, def: { ...post.def, post: canonical, generic: false, honorific: false }, modifier: null };
      }
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
        past: isPastPost(text, ph.postStart),
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
  if (!src.titleCase) out.push(...namesWithoutPost(src, out));
  out.push(...administrations(src, out));
  for (const m of out) if (m.nameTokens.length && (!m.post || m.post.def.generic || m.post.def.honorific)) readPostAfterName(text, m);
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

/** Posts one person commonly holds one after the other: "Vice President Biden" became "President Biden". */
export const SUCCESSIONS: Array<[string, string]> = [
  ['Vice President', 'President'],
  ['President-elect', 'President'],
];

export function postsCompatible(a: PostMatch | null, b: PostMatch | null): boolean {
  if (!a || !b) return true;
  // the First Lady is never the President, whatever her name
  if (!!a.def.spouse !== !!b.def.spouse) return false;
  if (SUCCESSIONS.some(([x, y]) => (a.canonical === x && b.canonical === y) || (a.canonical === y && b.canonical === x))) return true;
  // "Ambassador" is kept as a courtesy title by former ambassadors, whatever they do now
  if ((a.def.honorific && !a.modifier) || (b.def.honorific && !b.modifier)) return true;
  if (a.canonical === b.canonical) return true;
  // "Coordinator for the Southern Border" is one of the posts of "Special Assistant to the President and Coordinator for ..."
  const [short, long] = a.canonical.length <= b.canonical.length ? [a.canonical, b.canonical] : [b.canonical, a.canonical];
  if (long.endsWith(` and ${short}`) || long.startsWith(`${short} and `)) return true;
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
  posts: Array<{ post: PostMatch; cue: string; past?: boolean }>;
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

function addPost(g: Group, post: PostMatch, cue: string, past = false): void {
  g.posts.push({ post, cue, past });
  // a post held before does not limit who else the person can be named as
  if (past) return;
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
  /** Reporters known from elsewhere (relayed questions): their names are not officials. */
  journalists?: ParsedPerson[];
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
function choosePost(all: Group['posts']): PostMatch | null {
  const current = all.filter((p) => !p.past);
  const posts = current.length ? current : all;
  const specific = posts.filter((p) => !p.post.def.generic || p.post.modifier);
  let pool = specific.length ? specific : posts;
  // "Vice President Biden" and "President Biden": the later post is the one held now
  const held = new Set(pool.map((p) => p.post.canonical));
  pool = pool.filter((p) => !SUCCESSIONS.some(([before, after]) => p.post.canonical === before && held.has(after)));
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
  // a post held before ("then-Vice President Biden") says nothing against the one held now
  if (m.post && !(m.past && !m.post.def.spouse) && !postsAllCompatible(g, m.post)) return false;
  if (m.countryHint && g.countryHints.length && !g.countryHints.includes(m.countryHint)) return false;
  return true;
}

/**
 * Votes for each person's country from the country words of the sentences they are named in:
 * nearer words weigh more; a word inside another person's mention ("Mexican President ...")
 * is that person's; a destination ("travel to Mexico") weighs little. Bare surnames count
 * where only one person has them.
 */
function countryVotes(groups: Group[], sources: Source[], home: string | null): Map<Group, Map<string, number>> {
  const out = new Map<Group, Map<string, number>>();
  const bySurname = new Map<string, Group[]>();
  for (const g of groups) {
    const full = g.names.reduce((best, n) => (n.length > best.length ? n : best), g.names[0] ?? []);
    const last = full.filter((t) => !INITIAL_RE.test(t)).pop();
    if (last && /^\p{Lu}/u.test(last)) bySurname.set(last, [...(bySurname.get(last) ?? []), g]);
  }
  const spans = new Map<number, Array<{ start: number; end: number; g: Group }>>();
  for (const g of groups) {
    for (const m of g.mentions) {
      const list = spans.get(m.source) ?? [];
      list.push({ start: m.start, end: m.end, g });
      spans.set(m.source, list);
    }
  }
  for (const src of sources) {
    const own = spans.get(src.id) ?? [];
    const positions: Array<{ start: number; end: number; g: Group }> = [...own];
    // bare surnames ("Bolsonaro keeps saying"), where only one person has them
    for (const [surname, gs] of bySurname) {
      if (gs.length !== 1) continue;
      for (let at = src.text.indexOf(surname); at >= 0; at = src.text.indexOf(surname, at + 1)) {
        const end = at + surname.length;
        if (isLetter(src.text[at - 1]) || isLetter(src.text[end])) continue;
        if (own.some((o) => o.start <= at && at < o.end)) continue;
        positions.push({ start: at, end, g: gs[0] });
      }
    }
    if (!positions.length) continue;
    const words = countryWordsOf(src).filter((cw) => !own.some((o) => o.start <= cw.start && cw.end <= o.end));
    const sentences = src.sentences ?? [{ start: 0, end: src.text.length }];
    // "On Honduras, ...", "In El Salvador — ...": the country a passage is about
    const frames = words.filter((cw) => cw.w.kind !== 'city' && FRAME_RE.test(src.text.slice(Math.max(0, cw.start - 40), cw.start)) && /^\s*[,—–:]/.test(src.text.slice(cw.end, cw.end + 3)));
    for (const pos of positions) {
      const tally = out.get(pos.g) ?? new Map<string, number>();
      tally.set(MENTIONS, (tally.get(MENTIONS) ?? 0) + 1);
      out.set(pos.g, tally);
      const si = sentences.findIndex((x) => x.start <= pos.start && pos.start < x.end + 1);
      if (si < 0 || !words.length) continue;
      const sent = sentences[si];
      const prev = si > 0 ? sentences[si - 1] : null;
      const add = (code: string, w: number) => tally.set(code, (tally.get(code) ?? 0) + (code === home ? w / 2 : w));
      let votedHere = false;
      for (const cw of words) {
        const inSentence = cw.start >= sent.start && cw.end <= sent.end + 1;
        const inPrevious = !!prev && cw.start >= prev.start && cw.end <= prev.end + 1;
        if (!inSentence && !inPrevious) continue;
        const dist = cw.start >= pos.end ? cw.start - pos.end : pos.start - cw.end;
        let weight = (cw.w.kind === 'city' ? 0.5 : 1) / (1 + Math.max(0, dist) / 80);
        // "President Biden will travel to Mexico": where the person goes is not where they are from
        if (cw.start > pos.end && DESTINATION_RE.test(src.text.slice(Math.max(0, cw.start - 20), cw.start))) weight *= 0.3;
        // "Cuban participation", "the Colombian economy": an adjective about a thing, not about people
        if (cw.w.kind === 'adjective' && /^\s+(?!(?:government|president|leader|people|officials?|counterparts?|authorities|administration|prime|foreign|delegation)\b)[a-z]/.test(src.text.slice(cw.end, cw.end + 16))) weight *= 0.3;
        if (frames.includes(cw)) weight = Math.max(weight, 1);
        add(cw.w.code, inSentence ? weight : weight / 2);
        votedHere = true;
      }
      // nothing in these two sentences ("Minister Guzmán joined several of those meetings"): the
      // passage just before still says which country the talk is about, weighed less
      if (!votedHere && si >= 0) {
        // this paragraph before the sentence, then the paragraph before it
        const earlier: Array<{ text: string; words: typeof words; gap: number; until: number }> = [{ text: src.text, words, gap: 0, until: sent.start }];
        const prevSrc = sources[sources.indexOf(src) - 1];
        if (prevSrc) earlier.push({ text: prevSrc.text, words: countryWordsOf(prevSrc), gap: sent.start, until: prevSrc.text.length });
        for (const e of earlier) {
          for (const cw of e.words) {
            const dist = e.gap + e.until - cw.end;
            if (cw.end > e.until || dist > PASSAGE_REACH || cw.w.kind === 'city') continue;
            if (DESTINATION_RE.test(e.text.slice(Math.max(0, cw.start - 20), cw.start))) continue;
            add(cw.w.code, 0.3 / (1 + dist / 200));
          }
        }
      }
      // a frame earlier in the same passage
      const frame = frames.filter((f) => f.end <= sent.start).pop();
      if (frame) add(frame.w.code, 0.5);
    }
  }
  return out;
}

/** How far back (characters) a person's passage is read for a country when their sentences name none. */
const PASSAGE_REACH = 700;

const FRAME_RE = /(?:^|[.!?]\s+|\n)(?:On|In|As for|As to|Regarding|With regard to|With respect to|Turning to|In the case of|On the question of|When it comes to)\s+(?:the\s+)?$/;
const DESTINATION_RE = /\b(?:to|visit(?:s|ing)?|toward|towards|into)\s+(?:the\s+)?$/;

/** The tally key counting a person's mentions (beside the country codes). */
const MENTIONS = '#';

function isLetter(ch: string | undefined): boolean {
  return !!ch && /\p{L}/u.test(ch);
}

const COUNTRY_WORDS_OF = new WeakMap<Source, ReturnType<typeof findCountryWords>>();
function countryWordsOf(src: Source): ReturnType<typeof findCountryWords> {
  let words = COUNTRY_WORDS_OF.get(src);
  if (!words) COUNTRY_WORDS_OF.set(src, (words = findCountryWords(src.text)));
  return words;
}

/**
 * A foreign country the context clearly names (at least `min`, more than the home country and
 * the next one); null when nothing is clear or home wins (the home default decides that).
 */
function contextCountry(tally: Map<string, number> | undefined, home: string | null, allowed: (c: string) => boolean, min = 0.5): string | null {
  if (!tally?.size) return null;
  const ranked = Array.from(tally.entries()).filter(([c]) => c !== MENTIONS && allowed(c)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!ranked.length) return null;
  const [best, v] = ranked[0];
  const second = ranked[1]?.[1] ?? 0;
  if (best === home) return null; // the home default decides that
  const vHome = home ? (tally.get(home) ?? 0) : 0;
  if (v >= min && v > vHome && v > second * 1.2) return best;
  return null;
}

/** Posts the briefing country holds once, whose holder is often named without a country. */
const HOME_HEAD_POSTS = new Set(['President', 'Vice President', 'Prime Minister', 'President-elect']);

/**
 * Heads of state or government named without a country ("President Bolsonaro", "President
 * Biden"): one of each post is likely the briefing country's own, the one the context ties
 * least to another country (and not an interpreted speaker); the others take the country
 * their context names. A former holder ("former President Trump") is left to the defaults.
 */
function resolveHeads(
  groups: Group[],
  votes: Map<Group, Map<string, number>>,
  home: string | null,
  counterpart: string | null,
  isHomeHead: (p: PostMatch) => boolean,
): void {
  const byPost = new Map<string, Group[]>();
  for (const g of groups) {
    const p = bestPost(g);
    if (g.country || !p || !isHomeHead(p)) continue;
    const withPost = g.mentions.filter((m) => m.post);
    if (withPost.length && withPost.every((m) => m.past)) continue;
    byPost.set(p.canonical, [...(byPost.get(p.canonical) ?? []), g]);
  }
  const interpreted = (g: Group) => !!g.speaker?.cues.includes(INTERPRETED_CUE);
  for (const list of byPost.values()) {
    const foreign = (g: Group) => {
      const tally = votes.get(g);
      const mentions = Math.max(1, tally?.get(MENTIONS) ?? 0);
      let best = 0;
      for (const [c, v] of tally ?? []) if (c !== MENTIONS && c !== home) best = Math.max(best, v);
      return best / mentions;
    };
    // the likely home holder: named often, rarely next to another country
    const mentions = (g: Group) => Math.max(1, votes.get(g)?.get(MENTIONS) ?? 0);
    // a pair of them ("President Biden and President López Obrador"): a country's own texts name its own first
    const firstOfPair = new Map<Group, number>();
    const byList = new Map<number, RawMention[]>();
    for (const g of list) for (const m of g.mentions) if (m.post && bestPost(g)?.canonical === m.post.canonical) byList.set(m.listId, [...(byList.get(m.listId) ?? []), m]);
    for (const ms of byList.values()) {
      if (ms.length < 2) continue;
      const first = ms.sort((a, b) => a.start - b.start)[0];
      const g = list.find((x) => x.mentions.includes(first))!;
      firstOfPair.set(g, (firstOfPair.get(g) ?? 0) + 1);
    }
    // "the Biden administration" names the head of the briefing country's own government
    const homeLikeness = (g: Group) =>
      mentions(g) * (1 - Math.min(1, foreign(g))) ** 2 + (g.cues.includes('name:administration') ? 10 : 0) + 2 * (firstOfPair.get(g) ?? 0);
    // ties: the one named first (a briefing names its own leader first)
    const firstAt = (g: Group) => g.mentions.reduce((acc, m) => Math.min(acc, (m.source + 2) * 1e7 + m.start), Infinity);
    const holder = [...list].sort((a, b) => Number(interpreted(a)) - Number(interpreted(b)) || homeLikeness(b) - homeLikeness(a) || firstAt(a) - firstAt(b))[0];
    // the others, strongest evidence first, each taking the country its context names
    const ranked = [holder, ...list.filter((g) => g !== holder).sort((a, b) => Number(interpreted(b)) - Number(interpreted(a)) || foreign(b) - foreign(a) || a.order - b.order)];
    const post = bestPost(holder)!.canonical;
    // one holder of the post per country: a country whose holder is named is not another's
    const taken = new Set(groups.filter((g) => g.country && g.country !== home && bestPost(g)?.canonical === post && !g.mentions.every((m) => m.past)).map((g) => g.country!));
    for (const g of ranked) {
      const p = bestPost(g)!;
      const { specific, any, notIn } = postCountries(p.def);
      // the likely home holder goes abroad only on strong evidence in most of its mentions
      if (g === holder && !interpreted(g) && foreign(g) < 0.6) {
        if (home) {
          g.country = home;
          g.countryCue = 'country:home-holder';
        }
        continue;
      }
      // a government named "the X administration" is the briefing country's, present or past
      if (g.cues.includes('name:administration')) continue;
      // the others are not the home holder: any clear foreign evidence will do
      const allowed = (x: string) => (any || specific.includes(x)) && !notIn.includes(x) && !taken.has(x);
      let c = g === holder ? contextCountry(votes.get(g), home, allowed) : contextCountry(votes.get(g), null, (x) => x !== home && allowed(x), 0.2);
      let cue = 'country:context';
      if (!c && interpreted(g) && counterpart) {
        c = counterpart;
        cue = 'country:interpreted';
      }
      if (!c || taken.has(c)) continue;
      g.country = c;
      g.countryCue = cue;
      taken.add(c);
    }
  }
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
  // a journalist's name in an introduction ("the line of Nick Wadhams with Bloomberg") is the journalist
  const journalists = [...speakers, ...(ctx.journalists ?? [])].filter((sp) => sp.role === 'JOURNALIST' && !sp.anonymous).map((sp) => sp.name.split(' '));
  const isJournalist = (m: RawMention) => m.cue === 'name:given-name' && journalists.some((j) => namesCompatible(j, m.nameTokens));
  const named = mentions.filter((m) => m.nameTokens.length && !isJournalist(m));
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
    if (m.post) addPost(g, m.post, m.cue, m.past);
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
  // "Secretary Blinken" ... "the Secretary of State": the one person named by the bare form of a
  // post that the text also names in full, when nobody else holds it
  for (const post of mentions.filter((m) => !m.nameTokens.length && m.post && !m.post.def.generic)) {
    const src = srcMap.get(post.source)!;
    if (!/\bthe\s+$/i.test(src.text.slice(Math.max(0, post.start - 5), post.start))) continue;
    const full = post.post!;
    if (groups.some((g) => bestPost(g)?.canonical === full.canonical)) continue;
    const bare = groups.filter((g) => {
      const p = bestPost(g);
      return p?.def.generic && !p.modifier && full.canonical.startsWith(`${p.canonical} `);
    });
    if (bare.length !== 1) continue;
    addPost(bare[0], full, 'definite');
    bare[0].cues.push(`definite:the ${full.canonical}`);
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
    const { specific, any, notIn } = p ? postCountries(p.def) : { specific: [], any: true, notIn: [] };
    const hasHome = !!home && specific.includes(home);
    const hasCp = !!counterpart && specific.includes(counterpart);
    if (p && hasHome && !hasCp && !any) {
      g.country = home;
      g.countryCue = 'country:post-home';
      return;
    } else if (p && hasCp && !hasHome) {
      g.country = counterpart;
      g.countryCue = 'country:post-counterpart';
      return;
    } else if (p && specific.length === 1 && !any) {
      g.country = specific[0];
      g.countryCue = 'country:post';
      return;
    }
    // a head of state or government may be the briefing country's own: decided among all of them below
    if (p && isHomeHead(p)) return;
    // the countries named around the person ("President Bolsonaro ... Brazil's elections"); for a
    // post the briefing country has ("Secretary Austin"), only strong evidence overrides home
    const homeHasPost = !!home && p !== null && ((any && !notIn.includes(home)) || specific.includes(home));
    const context = contextCountry(votes.get(g), home, (c) => (any || specific.includes(c)) && !notIn.includes(c), homeHasPost ? 1.5 : 0.5);
    if (context) {
      g.country = context;
      g.countryCue = 'country:context';
      return;
    }
  };
  // a post the briefing country does not have ("Foreign Minister" in a US briefing): the counterpart's
  const resolveNotHome = (g: Group) => {
    const p = bestPost(g);
    if (g.country || !p) return;
    const { specific, any, notIn } = postCountries(p.def);
    if (any && home && notIn.length === 1 && notIn[0] === home && counterpart && !specific.length) {
      // any country named around them but the briefing's, else the counterpart
      g.country = contextCountry(votes.get(g), null, (c) => c !== home && !notIn.includes(c), 0.1) ?? counterpart;
      g.countryCue = 'country:post-not-home';
    }
  };
  const isHomeHead = (p: PostMatch) => HOME_HEAD_POSTS.has(p.canonical) && !!home && !postCountries(p.def).notIn.includes(home);
  const votes = countryVotes(groups, sources, home);
  groups.forEach(resolveDirect);
  resolveHeads(groups, votes, home, counterpart, isHomeHead);
  // list colleagues with a different post ("Secretary of National Defense General Cienfuegos and
  // Secretary of the Navy Admiral Soberon"); a bare "Secretary" is too weak a clue for this
  for (const g of groups) {
    if (g.country) continue;
    const p = bestPost(g);
    for (const m of g.mentions) {
      if (m.between || !m.objectList) continue;
      const mates = namedIn(m.source).filter((o) => o !== m && o.listId === m.listId);
      const countries = new Set<string>();
      for (const o of mates) {
        const og = mentionKeysTmp.get(o);
        const op = og ? bestPost(og) : null;
        if (!og || og === g || !og.country || (op && p && op.canonical === p.canonical)) continue;
        // a bare "Director" takes a colleague's country only from a post of that country alone
        // ("meet with Director Yang Jiechi and State Councilor Wang Yi")
        if (p?.def.generic && !(op && !postCountries(op.def).any && postCountries(op.def).specific.every((c) => c === og.country && c !== home))) continue;
        countries.add(og.country);
      }
      if (countries.size === 1) {
        g.country = Array.from(countries)[0];
        g.countryCue = 'country:list-colleague';
        break;
      }
    }
  }
  groups.forEach(resolveNotHome);
  for (const g of groups) {
    if (g.country || !home) continue;
    const p = bestPost(g);
    // someone named without a post or a country around them: most likely the briefing country's
    const { specific, any, notIn } = p ? postCountries(p.def) : { specific: [], any: true, notIn: [] };
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
          // a person named often and never near a country is not a foreign leader
          const weak = gs.filter((g) => g.countryCue === 'country:home-default' && (votes.get(g)?.get(MENTIONS) ?? 0) <= 2 && (votes.get(g)?.size ?? 0) <= 1);
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
    if (particleBeforeLast && core(surnameTokens).length === 1) {
      // "de la Fuente"; "Ramírez de la O" after a given name
      surnameTokens = full.length >= 4 && g.country && HISPANIC.has(g.country) && !isGivenName(full[full.length - 3]) ? full.slice(-3) : full.slice(-2);
    } else if (g.country && HISPANIC.has(g.country) && core(surnameTokens).length === 1) {
      if (plain.length >= 3 && !g.speaker) surnameTokens = plain.slice(-2);
      // "President Pena Nieto", "PRESIDENT LÓPEZ OBRADOR": two capitalised words, the first not a given name
      else if (plain.length === 2 && !isGivenName(plain[0])) surnameTokens = plain;
    } else if (g.country && FAMILY_NAME_FIRST.has(g.country) && plain.length === 2 && !isGivenName(plain[0])) {
      // "Yang Jiechi", "Xi Jinping": family name first
      surnameTokens = [plain[0]];
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
