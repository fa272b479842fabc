/**
 * Stage 2: the header. Reads the lines before the first speaker turn: title, kind,
 * date, location, medium, attribution and start time; finds where the briefing body starts
 * (page chrome before the title is skipped) and which lines are stray prose.
 */
import type { ParsedHeader } from './ingest.types';
import { findAbsoluteDate } from './dates';
import { isChromeLine, type Line } from './normalise';

export const BRIEFING_KINDS = [
  'Daily Press Briefing',
  'Department Press Briefing',
  'Background Press Call',
  'Background Press Briefing',
  'Background Briefing',
  'Background Call',
  'Special Briefing',
  'On-the-Record Briefing',
  'On-The-Record Briefing',
  'On the Record Briefing',
  'Press Briefing',
  'Press Gaggle',
  'Gaggle',
  'Press Call',
  'Press Conference',
  'Joint Press Conference',
  'News Conference',
  'Press Availability',
  'Joint Press Availability',
  'Media Availability',
  'Media Roundtable',
  'Roundtable',
  'Teleconference',
  'Conference Call',
  'Telephonic Press Briefing',
  'Telephonic Briefing',
  'Readout',
  'Remarks',
  'Interview',
  'Briefing',
].sort((a, b) => b.length - a.length);

const KIND_SRC = `\\b(${BRIEFING_KINDS.map((k) => k.replace(/[-]/g, '[- ]')).join('|')})\\b`;
const KIND_RE = new RegExp(KIND_SRC, 'i');
const KIND_ALL_RE = new RegExp(KIND_SRC, 'gi');

/**
 * The most specific kind phrase on a line: "Remarks by ... in Joint Press Conference" is a joint
 * press conference; the generic "Remarks" or "Briefing" only when nothing else is named.
 */
function findKind(t: string): RegExpExecArray | null {
  let best: RegExpExecArray | null = null;
  for (const m of t.matchAll(KIND_ALL_RE)) if (!best || m[1].length > best[1].length) best = m as RegExpExecArray;
  return best;
}

/** "Source: https://...", "Title: ...", "Date: 2021-03-10": labelled fields of a saved page. */
const META_FIELD_RE = /^(source|url|link|title|date|published|posted)\s*:\s*(\S.*)$/i;
const URL_RE = /^https?:\/\/\S+$/i;

function hostOf(url: string | null): string {
  return url ? new URL(url).hostname : '';
}

/** A well-formed http(s) address, at most 2000 characters (what a briefing stores), else null. */
export function sourceUrlOf(value: string): string | null {
  const v = value.trim().replace(/^<(.*)>$/, '$1');
  if (!URL_RE.test(v) || v.length > 2000) return null;
  try {
    const u = new URL(v);
    return u.hostname ? v : null;
  } catch {
    return null;
  }
}

/** Lines that belong to the document's frame but are neither chrome nor header fields. */
const BOILERPLATE_RE =
  /^(the white house|office of the press secretary|office of the spokesperson|for immediate release|immediate release|index for today's briefing|transcript:?|media note|as prepared for delivery|as delivered|u\.s\. department of state|department of state|bureau of public affairs|remarks and releases|press releases?|briefings? (and|&) statements)\.?$/i;

const MEDIUM_RE = /\b((?:via|by|over the)\s+(?:teleconference|telephone|phone|conference call|videoconference|video ?conference|video link|webex|zoom)|teleconference|telephonic|conference call)\b/i;

const TIME_RE = /(?:^|\b)(\d{1,2})(?::(\d{2}))?\s*([AaPp])\.?\s?[Mm]\.?(?:\s*(?:[A-Z]{2,4}|local(?: time)?))?(?=$|[\s).,;])/;
const NOON_RE = /\b(noon|midnight)\b/i;

const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|D\\.C\\.|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming';
const PLACE_COUNTRIES =
  'Mexico|Canada|Belgium|France|Germany|United Kingdom|Japan|China|India|Brazil|Guatemala|Honduras|El Salvador|Colombia|Peru|Chile|Argentina|Cuba|Israel|Egypt|Jordan|Turkey|Russia|Ukraine|Italy|Spain|Saudi Arabia|Qatar|Australia|South Korea|Philippines|Vietnam|Indonesia';

