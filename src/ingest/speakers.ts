/**
 * Stage 4: speakers. Labels become people: named labels (MR. TONER, AMBASSADOR PASCUAL,
 * SECRETARY TILLERSON) become named officials; anonymous labels (MODERATOR, SENIOR
 * ADMINISTRATION OFFICIAL ONE, OPERATOR) become anonymous participants; each questioner
 * (QUESTION:, Q) is identified from the operator's or moderator's introduction ("from the
 * line of Nick Wadhams with Bloomberg News", "We'll go to ... from ...") or their own ("Jorge
 * Ramos here from Univision") and becomes a JOURNALIST with their outlet. Bracketed stand-ins
 * ("[Senior Administration Official Two]", "[Moderator]") and spelled-out forms ("Senior
 * Administration Official Number One") are recorded as aliases of the speaker they name.
 */
import type { ParsedOrganization, ParsedPerson, ParticipantRole } from './ingest.types';
import { INTERPRETED_CUE } from './interpretation';
import { findOrganizations, HONORIFICS, lookupPost, NEWS_OUTLETS, orgByDomain, orgByShortName, outletOrg, postOrg, SHORT_ORG_NAMES, escapeRe } from './gazetteer';

export interface LabelInfo {
  label: string;
  name: string;
  anonymous: boolean;
  role: ParticipantRole;
  honorific: string | null;
  post: string | null;
  surname: string | null;
  nameTokens: string[];
}