const LOCATION_RES: RegExp[] = [
  /\b((?:Aboard|On board|Onboard)\s+[A-Z][\w.' -]*?)(?=$|,\s*En Route|\s+En Route|[.;])/,
  /\b(En Route\s+(?:to\s+)?[A-Z][\w.' ,-]*?)$/,
  /\b((?:James S\. )?Brady Press Briefing Room|Press Briefing Room|Roosevelt Room|Oval Office|East Room|Rose Garden)\b/,
  /^(Mexico City|Washington|New York|Brussels|Ottawa|Havana|Geneva|Vienna|London|Paris)$/,
];

/** A line naming a building or room on its own ("National Palace", "Moscone Convention Center"). */
const VENUE_RE =
  /^(?:[A-Z][\w.'-]*\s+){0,5}(?:Palace|Center|Centre|Hall|Room|Building|Hotel|Museum|Embassy|Residence|Library|Auditorium|Theater|Theatre|Stadium|Airport|Air Force Base|Garden|Gardens|University|Ministry|Chancellery|Kremlin)$/;

const POSTISH_RE = /\b(Spokesperson|Spokesman|Spokeswoman|Secretary|Ambassador|Director|Assistant|Coordinator|Envoy|Official|Officials|Minister|Advis[eo]r|President|Administrator|Counselor|Press Secretary|Under Secretary|Representative|Chief)\b/;

const ATTRIBUTION_RE = /^(?:(?:Senior|Various|Two|Three|Four)\s+)?(?:[A-Z][A-Za-z.]*\s+){0,4}Officials?$/;

export interface HeaderLineInfo {
  line: Line;
  chrome: boolean;
  boilerplate: boolean;
  date: { start: number; end: number; date: string } | null;
  kind: string | null;
  /** The kind phrase is the whole line. */
  kindOnly: boolean;
  medium: string | null;
  time: string | null;
  location: string | null;
  attribution: string | null;
  /** Nothing but recognised fields (dates, kinds, places, times...). */
  fieldOnly: boolean;
  nameOnly: boolean;
}

export function parseClock(s: string): string | null {
  if (NOON_RE.test(s) && !/\d/.test(s)) return /noon/i.test(s) ? '12:00' : '00:00';
  const m = TIME_RE.exec(s);
  if (!m) return null;
  let h = +m[1];
  const min = m[2] ? +m[2] : 0;
  if (h < 1 || h > 12 || min > 59) return null;
  const pm = m[3].toLowerCase() === 'p';
  if (pm && h !== 12) h += 12;
  if (!pm && h === 12) h = 0;
  return `${h < 10 ? '0' : ''}${h}:${min < 10 ? '0' : ''}${min}`;
}

function titleCaseKind(k: string): string {
  const canon = BRIEFING_KINDS.find((x) => x.toLowerCase().replace(/-/g, ' ') === k.toLowerCase().replace(/-/g, ' '));
  return canon ?? k;
}

function looksLikeName(s: string): boolean {
  return /^(?:[A-Z][a-z]+|[A-Z]\.)(?: (?:[A-Z][a-z'-]+|[A-Z]\.)){1,3}$/.test(s.trim());
}

const STATE_OR_COUNTRY_RE = new RegExp(`^(?:${US_STATES}|${PLACE_COUNTRIES})\\.?$`);
const PLACE_NAME_RE = /^(?:En Route (?:to )?)?[A-Z][a-zA-Z.'-]*(?: [A-Z][a-zA-Z.'-]*){0,3}$/;

/** "Washington, DC", "Mexico City, Mexico", "Palm Beach, Florida" among comma-separated parts. */
function findCityState(t: string): string | null {
  const parts = t.split(/,\s*/);
  let found: string | null = null;
  for (let i = 0; i + 1 < parts.length; i++) {
    const x = parts[i].trim();
    const y = parts[i + 1].trim().replace(/[;)]+$/, '');
    if (!STATE_OR_COUNTRY_RE.test(y) || !PLACE_NAME_RE.test(x) || POSTISH_RE.test(x) || KIND_RE.test(x)) continue;
    const xm = /(?:[A-Z][a-zA-Z.'-]*(?: [A-Z][a-zA-Z.'-]*){0,3})$/.exec(x);
    found = `${xm ? xm[0] : x}, ${y}`;
  }
  return found;
}

export function classifyHeaderLine(line: Line): HeaderLineInfo {
  const t = line.text.trim();
  const info: HeaderLineInfo = {
    line,
    chrome: isChromeLine(t),
    boilerplate: BOILERPLATE_RE.test(t),
    date: null,
    kind: null,
    kindOnly: false,
    medium: null,
    time: null,
    location: null,
    attribution: null,
    fieldOnly: false,
    nameOnly: false,
  };
  if (!t || info.chrome || info.boilerplate || t.length > 200) return info;
  let rest = t;
  const d = findAbsoluteDate(t);
  if (d) {
    info.date = d;
    rest = rest.replace(t.slice(d.start, d.end), ' ');
    rest = rest.replace(/\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?/gi, ' ');
  }
  const med0 = MEDIUM_RE.exec(t);
  let k = findKind(t);
  if (k && med0 && med0.index <= k.index && k.index < med0.index + med0[0].length) k = null; // "Via Teleconference"
  if (k && /^\s*Room\b/.test(t.slice(k.index + k[0].length))) k = null; // "Press Briefing Room" is a place
  if (k) {
    info.kind = titleCaseKind(k[1]);
    rest = rest.replace(k[0], ' ');
  }
  const med = med0;
  if (med) {
    info.medium = med[0].replace(/^(via|by|over the)\b/i, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
    info.medium = info.medium.replace(/\b(teleconference|telephone|phone|conference call|videoconference)\b/i, (w) =>
      w.replace(/\b\w/g, (c) => c.toUpperCase()),
    );
    rest = rest.replace(med[0], ' ');
  }
  const clock = /^\(?\s*(?:END\s+)?(?:The (?:briefing|call|press conference) (?:began|begins|started) at\s+)?(\d{1,2}(?::\d{2})?\s*[AaPp]\.?\s?[Mm]\.?(?:\s*[A-Z]{2,4})?)\s*\)?\.?$/.exec(t);
  if (clock) {
    info.time = parseClock(clock[1]);
    rest = '';
  }
  const cityState = findCityState(t);
  if (cityState) {
    info.location = cityState;
    rest = rest.replace(cityState, ' ');
  } else {
    for (const re of LOCATION_RES) {
      const lm = re.exec(t);
      if (lm) {
        info.location = lm[1].trim().replace(/[,.]$/, '');
        rest = rest.replace(lm[1], ' ');
        break;
      }
    }
    if (!info.location && VENUE_RE.test(t)) {
      info.location = t;
      rest = '';
    }
  }
  if (ATTRIBUTION_RE.test(t)) {
    info.attribution = t;
    rest = '';
  } else {
    const nm = /^((?:[A-Z][a-z]+|[A-Z]\.)(?: (?:[A-Z][a-z'-]+|[A-Z]\.)){1,3}),\s+([^,]{3,80})/.exec(t);
    if (nm && POSTISH_RE.test(nm[2])) {
      info.attribution = `${nm[1]}, ${nm[2].trim()}`;
      rest = rest.replace(nm[0], ' ');
    }
  }
  info.nameOnly = looksLikeName(t) && !info.location && !info.kind;
  info.kindOnly = !!k && t.replace(/[^A-Za-z]/g, '').toLowerCase() === k[1].replace(/[^A-Za-z]/g, '').toLowerCase();
  const found = !!(info.date || info.kind || info.medium || info.time || info.location || info.attribution);
  info.fieldOnly = found && rest.replace(/[^A-Za-z]/g, '').length < 3;
  return info;
}

export interface HeaderResult {
  header: ParsedHeader;
  /** Line index where the briefing body starts (title or first header field). */
  bodyStartLine: number | null;
  titleLine: number | null;
  /** Lines of stray prose in the header region (to be kept as unattributed statements). */
  proseLines: number[];
  /** The publishing government when the frame names it ("The White House", "U.S. Department of State"). */
  publisher: string | null;
  /** Lines read as labelled fields (Source:, Title:, Date:) or as the page's address. */
  metaLines: number[];
}

interface MetaFields {
  title: { line: Line; value: string } | null;
  date: string | null;
  sourceUrl: string | null;
  lines: Set<number>;
}

/**
 * Labelled fields at the top of a saved page ("Source: <url>", "Title: ...", "Date: ...") and a
 * bare address line: they name the briefing explicitly, so they win over what is guessed from
 * the other lines.
 */
function readMetaFields(lines: Line[]): MetaFields {
  const meta: MetaFields = { title: null, date: null, sourceUrl: null, lines: new Set() };
  for (const line of lines) {
    const t = line.text.trim();
    const f = META_FIELD_RE.exec(t);
    if (f) {
      const field = f[1].toLowerCase();
      const value = f[2].trim();
      if (field === 'title' && !meta.title) meta.title = { line, value };
      else if ((field === 'date' || field === 'published' || field === 'posted') && !meta.date) meta.date = findAbsoluteDate(value)?.date ?? null;
      else if (field === 'source' || field === 'url' || field === 'link') meta.sourceUrl = meta.sourceUrl ?? sourceUrlOf(value);
      else continue;
      meta.lines.add(line.index);
    } else if (URL_RE.test(t) && !meta.sourceUrl) {
      meta.sourceUrl = sourceUrlOf(t);
      meta.lines.add(line.index);
    }
  }
  return meta;
}

function isProse(t: string): boolean {
  return t.length >= 120 && /[.?!]["')]?$/.test(t) && /\s\w+\s\w+\s/.test(t);
}

/**
 * Parses the header region `lines` (everything before the first turn). When the text has no
 * speaker labels at all, `noLabels` makes the header stop at the first prose paragraph.
 */
export function parseHeader(lines: Line[], noLabels = false): HeaderResult {
  const header: ParsedHeader = {
    title: null,
    kind: null,
    date: null,
    location: null,
    medium: null,
    attribution: null,
    startTime: null,
    endTime: null,
    sourceUrl: null,
    heldOn: null,
  };
  let region = lines;
  if (noLabels) {
    // the header ends at the first long prose paragraph
    const k = lines.findIndex((l) => isProse(l.text.trim()));
    region = k >= 0 ? lines.slice(0, k) : lines.slice(0, Math.min(lines.length, 12));
  }
  const meta = readMetaFields(region);
  header.sourceUrl = meta.sourceUrl;
  const infos = region.filter((l) => !meta.lines.has(l.index)).map(classifyHeaderLine);
  if (meta.title) infos.unshift(classifyHeaderLine({ ...meta.title.line, text: meta.title.value }));
  const proseLines: number[] = [];
  const candidates: HeaderLineInfo[] = [];
  let firstField: number | null = null;
  let standaloneKind: string | null = null;
  let embeddedKind: string | null = null;
  const locations: string[] = [];
  for (let i = 0; i < infos.length; i++) {
    const inf = infos[i];
    const t = inf.line.text.trim();
    if (!t || inf.chrome || inf.boilerplate) continue;
    if (inf.fieldOnly) {
      if (firstField === null) firstField = i;
      if (inf.date && !header.date) header.date = inf.date.date;
      if (inf.kind && inf.kindOnly && !standaloneKind) standaloneKind = inf.kind;
      if (inf.kind && !inf.kindOnly && !embeddedKind) embeddedKind = inf.kind;
      if (inf.medium && !header.medium) header.medium = inf.medium;
      if (inf.time && !header.startTime) header.startTime = inf.time;
      if (inf.location) locations.push(inf.location);
      if (inf.attribution && !header.attribution) header.attribution = inf.attribution;
      continue;
    }
    if (inf.nameOnly) {
      // "Mark C. Toner" followed by "Deputy Department Spokesperson"
      const next = infos[i + 1];
      const nt = next?.line.text.trim() ?? '';
      if (next && POSTISH_RE.test(nt) && nt.length < 80 && !/[.?!]$/.test(nt)) {
        if (!header.attribution) header.attribution = `${t}, ${nt}`;
        if (firstField === null) firstField = i;
        i++;
        continue;
      }
    }
    if (!noLabels && isProse(t)) {
      proseLines.push(inf.line.index);
      continue;
    }
    if (/^[A-Z0-9 /&,.'-]+$/.test(t) && t.length < 60 && candidates.length > 0 && firstField !== null) continue; // index entries
    candidates.push(inf);
  }
  // title: the labelled one, else a line with an embedded kind phrase, else the last candidate before the first field
  let title: HeaderLineInfo | null = meta.title ? infos[0] : null;
  title ??= candidates.find((c) => c.kind && !c.kindOnly && c.line.text.trim().length > c.kind.length + 3) ?? null;
  if (!title && firstField !== null) {
    const before = candidates.filter((c) => c.line.index < infos[firstField!].line.index);
    title = before[before.length - 1] ?? null;
  }
  if (!title && candidates.length && (noLabels || firstField === null)) {
    const c = candidates.find((x) => x.line.text.trim().length < 160 && !/[.?!]$/.test(x.line.text.trim()));
    title = c ?? null;
  }
  if (!title) title = infos.find((x) => x.kind && !x.chrome && !x.boilerplate && x.line.text.trim()) ?? null;
  if (title) {
    header.title = title.line.text.trim();
    // a site section before the title: "Press Releases: Background Briefing ...", "Department Press Briefings : ..."
    const section = /^[A-Z][\w ]{2,40}?\s?:\s+(?=\S)/.exec(header.title);
    if (section && title.kind && KIND_RE.test(header.title.slice(section[0].length))) header.title = header.title.slice(section[0].length);
    const by = /\bby (?:an? )?((?:(?:Senior|Various|Two|Three)\s+)?(?:[A-Z][\w.]*\s+){0,4}Officials?)\b/.exec(header.title);
    if (by && !header.attribution) header.attribution = by[1];
    if (!header.date && title.date) header.date = title.date.date;
    if (title.kind) embeddedKind = title.kind;
    if (title.location && !locations.length) locations.push(title.location);
    if (title.medium && !header.medium) header.medium = title.medium;
  }
  for (const c of candidates) {
    if (!header.date && c.date) header.date = c.date.date;
  }
  header.kind = standaloneKind ?? embeddedKind;
  if (meta.date) {
    // the labelled date is the briefing's; a different date in the text is the day it was held
    // ("(June 6, 2022)" on a transcript published June 7), which relative dates count from
    if (header.date && header.date !== meta.date) header.heldOn = header.date;
    header.date = meta.date;
  }
  if (locations.length) header.location = Array.from(new Set(locations)).join(', ');
  let bodyStartLine: number | null = null;
  const starts: number[] = [];
  if (title) starts.push(title.line.index);
  if (firstField !== null) starts.push(infos[firstField].line.index);
  if (starts.length) bodyStartLine = Math.min(...starts);
  // the frame names the publisher, or a US time zone dates the call ("1:15 P.M. EST")
  const publisher =
    infos.some((x) => /^(?:the white house|office of the press secretary|u\.s\. department of state|department of state|office of the spokesperson|u\.s\. embassy)/i.test(x.line.text.trim())) ||
    infos.some((x) => x.time && /\b[ECMP][SD]T\b/.test(x.line.text)) ||
    /\.gov$/i.test(hostOf(meta.sourceUrl)) ||
    /^(?:Department Press Briefing|Daily Press Briefing|Press Gaggle|Background Press Call|Special Briefing)$/.test(header.kind ?? '')
      ? 'US'
      : null;
  return { header, bodyStartLine, titleLine: title ? title.line.index : null, proseLines, publisher, metaLines: [...meta.lines] };
}