export function slugify(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** "PENA NIETO" -> "Pena Nieto", "MCMASTER" -> "McMaster", "O'BRIEN" -> "O'Brien". */
export function titleCaseWords(s: string): string {
  return s
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((w) => {
      if (!w.trim() || w === '-') return w;
      let out = w[0].toUpperCase() + w.slice(1);
      out = out.replace(/^Mc(\w)/i, (_m, c: string) => `Mc${c.toUpperCase()}`);
      out = out.replace(/^O'(\w)/, (_m, c: string) => `O'${c.toUpperCase()}`);
      out = out.replace(/^(\w)\.$/, (m) => m.toUpperCase());
      return out;
    })
    .join('');
}

const QUESTIONER_RE = /^(QUESTION|Q|REPORTER|JOURNALIST|AUDIENCE MEMBER|AUDIENCE QUESTION|PRESS|QUESTIONER|MEDIA)(\s+\d+)?$/;
const MODERATOR_RE = /^(MODERATOR|THE MODERATOR|HOST|FACILITATOR)(\b.*)?$/;
const OPERATOR_RE = /^(OPERATOR|THE OPERATOR|CONFERENCE OPERATOR|COORDINATOR)$/;
const ANON_OFFICIAL_RE = /\bOFFICIALS?\b|^A$|^ANSWER$|^STAFF\b|^SPEAKER\b|^BRIEFER\b|^PANELIST\b|^AIDE\b/;
const OTHER_RE = /^(INTERPRETER|TRANSLATOR|VOICE|VOICES|UNIDENTIFIED\b.*|CROWD|AUDIENCE|PARTICIPANT|PARTICIPANTS|ALL)$/;

const LABEL_HONORIFICS: Record<string, string> = {
  'MR.': 'Mr.', MR: 'Mr.', 'MRS.': 'Mrs.', MRS: 'Mrs.', 'MS.': 'Ms.', MS: 'Ms.', MISS: 'Ms.', 'DR.': 'Dr.', DR: 'Dr.',
  AMBASSADOR: 'Ambassador', GENERAL: 'General', 'GEN.': 'General', ADMIRAL: 'Admiral', 'ADM.': 'Admiral',
  COLONEL: 'Colonel', 'COL.': 'Colonel', CAPTAIN: 'Captain',
};

/** Parses a speaker label into a person description. */
export function parseLabel(rawLabel: string): LabelInfo {
  let label = rawLabel.replace(/\s*\([^)]*\)\s*$/, '').replace(/\s+/g, ' ').trim();
  // "SEAN SPICER, WHITE HOUSE PRESS SECRETARY": a name, then the post
  const comma = /^([^,]+),\s*(.+)$/.exec(label);
  if (comma && !QUESTIONER_RE.test(comma[1]) && !ANON_OFFICIAL_RE.test(comma[1]) && !MODERATOR_RE.test(comma[1])) {
    const named = parseLabel(comma[1]);
    if (!named.anonymous) {
      const written = titleCaseWords(comma[2]).replace(/ (Of|The|And|For) /g, (m) => m.toLowerCase());
      const pm = lookupPost(written) ?? lookupPost(written.replace(/^(?:White House|State Department|U\.s\.|US) /, ''));
      return { ...named, label: rawLabel, post: pm ? pm.canonical : written, honorific: pm?.def.honorific ? pm.canonical : named.honorific };
    }
    label = comma[1];
  }
  const base: LabelInfo = { label: rawLabel, name: titleCaseWords(label), anonymous: true, role: 'OTHER', honorific: null, post: null, surname: null, nameTokens: [] };
  if (QUESTIONER_RE.test(label)) return { ...base, name: 'Unidentified questioner', role: 'JOURNALIST' };
  if (MODERATOR_RE.test(label)) return { ...base, role: 'MODERATOR' };
  if (OPERATOR_RE.test(label)) return { ...base, role: 'OPERATOR' };
  if (label === 'A') return { ...base, name: 'Unidentified official', role: 'OFFICIAL' };
  if (ANON_OFFICIAL_RE.test(label)) return { ...base, role: 'OFFICIAL' };
  if (OTHER_RE.test(label)) return { ...base, role: 'OTHER' };
  // named: [honorific | post] name
  const words = label.split(' ');
  let honorific: string | null = null;
  let post: string | null = null;
  let i = 0;
  if (LABEL_HONORIFICS[words[0]]) {
    honorific = LABEL_HONORIFICS[words[0]];
    if (honorific === 'Ambassador') post = 'Ambassador';
    i = 1;
  } else {
    for (let n = Math.min(words.length - 1, 6); n >= 1; n--) {
      const cand = titleCaseWords(words.slice(0, n).join(' ')).replace(/ Of /g, ' of ').replace(/ The /g, ' the ').replace(/ And /g, ' and ');
      const pm = lookupPost(cand);
      if (pm) {
        if (pm.def.honorific) honorific = pm.canonical;
        post = pm.canonical;
        i = n;
        break;
      }
      if (HONORIFICS[cand]) {
        honorific = HONORIFICS[cand];
        i = n;
        break;
      }
    }
  }
  const nameTokens = words.slice(i).map((w) => titleCaseWords(w));
  if (!nameTokens.length) return { ...base, role: 'OFFICIAL', post, honorific };
  return {
    label: rawLabel,
    name: nameTokens.join(' '),
    anonymous: false,
    role: 'OFFICIAL',
    honorific,
    post,
    surname: nameTokens.join(' '),
    nameTokens,
  };
}

const NAME_SRC = "([\\p{Lu}][\\p{Ll}'\\-]+(?:\\s+(?:de\\s+la\\s+|de\\s+|del\\s+)?[\\p{Lu}][\\p{Ll}'\\-]+){1,2})";
const OUTLET_WORD = "(?:(?:[\\p{Lu}]\\.){2,}|[\\p{Lu}0-9][\\p{L}\\p{N}&'\\-]*)";
const OUTLET_SRC = `((?:[Tt]he\\s+)?${OUTLET_WORD}(?:[ \\t]+(?:of|the|and|&|de|la|del|for|${OUTLET_WORD})){0,5})`;
const INTRO_RE = new RegExp(
  `\\b(?:line of|go(?:ing)? (?:to|over to)|turn to|call on|hear from|comes? from|next up is|question (?:is )?from|question to|recognize)\\s+(?:the line of\\s+)?${NAME_SRC}\\s*,?\\s+(?:with|from|of|at)\\s+${OUTLET_SRC}`,
  'gu',
);
const SELF_INTRO_RE = new RegExp(
  `^(?:(?:[Hh]i|[Hh]ello|[Hh]ey|[Yy]es|[Yy]eah|[Ss]ure|[Tt]hanks|[Tt]hank you|[Gg]ood (?:morning|afternoon|evening))(?:[^.!?,]{0,25})?[,.!]\\s*)*(?:(?:[Tt]his is|[Ii]t's|[Ii]t is|I'm|I am|[Mm]y name is)\\s+)?${NAME_SRC}\\s*,?\\s+(?:here\\s+)?(?:from|with|of|at)\\s+${OUTLET_SRC}`,
  'u',
);

function cleanOutlet(s: string): string {
  return s
    .replace(/\s+(of|the|and|&|de|la|del|for)$/i, '')
    .replace(/[.,;:]+$/, '')
    .replace(/^the\s+/, '')
    .trim();
}

export interface JournalistIntro {
  name: string;
  outlet: string;
  start: number;
  end: number;
  cue: string;
}

// "I'd like to call on Associated Press, Colleen Long": the outlet first
const OUTLET_FIRST_RE = new RegExp(`\\b(?:call on|go to|turn to|recognize|hear from)\\s+${OUTLET_SRC},\\s+${NAME_SRC}(?=[\\s,.;:!?]|$)`, 'gu');
// "David Cochrane, CBC, from Canada, will be asking", "Sara Pablo of the Formula Group will pose a question"
const NAME_WILL_ASK_RE = new RegExp(
  `(?:^|[.!?]\\s+|\\)\\s+)${NAME_SRC}\\s*(?:,\\s*|\\s+(?:of|from|with)\\s+)${OUTLET_SRC},?\\s+(?:from\\s+[^,.]{2,30},\\s+)?(?:will|is going to|is about to|has)\\s+(?:be\\s+)?(?:ask|asking|pose|posing|have|take)\\b`,
  'gu',
);

// cheap tests before the costly patterns above (most paragraphs introduce nobody)
const OUTLET_FIRST_CUE_RE = /\b(?:call on|go to|turn to|recognize|hear from)\s+[A-Z]/;
const WILL_ASK_CUE_RE = /\b(?:will|is going to|is about to|has)\s+(?:be\s+)?(?:ask|pos|hav|tak)/;

/** Introductions of questioners in an operator's or moderator's paragraph. */
export function findIntroductions(text: string): JournalistIntro[] {
  const out: JournalistIntro[] = [];
  INTRO_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = INTRO_RE.exec(text))) {
    out.push({ name: m[1].replace(/\s+/g, ' '), outlet: cleanOutlet(m[2]), start: m.index, end: m.index + m[0].length, cue: 'intro:operator' });
  }
  OUTLET_FIRST_RE.lastIndex = 0;
  while (OUTLET_FIRST_CUE_RE.test(text) && (m = OUTLET_FIRST_RE.exec(text))) {
    // only a known outlet can come first: "call on Jake, Kaitlan" names two reporters
    if (outletOrg(m[1]).country === null && !isKnownOutlet(m[1])) continue;
    out.push({ name: m[2].replace(/\s+/g, ' '), outlet: cleanOutlet(m[1]), start: m.index, end: m.index + m[0].length, cue: 'intro:outlet-first' });
  }
  NAME_WILL_ASK_RE.lastIndex = 0;
  while (WILL_ASK_CUE_RE.test(text) && (m = NAME_WILL_ASK_RE.exec(text))) {
    const name = m[1].replace(/\s+/g, ' ');
    // a greeting, or an office holder who "will ask Congress": not a reporter announced
    if (/^(Thank|Thanks|Good|Hi|Hello|Yes|Next|Now|Our|The|President|Prime|Minister|Secretary|Mr|Mrs|Ms|Dr|Ambassador)\b/.test(name)) continue;
    out.push({ name, outlet: cleanOutlet(m[2]), start: m.index, end: m.index + m[0].length, cue: 'intro:will-ask' });
  }
  return out.sort((a, b) => a.start - b.start);
}

function isKnownOutlet(written: string): boolean {
  return NEWS_OUTLETS.some((o) => o.aliases.some((a) => a.toLowerCase() === cleanOutlet(written).toLowerCase()));
}

// "Jessie Hellmann with Modern Healthcare wanted to know": a question asked on another reporter's behalf
const RELAYED_RE = new RegExp(`(?:^|[.!?;]\\s+|,\\s+|\\band\\s+)${NAME_SRC}\\s+(?:with|from|of)\\s+${OUTLET_SRC}\\s+(?:wanted|wants|asks|asked|had|has|would like|wonders|wondered)\\b`, 'gu');

/** Reporters whose questions a questioner relays ("Jessie Hellmann with Modern Healthcare wanted to know"). */
export function findRelayedQuestioners(text: string): JournalistIntro[] {
  const out: JournalistIntro[] = [];
  if (!/ (?:with|from|of) /.test(text)) return out;
  RELAYED_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RELAYED_RE.exec(text))) {
    const name = m[1].replace(/\s+/g, ' ').replace(/^(?:And|So|But|Also) /, '');
    if (!/ /.test(name) || /^(Thank|Thanks|Good|Hi|Hello|Yes|Okay)\b/.test(name)) continue;
    out.push({ name, outlet: cleanOutlet(m[2]), start: m.index, end: m.index + m[0].length, cue: 'relayed' });
  }
  return out;
}

/** A questioner introducing themself at the start of their question. */
export function findSelfIntroduction(text: string): JournalistIntro | null {
  const m = SELF_INTRO_RE.exec(text);
  if (!m) return null;
  const name = m[1].replace(/\s+/g, ' ');
  if (/^(Thank|Thanks|Good|Hi|Hello|Yes)\b/i.test(name)) return null;
  return { name, outlet: cleanOutlet(m[2]), start: m.index, end: m.index + m[0].length, cue: 'intro:self' };
}

/** A question turn that opens like a new questioner's: "Hi.", "Thank you for doing this.", "Good afternoon". */
const GREETING_RE = /^(?:\(As interpreted\.\)\s*)?(?:(?:hi|hello|hey|good (?:morning|afternoon|evening)|thanks?(?: you)?(?: (?:so|very) much)? for (?:doing|taking|having))\b|(?:yes|yeah)?,?\s*(?:thank you|thanks)(?: (?:so|very) much)?[.,!]\s*(?:hi|hello|and )?)/i;

/** A paragraph that gives the floor to someone: "Go ahead.", "Next question.", "Kaitlan?", "Yes, in the back." */
function handsOn(paragraph: string): boolean {
  return (
    /\b(?:go ahead|next question|last question|one more question|in the back|in the front|in the middle|(?:I'll|let me) (?:take|call on)|who else|anyone else)\b/i.test(paragraph) ||
    /^(?:(?:yes|yeah|sure|okay|ok|all right|please),?\s*)?[\p{Lu}][\p{Ll}]+[.?!]$/u.test(paragraph.trim())
  );
}

export interface TurnInput {
  label: string | null;
  /** Normalised text of each paragraph of the turn. */
  paragraphs: string[];
}

export interface SpeakerResult {
  speakers: ParsedPerson[];
  /** Reporters who do not speak but whose questions are relayed. */
  relayed: ParsedPerson[];
  /** speakerKey for each turn (null for unattributed blocks). */
  turnSpeakerKeys: Array<string | null>;
  labelInfo: Map<string, LabelInfo>;
  warnings: string[];
}

function journalistPerson(name: string, outlet: string, cue: string): ParsedPerson {
  const tokens = name.split(' ');
  const org: ParsedOrganization = outletOrg(outlet);
  return {
    key: `journalist:${slugify(name)}`,
    name,
    surname: tokens.length > 1 ? tokens.slice(1).join(' ') : name,
    honorific: null,
    post: null,
    role: 'JOURNALIST',
    anonymous: false,
    attribution: null,
    organization: org,
    country: org.country,
    aliases: [],
    cues: [cue],
  };
}

/** Builds the speaker list and the speaker of each turn. */
export function buildSpeakers(turns: TurnInput[]): SpeakerResult {
  const speakers: ParsedPerson[] = [];
  const byKey = new Map<string, ParsedPerson>();
  const labelInfo = new Map<string, LabelInfo>();
  const turnSpeakerKeys: Array<string | null> = [];
  const warnings: string[] = [];
  let pending: JournalistIntro | null = null;
  // on a call run by an operator every new questioner is introduced: an unintroduced
  // QUESTION is a follow-up from the line that is open
  const operated = turns.some((t) => t.label && OPERATOR_RE.test(t.label));
  let lastJournalist: string | null = null;
  // without an operator, an unintroduced QUESTION is the last questioner's follow-up only while
  // nobody handed the floor on: a moderator's turn or a "Go ahead" / "Kaitlan?" in an answer
  let handedOn = true;
  const relayed: ParsedPerson[] = [];
  const officialOrdinals = anonymousOfficialOrdinals(turns, (label) => {
    let info = labelInfo.get(label);
    if (!info) labelInfo.set(label, (info = parseLabel(label)));
    return info;
  });
  const add = (p: ParsedPerson) => {
    const had = byKey.get(p.key);
    if (had) {
      // the same person under a fuller label: keep the fuller name and post
      if (p.name.split(' ').length > had.name.split(' ').length && !had.anonymous) had.name = p.name;
      had.post = had.post ?? p.post;
      had.honorific = had.honorific ?? p.honorific;
      return had;
    }
    byKey.set(p.key, p);
    speakers.push(p);
    return p;
  };
  turns.forEach((turn, ti) => {
    if (!turn.label) {
      turnSpeakerKeys.push(null);
      return;
    }
    let info = labelInfo.get(turn.label);
    if (!info) {
      info = parseLabel(turn.label);
      labelInfo.set(turn.label, info);
    }
    if (info.role === 'JOURNALIST') {
      const self = turn.paragraphs.length ? findSelfIntroduction(turn.paragraphs[0]) : null;
      const intro = self ?? pending;
      pending = null;
      for (const para of turn.paragraphs) {
        for (const r of findRelayedQuestioners(para)) {
          const key = `journalist:${slugify(r.name)}`;
          if (!relayed.some((x) => x.key === key)) relayed.push(journalistPerson(r.name, r.outlet, r.cue));
        }
      }
      if (intro) {
        const p = add(journalistPerson(intro.name, intro.outlet, intro.cue));
        turnSpeakerKeys.push(p.key);
        lastJournalist = p.key;
        handedOn = false;
      } else if (lastJournalist && (operated || (!handedOn && !GREETING_RE.test(turn.paragraphs[0] ?? '')))) {
        turnSpeakerKeys.push(lastJournalist);
      } else {
        const p = add({
          key: `speaker:${slugify(turn.label)}`,
          name: 'Unidentified questioner',
          surname: null,
          honorific: null,
          post: null,
          role: 'JOURNALIST',
          anonymous: true,
          attribution: turn.label,
          organization: null,
          country: null,
          aliases: [turn.label],
          cues: ['label:questioner'],
        });
        turnSpeakerKeys.push(p.key);
        warnings.push(`turn ${ti}: questioner not identified`);
      }
      return;
    }
    let key = `speaker:${slugify(info.anonymous ? turn.label : info.name)}`;
    if (!info.anonymous) {
      const same = speakers.find((s) => !s.anonymous && s.role !== 'JOURNALIST' && sameName(s.name, info!.name));
      if (same) key = same.key;
    }
    // several officials on background under one label: one person each
    const ordinal = officialOrdinals[ti];
    if (ordinal > 1) key = `${key}-${ordinal}`;
    const p = add({
      key,
      name: ordinal > 1 ? `${info.name} (${ordinal})` : info.name,
      surname: info.surname,
      honorific: info.honorific,
      post: info.post,
      role: info.role,
      anonymous: info.anonymous,
      attribution: info.anonymous ? info.name : null,
      organization: null,
      country: null,
      aliases: [turn.label],
      cues: [info.anonymous ? 'label:anonymous' : 'label:named'],
    });
    if (!p.aliases.includes(turn.label)) p.aliases.push(turn.label);
    // "(As interpreted.)": the speaker's own words are in another language
    if (!info.anonymous && !p.cues.includes(INTERPRETED_CUE) && turn.paragraphs.some((para) => /^\(As interpreted\.?\)/i.test(para.trim()))) p.cues.push(INTERPRETED_CUE);
    if (info.anonymous && !p.organization) {
      const org = orgInLabel(turn.label);
      if (org) {
        p.organization = org;
        p.country = org.country;
        p.cues.push(`org:label:${org.name}`);
      }
    }
    turnSpeakerKeys.push(p.key);
    if (info.role === 'OPERATOR' || info.role === 'MODERATOR' || turn.paragraphs.some(handsOn)) handedOn = true;
    if (info.role === 'OPERATOR' || info.role === 'MODERATOR' || info.role === 'OFFICIAL' || info.role === 'OTHER') {
      for (const para of turn.paragraphs) {
        const intros = findIntroductions(para);
        if (intros.length) {
          pending = intros[intros.length - 1];
        }
      }
    }
  });
  nameModerators(speakers, turns, turnSpeakerKeys);
  return { speakers, relayed: relayed.filter((r) => !byKey.has(r.key)), turnSpeakerKeys, labelInfo, warnings };
}

const SELF_NAME_RE = new RegExp(
  `\\b(?:e-?mail me|reach me|contact me|my name is|[Tt]his is|I'm|I am)\\s*,?\\s+${NAME_SRC}(?:\\s+(?:at|from|with|of)\\s+(?:the\\s+)?([^.,;]{2,60}))?(?=[.,;!]|$)`,
  'u',
);

/**
 * A moderator who gives their name ("feel free to email me, Kedenard Raymond at the NSC press
 * team") is that person, not an anonymous role.
 */
function nameModerators(speakers: ParsedPerson[], turns: TurnInput[], turnSpeakerKeys: Array<string | null>): void {
  for (const sp of speakers) {
    if (sp.role !== 'MODERATOR' || !sp.anonymous) continue;
    for (let ti = 0; ti < turns.length; ti++) {
      if (turnSpeakerKeys[ti] !== sp.key) continue;
      const hit = turns[ti].paragraphs.map((p) => SELF_NAME_RE.exec(p)).find((m) => m && !/\b(?:Senior|Official|Administration|Moderator|Operator|President|Secretary)\b/.test(m[1]));
      if (!hit) continue;
      const name = hit[1].replace(/\s+/g, ' ');
      sp.name = name;
      sp.surname = name.split(' ').slice(1).join(' ') || name;
      sp.anonymous = false;
      sp.attribution = null;
      sp.cues.push('self-named');
      const org = hit[2] ? findOrganizations(hit[2])[0]?.org : undefined;
      if (org) {
        sp.organization = org;
        sp.country = org.country;
      }
      break;
    }
  }
}

const NUMBER_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6 };
const HAND_OFF_RE = /\b(?:turn(?:ing)? it (?:over|back) to|hand(?:ing)? it (?:over|off) to|pass(?:ing)? it (?:over |on )?to|over to)\s+(?:my|our)\s+colleague/i;

/**
 * Which official speaks each turn when several share one anonymous label ("SENIOR
 * ADMINISTRATION OFFICIAL" for two, three or four people in one call): 1, 2, ... per turn of
 * such a label, 0 for other turns. The moderator's introduction says how many ("two senior
 * administration officials", "[senior administration official] and [senior administration
 * official]"); a turn of the label right after another one of it (a hand-off) is the next
 * official; the opening statements come in order. A later turn that the text does not
 * attribute goes to the first official, who leads the call. One official: all 1.
 */
export function anonymousOfficialOrdinals(turns: TurnInput[], infoOf: (label: string) => LabelInfo): number[] {
  const out = turns.map(() => 0);
  const labels = new Set<string>();
  turns.forEach((t) => {
    if (t.label && infoOf(t.label).anonymous && infoOf(t.label).role === 'OFFICIAL' && !/\b(?:ONE|TWO|THREE|FOUR|FIVE|\d+|#\s*\d+)$/.test(t.label)) labels.add(t.label);
  });
  for (const label of labels) {
    const at = turns.map((t, i) => (t.label === label ? i : -1)).filter((i) => i >= 0);
    // how many the introductions announce, before the first of them speaks
    const before = turns.slice(0, at[0]).flatMap((t) => t.paragraphs).join(' ');
    const stem = label.toLowerCase().replace(/\s+/g, '\\s+');
    const bracketed = (before.match(new RegExp(`\\[${stem}\\]`, 'gi')) ?? []).length;
    const counted = new RegExp(`\\b(two|three|four|five|six)\\s+${stem}s\\b`, 'i').exec(before);
    let announced = Math.max(bracketed, counted ? NUMBER_WORDS[counted[1].toLowerCase()] : 0);
    // the opening statements: a run of the label, one official after the other
    let run = 1;
    while (run < at.length && at[run] === at[run - 1] + 1) run++;
    announced = Math.max(announced, run);
    if (announced <= 1) {
      for (const i of at) out[i] = 1;
      continue;
    }
    let previous = 0;
    at.forEach((i, n) => {
      const handedOff = n > 0 && (at[n - 1] === i - 1 || HAND_OFF_RE.test(turns[at[n - 1]].paragraphs.slice(-1)[0] ?? ''));
      const ordinal = n < run ? n + 1 : handedOff ? (previous % announced) + 1 : 1;
      out[i] = ordinal;
      previous = ordinal;
    });
  }
  return out;
}

/** "SENIOR STATE DEPARTMENT OFFICIAL" -> the Department of State. */
function orgInLabel(label: string): ParsedOrganization | null {
  const l = ` ${label.toUpperCase().replace(/\s+/g, ' ')} `;
  for (const name of SHORT_ORG_NAMES) {
    if (name.length < 3 || /^(State|Energy|Commerce|Justice|Defense|Treasury)$/.test(name)) continue;
    if (l.includes(` ${name.toUpperCase()} `)) return orgByShortName(name);
  }
  if (/ DEFENSE (?:DEPARTMENT )?OFFICIAL/.test(l)) return orgByShortName('Defense');
  if (/ TREASURY (?:DEPARTMENT )?OFFICIAL/.test(l)) return orgByShortName('Treasury');
  return null;
}

/** "Sean Spicer" and "Spicer": one name is the end of the other. */
function sameName(a: string, b: string): boolean {
  const ta = a.toLowerCase().split(/\s+/);
  const tb = b.toLowerCase().split(/\s+/);
  const [s, l] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
  return s.every((t, i) => t === l[l.length - s.length + i]);
}

function normKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/\bnumber\b|\bno\.|#/g, ' ')
    .replace(/\b1\b/g, 'one')
    .replace(/\b2\b/g, 'two')
    .replace(/\b3\b/g, 'three')
    .replace(/\b4\b/g, 'four')
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

/**
 * Bracketed stand-ins and spelled-out forms of anonymous speakers become aliases. Returns
 * the alias occurrences (text offsets per statement) so later stages can resolve them.
 */
export function resolveStandIns(
  speakers: ParsedPerson[],
  texts: string[],
): Array<{ source: number; start: number; end: number; key: string }> {
  const found: Array<{ source: number; start: number; end: number; key: string }> = [];
  const anon = speakers.filter((s) => s.anonymous && s.role !== 'JOURNALIST');
  const byNorm = new Map<string, ParsedPerson>();
  for (const s of anon) byNorm.set(normKey(s.name), s);
  const spelled = anon
    .map((s) => {
      const words = s.name.split(' ');
      const last = words[words.length - 1];
      if (words.length < 2 || !/^(One|Two|Three|Four|Five|\d)$/i.test(last)) return null;
      const re = new RegExp(`\\b${words.slice(0, -1).map(escapeRe).join('\\s+')}\\s+(?:Number\\s+|No\\.\\s*|#\\s*)?${escapeRe(last)}\\b`, 'gi');
      return { s, re };
    })
    .filter((x): x is { s: ParsedPerson; re: RegExp } => !!x);
  texts.forEach((text, source) => {
    const br = /\[([^\]\n]{2,60})\]/g;
    let m: RegExpExecArray | null;
    while ((m = br.exec(text))) {
      const p = byNorm.get(normKey(m[1]));
      if (p) {
        if (!p.aliases.includes(m[0])) p.aliases.push(m[0]);
        found.push({ source, start: m.index, end: m.index + m[0].length, key: p.key });
      }
    }
    for (const { s, re } of spelled) {
      re.lastIndex = 0;
      while ((m = re.exec(text))) {
        if (text[m.index - 1] === '[') continue;
        if (!s.aliases.includes(m[0])) s.aliases.push(m[0]);
        found.push({ source, start: m.index, end: m.index + m[0].length, key: s.key });
      }
    }
  });
  if (found.length) {
    for (const s of anon) if (!s.cues.includes('alias:stand-in') && found.some((f) => f.key === s.key)) s.cues.push('alias:stand-in');
  }
  return found;
}

/** First names of journalists used as vocatives ("Steve, I can just jump in"). */
export function addJournalistFirstNames(speakers: ParsedPerson[], texts: string[]): void {
  const journalists = speakers.filter((s) => s.role === 'JOURNALIST' && !s.anonymous);
  const firsts = new Map<string, ParsedPerson[]>();
  for (const j of journalists) {
    const f = j.name.split(' ')[0];
    firsts.set(f, [...(firsts.get(f) ?? []), j]);
  }
  for (const [first, js] of firsts) {
    if (js.length !== 1) continue;
    const re = new RegExp(`(^|[\\s,.])${escapeRe(first)}(?=[,.!?]|'s\\b)`, 'u');
    if (texts.some((t) => re.test(t)) && !js[0].aliases.includes(first)) js[0].aliases.push(first);
  }
}

const ORG_NAME_ALT = SHORT_ORG_NAMES.map(escapeRe).join('|');
const PERSPECTIVE_RE = new RegExp(`\\b[Ff]rom (?:the |a |an |our )?(${ORG_NAME_ALT}) (?:perspective|standpoint|side|point of view|end)\\b`, 'g');
const ADD_FROM_RE = new RegExp(`\\b(?:I would|I'd|let me|I'll|I will|I want to|I wanted to)\\s+(?:just\\s+|also\\s+)?add,?\\s+from (?:the )?(${ORG_NAME_ALT})\\b`, 'g');
const HERE_AT_RE = new RegExp(`\\b(?:here at|we at|we here at) (?:the )?(${ORG_NAME_ALT})\\b`, 'g');
const DOMAIN_RE = /\b(?:post|publish|put|posted|published)\b[^.]{0,60}?\bon ([a-z0-9-]+(?:\.[a-z0-9-]+)*\.gov)\b/g;
const THE_DEPARTMENT_RE = /\bfrom (?:the|our) department\b(?!\s+of\b)/g;

export interface OrgVoteInput {
  speakerKey: string | null;
  text: string;
  /** Organisation of the nearest person named in the same sentence as [start, end). */
  nearbyPersonOrg: (start: number, end: number) => ParsedOrganization | null;
}

/**
 * The organisation of each anonymous official, from what they say about themselves:
 * "from the State perspective", "I would add from Homeland Security", "from the department"
 * (of the secretary named next to it), "we will post a transcript on state.gov".
 */
export function inferSpeakerOrganizations(speakers: ParsedPerson[], statements: OrgVoteInput[], home: string | null): void {
  const votes = new Map<string, Map<string, { org: ParsedOrganization; n: number; cue: string }>>();
  const vote = (key: string, org: ParsedOrganization | null, cue: string, weight = 1) => {
    if (!org) return;
    const m = votes.get(key) ?? new Map();
    const cur = m.get(org.name) ?? { org, n: 0, cue };
    cur.n += weight;
    m.set(org.name, cur);
    votes.set(key, m);
  };
  for (const st of statements) {
    if (!st.speakerKey) continue;
    const sp = speakers.find((s) => s.key === st.speakerKey);
    if (!sp || sp.role === 'JOURNALIST' || sp.role === 'OPERATOR') continue;
    let m: RegExpExecArray | null;
    for (const re of [PERSPECTIVE_RE, ADD_FROM_RE, HERE_AT_RE]) {
      re.lastIndex = 0;
      while ((m = re.exec(st.text))) vote(sp.key, orgByShortName(m[1]), `org:${m[0]}`, 2);
    }
    DOMAIN_RE.lastIndex = 0;
    while ((m = DOMAIN_RE.exec(st.text))) vote(sp.key, orgByDomain(m[1]), `org:${m[1]}`);
    THE_DEPARTMENT_RE.lastIndex = 0;
    while ((m = THE_DEPARTMENT_RE.exec(st.text))) {
      const org = st.nearbyPersonOrg(m.index, m.index + m[0].length);
      if (org && /Department|Secretariat|Ministry/.test(org.name)) vote(sp.key, org, 'org:from the department');
    }
  }
  for (const sp of speakers) {
    if (sp.role === 'JOURNALIST') continue;
    const v = votes.get(sp.key);
    if (v && !sp.organization) {
      const best = Array.from(v.values()).sort((a, b) => b.n - a.n)[0];
      sp.organization = best.org;
      sp.cues.push(best.cue);
    }
    if (!sp.country && sp.role !== 'OPERATOR') sp.country = sp.organization?.country ?? (sp.role === 'OTHER' ? null : home);
    if (!sp.organization && sp.post && sp.country) {
      const pm = lookupPost(sp.post);
      if (pm) sp.organization = postOrg(pm.def, sp.country);
    }
  }
}
