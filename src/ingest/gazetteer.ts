/**
 * A small, general gazetteer: countries (names, adjectives, cities), government bodies,
 * posts (with the countries that have them and the body each belongs to) and news outlets.
 * Nothing in here is specific to one briefing; it is the kind of table an analyst would
 * keep for the US - Mexico dialogue and its neighbours.
 */
import type { OrganizationKind, ParsedOrganization } from './ingest.types';
import { PhraseIndex, type PhraseHit } from './phrase-index';

export interface CountryDef {
  code: string;
  names: string[];
  adjectives: string[];
  cities: string[];
}

export const COUNTRIES: CountryDef[] = [
  {
    code: 'US',
    names: ['United States of America', 'United States', 'U.S.A.', 'U.S.', 'USA', 'US', 'America'],
    adjectives: ['American', 'U.S.', 'US'],
    cities: ['Washington, DC', 'Washington, D.C.', 'Washington', 'New York', 'Miami', 'Houston', 'San Diego', 'El Paso', 'Palm Beach', 'Mar-a-Lago', 'Camp David', 'Los Angeles', 'Chicago'],
  },
  {
    code: 'MX',
    names: ['Mexico', 'United Mexican States'],
    adjectives: ['Mexican'],
    cities: ['Mexico City', 'Los Pinos', 'Guadalajara', 'Monterrey', 'Tijuana', 'Ciudad Juarez', 'Juarez', 'Cancun', 'Acapulco', 'Puebla', 'Merida', 'Veracruz'],
  },
  { code: 'CA', names: ['Canada'], adjectives: ['Canadian'], cities: ['Ottawa', 'Toronto', 'Montreal', 'Vancouver'] },
  { code: 'GT', names: ['Guatemala'], adjectives: ['Guatemalan'], cities: ['Guatemala City'] },
  { code: 'HN', names: ['Honduras'], adjectives: ['Honduran'], cities: ['Tegucigalpa'] },
  { code: 'SV', names: ['El Salvador'], adjectives: ['Salvadoran'], cities: ['San Salvador'] },
  { code: 'CU', names: ['Cuba'], adjectives: ['Cuban'], cities: ['Havana'] },
  { code: 'VE', names: ['Venezuela'], adjectives: ['Venezuelan'], cities: ['Caracas'] },
  { code: 'CO', names: ['Colombia'], adjectives: ['Colombian'], cities: ['Bogota'] },
  { code: 'BR', names: ['Brazil'], adjectives: ['Brazilian'], cities: ['Brasilia'] },
  { code: 'AR', names: ['Argentina'], adjectives: ['Argentine', 'Argentinian'], cities: ['Buenos Aires'] },
  { code: 'HT', names: ['Haiti'], adjectives: ['Haitian'], cities: ['Port-au-Prince'] },
  { code: 'NI', names: ['Nicaragua'], adjectives: ['Nicaraguan'], cities: ['Managua'] },
  { code: 'CR', names: ['Costa Rica'], adjectives: ['Costa Rican'], cities: [] },
  { code: 'PA', names: ['Panama'], adjectives: ['Panamanian'], cities: ['Panama City'] },
  { code: 'DO', names: ['Dominican Republic'], adjectives: [], cities: ['Santo Domingo'] },
  { code: 'BZ', names: ['Belize'], adjectives: ['Belizean'], cities: ['Belmopan'] },
  { code: 'EC', names: ['Ecuador'], adjectives: ['Ecuadorian', 'Ecuadorean'], cities: ['Quito'] },
  { code: 'PE', names: ['Peru'], adjectives: ['Peruvian'], cities: ['Lima'] },
  { code: 'CL', names: ['Chile'], adjectives: ['Chilean'], cities: [] },
  { code: 'BO', names: ['Bolivia'], adjectives: ['Bolivian'], cities: ['La Paz'] },
  { code: 'UY', names: ['Uruguay'], adjectives: ['Uruguayan'], cities: ['Montevideo'] },
  { code: 'PY', names: ['Paraguay'], adjectives: ['Paraguayan'], cities: ['Asuncion'] },
  { code: 'JM', names: ['Jamaica'], adjectives: ['Jamaican'], cities: [] },
  { code: 'BB', names: ['Barbados'], adjectives: ['Barbadian'], cities: ['Bridgetown'] },
  { code: 'GY', names: ['Guyana'], adjectives: ['Guyanese'], cities: [] },
  { code: 'TT', names: ['Trinidad and Tobago'], adjectives: ['Trinidadian'], cities: ['Port of Spain'] },
  { code: 'BS', names: ['The Bahamas', 'Bahamas'], adjectives: ['Bahamian'], cities: ['Nassau'] },
  { code: 'GB', names: ['United Kingdom', 'U.K.', 'UK', 'Britain', 'Great Britain'], adjectives: ['British'], cities: ['London'] },
  { code: 'FR', names: ['France'], adjectives: ['French'], cities: ['Paris'] },
  { code: 'DE', names: ['Germany'], adjectives: ['German'], cities: ['Berlin'] },
  { code: 'BE', names: ['Belgium'], adjectives: ['Belgian'], cities: ['Brussels'] },
  { code: 'ES', names: ['Spain'], adjectives: ['Spanish'], cities: ['Madrid'] },
  { code: 'IT', names: ['Italy'], adjectives: ['Italian'], cities: ['Rome'] },
  { code: 'RU', names: ['Russia', 'Russian Federation'], adjectives: ['Russian'], cities: ['Moscow'] },
  { code: 'UA', names: ['Ukraine'], adjectives: ['Ukrainian'], cities: ['Kyiv', 'Kiev'] },
  { code: 'CN', names: ['China', "People's Republic of China", 'PRC'], adjectives: ['Chinese'], cities: ['Beijing'] },
  { code: 'JP', names: ['Japan'], adjectives: ['Japanese'], cities: ['Tokyo'] },
  { code: 'KR', names: ['South Korea', 'Republic of Korea', 'ROK'], adjectives: ['South Korean'], cities: ['Seoul'] },
  { code: 'KP', names: ['North Korea', 'DPRK'], adjectives: ['North Korean'], cities: ['Pyongyang'] },
  { code: 'IN', names: ['India'], adjectives: ['Indian'], cities: ['New Delhi'] },
  { code: 'PK', names: ['Pakistan'], adjectives: ['Pakistani'], cities: ['Islamabad'] },
  { code: 'AF', names: ['Afghanistan'], adjectives: ['Afghan'], cities: ['Kabul'] },
  { code: 'IR', names: ['Iran'], adjectives: ['Iranian'], cities: ['Tehran'] },
  { code: 'IQ', names: ['Iraq'], adjectives: ['Iraqi'], cities: ['Baghdad'] },
  { code: 'SY', names: ['Syria'], adjectives: ['Syrian'], cities: ['Damascus'] },
  { code: 'IL', names: ['Israel'], adjectives: ['Israeli'], cities: ['Jerusalem', 'Tel Aviv'] },
  { code: 'SA', names: ['Saudi Arabia'], adjectives: ['Saudi'], cities: ['Riyadh'] },
  { code: 'TR', names: ['Turkey'], adjectives: ['Turkish'], cities: ['Ankara'] },
  { code: 'EG', names: ['Egypt'], adjectives: ['Egyptian'], cities: ['Cairo'] },
  { code: 'AU', names: ['Australia'], adjectives: ['Australian'], cities: ['Canberra'] },
  { code: 'QA', names: ['Qatar'], adjectives: ['Qatari'], cities: ['Doha'] },
  { code: 'VN', names: ['Vietnam', 'Viet Nam'], adjectives: ['Vietnamese'], cities: ['Hanoi'] },
  { code: 'TW', names: ['Taiwan'], adjectives: ['Taiwanese'], cities: ['Taipei'] },
];

/** Countries whose people are named family name first ("Xi Jinping", "Yang Jiechi"). */
export const FAMILY_NAME_FIRST = new Set(['CN', 'KP', 'KR', 'VN', 'TW']);

export const COUNTRY_BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

export interface OrgDef {
  name: string;
  acronym: string | null;
  kind: OrganizationKind;
  country: string | null;
  /** Other ways texts name it (matched case-sensitively, whole words). */
  aliases: string[];
  /** Short names used in "from the X perspective", "I would add from X". */
  shortNames?: string[];
  domains?: string[];
}

export const GOVERNMENT_ORGS: OrgDef[] = [
  { name: 'U.S. Department of State', acronym: 'DOS', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of State', 'State Department'], shortNames: ['State', 'State Department', 'the State Department', 'Department of State'], domains: ['state.gov'] },
  { name: 'U.S. Department of Homeland Security', acronym: 'DHS', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Homeland Security', 'DHS'], shortNames: ['Homeland Security', 'DHS', 'Department of Homeland Security'], domains: ['dhs.gov'] },
  { name: 'U.S. Department of Defense', acronym: 'DOD', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Defense', 'Defense Department', 'Pentagon', 'DOD', 'DoD'], shortNames: ['Defense', 'DOD', 'DoD', 'Pentagon', 'Defense Department'], domains: ['defense.gov'] },
  { name: 'U.S. Department of the Treasury', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: ['Department of the Treasury', 'Treasury Department'], shortNames: ['Treasury'], domains: ['treasury.gov'] },
  { name: 'U.S. Department of Justice', acronym: 'DOJ', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Justice', 'Justice Department', 'DOJ'], shortNames: ['Justice', 'DOJ'], domains: ['justice.gov'] },
  { name: 'U.S. Department of Commerce', acronym: 'DOC', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Commerce', 'Commerce Department'], shortNames: ['Commerce'], domains: ['commerce.gov'] },
  { name: 'U.S. Department of Energy', acronym: 'DOE', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Energy', 'Energy Department'], shortNames: ['Energy'], domains: ['energy.gov'] },
  { name: 'U.S. Department of Agriculture', acronym: 'USDA', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Agriculture', 'USDA'], shortNames: ['USDA'] },
  { name: 'U.S. Department of Labor', acronym: 'DOL', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Labor', 'Labor Department'] },
  { name: 'U.S. Department of Education', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Education', 'Education Department'] },
  { name: 'U.S. Department of the Interior', acronym: 'DOI', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of the Interior', 'Interior Department'] },
  { name: 'U.S. Department of Transportation', acronym: 'DOT', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Transportation'] },
  { name: 'U.S. Department of Health and Human Services', acronym: 'HHS', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Health and Human Services', 'HHS'] },
  { name: 'U.S. Department of Housing and Urban Development', acronym: 'HUD', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Housing and Urban Development', 'HUD'] },
  { name: 'U.S. Department of Veterans Affairs', acronym: 'VA', kind: 'GOVERNMENT', country: 'US', aliases: ['Department of Veterans Affairs'] },
  { name: 'U.S. Department of the Navy', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: ['Department of the Navy'] },
  { name: 'U.S. Department of the Army', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: ['Department of the Army'] },
  { name: 'U.S. Department of the Air Force', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: ['Department of the Air Force'] },
  { name: 'The White House', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: ['White House'], shortNames: ['White House', 'the White House'], domains: ['whitehouse.gov'] },
  { name: 'U.S. National Security Council', acronym: 'NSC', kind: 'GOVERNMENT', country: 'US', aliases: ['National Security Council', 'NSC'], shortNames: ['NSC', 'National Security Council'] },
  { name: 'Office of the U.S. Trade Representative', acronym: 'USTR', kind: 'GOVERNMENT', country: 'US', aliases: ['USTR', 'Office of the United States Trade Representative', 'Office of the U.S. Trade Representative'] },
  { name: 'U.S. Agency for International Development', acronym: 'USAID', kind: 'GOVERNMENT', country: 'US', aliases: ['USAID'], domains: ['usaid.gov'] },
  { name: 'U.S. Southern Command', acronym: 'SOUTHCOM', kind: 'GOVERNMENT', country: 'US', aliases: ['Southern Command', 'SOUTHCOM'] },
  { name: 'U.S. Customs and Border Protection', acronym: 'CBP', kind: 'GOVERNMENT', country: 'US', aliases: ['Customs and Border Protection', 'CBP'] },
  { name: 'U.S. Immigration and Customs Enforcement', acronym: 'ICE', kind: 'GOVERNMENT', country: 'US', aliases: ['Immigration and Customs Enforcement'] },
  { name: 'U.S. Drug Enforcement Administration', acronym: 'DEA', kind: 'GOVERNMENT', country: 'US', aliases: ['Drug Enforcement Administration', 'DEA'] },
  { name: 'U.S. Senate', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: [] },
  { name: 'U.S. House of Representatives', acronym: null, kind: 'GOVERNMENT', country: 'US', aliases: [] },
  { name: 'U.S. Government', acronym: 'USG', kind: 'GOVERNMENT', country: 'US', aliases: ['U.S. Government', 'United States Government', 'USG'] },
  { name: 'Office of the President of Mexico', acronym: null, kind: 'GOVERNMENT', country: 'MX', aliases: ['Los Pinos'] },
  { name: "Mexico's Foreign Ministry", acronym: 'SRE', kind: 'GOVERNMENT', country: 'MX', aliases: ['Secretariat of Foreign Affairs', 'SRE', 'Mexican Foreign Ministry', "Mexico's Foreign Ministry"] },
  { name: "Mexico's Secretariat of National Defense", acronym: 'SEDENA', kind: 'GOVERNMENT', country: 'MX', aliases: ['Secretariat of National Defense', 'SEDENA'] },
  { name: "Mexico's Secretariat of the Navy", acronym: 'SEMAR', kind: 'GOVERNMENT', country: 'MX', aliases: ['Secretariat of the Navy', 'SEMAR'] },
  { name: "Mexico's Secretariat of the Interior", acronym: 'SEGOB', kind: 'GOVERNMENT', country: 'MX', aliases: ['Secretariat of the Interior', 'Secretariat of Government', 'SEGOB'] },
  { name: "Mexico's Secretariat of Finance and Public Credit", acronym: 'SHCP', kind: 'GOVERNMENT', country: 'MX', aliases: ['Secretariat of Finance', 'SHCP', 'Hacienda'] },
  { name: "Mexico's Secretariat of Economy", acronym: 'SE', kind: 'GOVERNMENT', country: 'MX', aliases: ['Secretariat of Economy'] },
  { name: "Mexico's Secretariat of Energy", acronym: 'SENER', kind: 'GOVERNMENT', country: 'MX', aliases: ['SENER'] },
  { name: "Mexico's Secretariat of Public Security", acronym: 'SSP', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: "Mexico's Office of the Attorney General", acronym: 'PGR', kind: 'GOVERNMENT', country: 'MX', aliases: ['PGR'] },
  { name: "Mexico's Secretariat of Agriculture", acronym: 'SAGARPA', kind: 'GOVERNMENT', country: 'MX', aliases: ['SAGARPA'] },
  { name: "Mexico's Secretariat of Labor", acronym: 'STPS', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: "Mexico's Secretariat of Public Education", acronym: 'SEP', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: "Mexico's Secretariat of Health", acronym: 'SSA', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: "Mexico's Secretariat of Tourism", acronym: 'SECTUR', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: "Mexico's Secretariat of Communications and Transportation", acronym: 'SCT', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: "Mexico's Secretariat of Environment and Natural Resources", acronym: 'SEMARNAT', kind: 'GOVERNMENT', country: 'MX', aliases: ['SEMARNAT'] },
  { name: "Mexico's Secretariat of Social Development", acronym: 'SEDESOL', kind: 'GOVERNMENT', country: 'MX', aliases: [] },
  { name: 'Government of Mexico', acronym: null, kind: 'GOVERNMENT', country: 'MX', aliases: ['Government of Mexico', 'Mexican Government', 'Mexican government'] },
  { name: 'UK Foreign and Commonwealth Office', acronym: 'FCO', kind: 'GOVERNMENT', country: 'GB', aliases: ['Foreign Office', 'Foreign and Commonwealth Office'] },
  { name: 'Ministry of External Affairs of India', acronym: 'MEA', kind: 'GOVERNMENT', country: 'IN', aliases: [] },
  { name: 'United Nations', acronym: 'UN', kind: 'INTERNATIONAL', country: null, aliases: ['United Nations', 'U.N.'] },
  { name: 'Organization of American States', acronym: 'OAS', kind: 'INTERNATIONAL', country: null, aliases: ['Organization of American States', 'OAS'] },
  { name: 'North Atlantic Treaty Organization', acronym: 'NATO', kind: 'INTERNATIONAL', country: null, aliases: ['NATO'] },
  { name: 'European Union', acronym: 'EU', kind: 'INTERNATIONAL', country: null, aliases: ['European Union', 'EU'] },
  { name: 'World Trade Organization', acronym: 'WTO', kind: 'INTERNATIONAL', country: null, aliases: ['World Trade Organization', 'WTO'] },
  { name: 'Caribbean Community', acronym: 'CARICOM', kind: 'INTERNATIONAL', country: null, aliases: ['Caribbean Community', 'CARICOM'] },
  { name: 'Inter-American Development Bank', acronym: 'IDB', kind: 'INTERNATIONAL', country: null, aliases: ['Inter-American Development Bank', 'IDB'] },
  { name: 'International Monetary Fund', acronym: 'IMF', kind: 'INTERNATIONAL', country: null, aliases: ['International Monetary Fund', 'IMF'] },
  { name: 'World Bank', acronym: null, kind: 'INTERNATIONAL', country: null, aliases: ['World Bank'] },
];

export const NEWS_OUTLETS: OrgDef[] = [
  { name: 'Bloomberg News', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['Bloomberg News', 'Bloomberg'] },
  { name: 'Associated Press', acronym: 'AP', kind: 'NEWS_OUTLET', country: 'US', aliases: ['Associated Press', 'AP'] },
  { name: 'Reuters', acronym: null, kind: 'NEWS_OUTLET', country: 'GB', aliases: ['Reuters'] },
  { name: 'Agence France-Presse', acronym: 'AFP', kind: 'NEWS_OUTLET', country: 'FR', aliases: ['Agence France-Presse', 'AFP'] },
  { name: 'Voice of America', acronym: 'VOA', kind: 'NEWS_OUTLET', country: 'US', aliases: ['Voice of America', 'VOA'] },
  { name: 'Los Angeles Times', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['Los Angeles Times', 'LA Times', 'L.A. Times'] },
  { name: 'CNN', acronym: 'CNN', kind: 'NEWS_OUTLET', country: 'US', aliases: ['CNN'] },
  { name: 'EFE', acronym: 'EFE', kind: 'NEWS_OUTLET', country: 'ES', aliases: ['EFE', 'Agencia EFE'] },
  { name: 'The Wall Street Journal', acronym: 'WSJ', kind: 'NEWS_OUTLET', country: 'US', aliases: ['The Wall Street Journal', 'Wall Street Journal', 'WSJ'] },
  { name: 'The New York Times', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['The New York Times', 'New York Times'] },
  { name: 'The Washington Post', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['The Washington Post', 'Washington Post'] },
  { name: 'NBC News', acronym: 'NBC', kind: 'NEWS_OUTLET', country: 'US', aliases: ['NBC News', 'NBC'] },
  { name: 'ABC News', acronym: 'ABC', kind: 'NEWS_OUTLET', country: 'US', aliases: ['ABC News', 'ABC'] },
  { name: 'CBS News', acronym: 'CBS', kind: 'NEWS_OUTLET', country: 'US', aliases: ['CBS News', 'CBS'] },
  { name: 'Fox News', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['Fox News', 'Fox'] },
  { name: 'NPR', acronym: 'NPR', kind: 'NEWS_OUTLET', country: 'US', aliases: ['NPR', 'National Public Radio'] },
  { name: 'Politico', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['Politico', 'POLITICO'] },
  { name: 'USA Today', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['USA Today'] },
  { name: 'McClatchy', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['McClatchy'] },
  { name: 'Univision', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['Univision'] },
  { name: 'Telemundo', acronym: null, kind: 'NEWS_OUTLET', country: 'US', aliases: ['Telemundo'] },
  { name: 'BBC', acronym: 'BBC', kind: 'NEWS_OUTLET', country: 'GB', aliases: ['BBC'] },
  { name: 'Financial Times', acronym: 'FT', kind: 'NEWS_OUTLET', country: 'GB', aliases: ['Financial Times'] },
  { name: 'Al Jazeera', acronym: null, kind: 'NEWS_OUTLET', country: 'QA', aliases: ['Al Jazeera'] },
  { name: 'Televisa', acronym: null, kind: 'NEWS_OUTLET', country: 'MX', aliases: ['Televisa'] },
  { name: 'Notimex', acronym: null, kind: 'NEWS_OUTLET', country: 'MX', aliases: ['Notimex'] },
  { name: 'El Universal', acronym: null, kind: 'NEWS_OUTLET', country: 'MX', aliases: ['El Universal'] },
  { name: 'Reforma', acronym: null, kind: 'NEWS_OUTLET', country: 'MX', aliases: ['Reforma'] },
  { name: 'Milenio', acronym: null, kind: 'NEWS_OUTLET', country: 'MX', aliases: ['Milenio'] },
  { name: 'La Jornada', acronym: null, kind: 'NEWS_OUTLET', country: 'MX', aliases: ['La Jornada'] },
  { name: 'Xinhua', acronym: null, kind: 'NEWS_OUTLET', country: 'CN', aliases: ['Xinhua'] },
  { name: 'Kyodo News', acronym: null, kind: 'NEWS_OUTLET', country: 'JP', aliases: ['Kyodo', 'Kyodo News'] },
  { name: 'Yonhap', acronym: null, kind: 'NEWS_OUTLET', country: 'KR', aliases: ['Yonhap'] },
  { name: 'TASS', acronym: null, kind: 'NEWS_OUTLET', country: 'RU', aliases: ['TASS', 'ITAR-TASS'] },
  { name: 'CBC', acronym: 'CBC', kind: 'NEWS_OUTLET', country: 'CA', aliases: ['CBC'] },
];

export function toParsedOrg(def: OrgDef): ParsedOrganization {
  return { name: def.name, acronym: def.acronym, kind: def.kind, country: def.country };
}

const ORG_BY_NAME = new Map<string, OrgDef>();
for (const o of [...GOVERNMENT_ORGS, ...NEWS_OUTLETS]) ORG_BY_NAME.set(o.name, o);

export function orgByName(name: string): ParsedOrganization | null {
  const d = ORG_BY_NAME.get(name);
  return d ? toParsedOrg(d) : null;
}

function stripThe(s: string): string {
  return s.replace(/^the\s+/i, '').trim();
}

/** A news outlet by the name used in the text; unknown outlets are kept as written. */
export function outletOrg(written: string): ParsedOrganization {
  const w = stripThe(written).toLowerCase();
  for (const o of NEWS_OUTLETS) {
    if (o.aliases.some((a) => stripThe(a).toLowerCase() === w)) return toParsedOrg(o);
  }
  return { name: written.replace(/^the\s+/, '').trim(), acronym: null, kind: 'NEWS_OUTLET', country: null };
}

let ORG_INDEX: PhraseIndex<OrgDef> | null = null;

/**
 * The stages look up the same texts (statements, sentences, clauses) many times over in one
 * parse: the hits of each text, kept until the next parse starts (the hits are never changed,
 * callers get new objects made from them).
 */
const ORG_HITS = new Map<string, Array<PhraseHit<OrgDef>>>();
const COUNTRY_HITS = new Map<string, Array<PhraseHit<CountryWord>>>();

function longestIn<T>(index: PhraseIndex<T>, cache: Map<string, Array<PhraseHit<T>>>, text: string): Array<PhraseHit<T>> {
  let hits = cache.get(text);
  if (!hits) {
    if (cache.size >= 4096) cache.clear();
    cache.set(text, (hits = index.findLongest(text)));
  }
  return hits;
}

/** Forgets the hits of the last parse (called as a parse starts: a cache never outlives one text). */
export function resetGazetteerCaches(): void {
  ORG_HITS.clear();
  COUNTRY_HITS.clear();
}

/** Government/international bodies named in a text, with their offsets. */
export function findOrganizations(text: string): Array<{ start: number; end: number; org: ParsedOrganization }> {
  if (!ORG_INDEX) {
    const entries: Array<{ phrase: string; value: OrgDef }> = [];
    for (const o of GOVERNMENT_ORGS) for (const a of new Set([...o.aliases, o.name])) if (a) entries.push({ phrase: a, value: o });
    ORG_INDEX = new PhraseIndex(entries);
  }
  return longestIn(ORG_INDEX, ORG_HITS, text).map((h) => ({ start: h.start, end: h.end, org: toParsedOrg(h.value) }));
}

/** "from the State perspective", "I would add from Homeland Security". */
export function orgByShortName(name: string): ParsedOrganization | null {
  const n = stripThe(name).toLowerCase();
  for (const o of GOVERNMENT_ORGS) {
    const names = [...(o.shortNames ?? []), ...o.aliases, o.name];
    if (names.some((s) => stripThe(s).toLowerCase() === n)) return toParsedOrg(o);
  }
  return null;
}

export function orgByDomain(domain: string): ParsedOrganization | null {
  const d = domain.toLowerCase();
  for (const o of GOVERNMENT_ORGS) if (o.domains?.some((x) => d === x || d.endsWith('.' + x))) return toParsedOrg(o);
  return null;
}

export const SHORT_ORG_NAMES: string[] = Array.from(
  new Set(GOVERNMENT_ORGS.flatMap((o) => [...(o.shortNames ?? []), ...o.aliases].map(stripThe))),
).sort((a, b) => b.length - a.length);

// ---------------------------------------------------------------------------------------
// Posts

export interface PostDef {
  /** Canonical post, e.g. 'Secretary of Homeland Security'. */
  post: string;
  /** Ways texts write it (title case, case-sensitive). The canonical form is implied. */
  variants?: string[];
  /** Countries that have this post and the body it belongs to; '*' = any country. */
  countries: Array<{ country: string; org: string | null }>;
  /** A bare word like 'Secretary' or 'Minister': compatible with any more specific post. */
  generic?: boolean;
  /** Whether "Ambassador X" style use makes it an honorific too. */
  honorific?: boolean;
  /** Countries that have no such post (a US "King" or "Prime Minister" does not exist). */
  notIn?: string[];
  /** A spouse's courtesy title (First Lady): never the same person as the office holder. */
  spouse?: boolean;
}

const ANY = (org: string | null = null) => [{ country: '*', org }];

export const POSTS: PostDef[] = [
  { post: 'President', countries: [{ country: 'US', org: 'The White House' }, { country: 'MX', org: 'Office of the President of Mexico' }, { country: '*', org: null }] },
  { post: 'President-elect', variants: ['President-Elect'], countries: [{ country: '*', org: null }] },
  { post: 'Vice President', countries: [{ country: 'US', org: 'The White House' }, { country: '*', org: null }] },
  { post: 'Interim President', countries: ANY() },
  { post: 'First Lady', countries: [{ country: 'US', org: 'The White House' }, { country: '*', org: null }], spouse: true },
  { post: 'Second Gentleman', variants: ['Second Lady'], countries: [{ country: 'US', org: 'The White House' }, { country: '*', org: null }], spouse: true },
  { post: 'First Gentleman', countries: ANY(), spouse: true },
  { post: 'State Councilor', variants: ['State Councillor'], countries: [{ country: 'CN', org: null }] },
  { post: 'Prime Minister', countries: ANY(), notIn: ['US', 'MX'] },
  { post: 'Deputy Prime Minister', countries: ANY(), notIn: ['US', 'MX'] },
  { post: 'Foreign Minister', variants: ['Minister of Foreign Affairs'], countries: ANY(), notIn: ['US'] },
  { post: 'Foreign Secretary', countries: [{ country: 'MX', org: "Mexico's Foreign Ministry" }, { country: 'GB', org: 'UK Foreign and Commonwealth Office' }, { country: 'IN', org: 'Ministry of External Affairs of India' }] },
  { post: 'Secretary of Foreign Affairs', variants: ['Secretary of Foreign Relations'], countries: [{ country: 'MX', org: "Mexico's Foreign Ministry" }] },
  { post: 'Secretary of State', countries: [{ country: 'US', org: 'U.S. Department of State' }] },
  { post: 'Secretary of Homeland Security', variants: ['Homeland Security Secretary', 'DHS Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Homeland Security' }] },
  { post: 'Secretary of Defense', variants: ['Defense Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Defense' }] },
  { post: 'Secretary of National Defense', countries: [{ country: 'MX', org: "Mexico's Secretariat of National Defense" }] },
  { post: 'Secretary of the Navy', variants: ['Navy Secretary'], countries: [{ country: 'US', org: 'U.S. Department of the Navy' }, { country: 'MX', org: "Mexico's Secretariat of the Navy" }] },
  { post: 'Secretary of the Army', countries: [{ country: 'US', org: 'U.S. Department of the Army' }] },
  { post: 'Secretary of the Air Force', countries: [{ country: 'US', org: 'U.S. Department of the Air Force' }] },
  { post: 'Secretary of the Treasury', variants: ['Treasury Secretary'], countries: [{ country: 'US', org: 'U.S. Department of the Treasury' }] },
  { post: 'Secretary of Finance', variants: ['Finance Secretary', 'Secretary of Finance and Public Credit'], countries: [{ country: 'MX', org: "Mexico's Secretariat of Finance and Public Credit" }] },
  { post: 'Finance Minister', variants: ['Minister of Finance'], countries: ANY(), notIn: ['US'] },
  { post: 'Secretary of Government', countries: [{ country: 'MX', org: "Mexico's Secretariat of the Interior" }] },
  { post: 'Secretary of the Interior', variants: ['Interior Secretary'], countries: [{ country: 'US', org: 'U.S. Department of the Interior' }, { country: 'MX', org: "Mexico's Secretariat of the Interior" }] },
  { post: 'Secretary of Economy', variants: ['Secretary of the Economy', 'Economy Secretary'], countries: [{ country: 'MX', org: "Mexico's Secretariat of Economy" }] },
  { post: 'Secretary of Commerce', variants: ['Commerce Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Commerce' }] },
  { post: 'Secretary of Energy', variants: ['Energy Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Energy' }, { country: 'MX', org: "Mexico's Secretariat of Energy" }] },
  { post: 'Secretary of Agriculture', variants: ['Agriculture Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Agriculture' }, { country: 'MX', org: "Mexico's Secretariat of Agriculture" }] },
  { post: 'Secretary of Labor', variants: ['Labor Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Labor' }, { country: 'MX', org: "Mexico's Secretariat of Labor" }] },
  { post: 'Secretary of Education', variants: ['Education Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Education' }] },
  { post: 'Secretary of Public Education', countries: [{ country: 'MX', org: "Mexico's Secretariat of Public Education" }] },
  { post: 'Secretary of Health', countries: [{ country: 'MX', org: "Mexico's Secretariat of Health" }] },
  { post: 'Secretary of Health and Human Services', variants: ['HHS Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Health and Human Services' }] },
  { post: 'Secretary of Transportation', variants: ['Transportation Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Transportation' }] },
  { post: 'Secretary of Communications and Transportation', countries: [{ country: 'MX', org: "Mexico's Secretariat of Communications and Transportation" }] },
  { post: 'Secretary of Housing and Urban Development', variants: ['HUD Secretary'], countries: [{ country: 'US', org: 'U.S. Department of Housing and Urban Development' }] },
  { post: 'Secretary of Veterans Affairs', countries: [{ country: 'US', org: 'U.S. Department of Veterans Affairs' }] },
  { post: 'Secretary of Public Security', countries: [{ country: 'MX', org: "Mexico's Secretariat of Public Security" }] },
  { post: 'Secretary of Tourism', countries: [{ country: 'MX', org: "Mexico's Secretariat of Tourism" }] },
  { post: 'Secretary of Environment and Natural Resources', countries: [{ country: 'MX', org: "Mexico's Secretariat of Environment and Natural Resources" }] },
  { post: 'Secretary of Social Development', countries: [{ country: 'MX', org: "Mexico's Secretariat of Social Development" }] },
  { post: 'Attorney General', countries: [{ country: 'US', org: 'U.S. Department of Justice' }, { country: 'MX', org: "Mexico's Office of the Attorney General" }] },
  { post: 'National Security Advisor', variants: ['National Security Adviser', 'NSA'], countries: [{ country: 'US', org: 'U.S. National Security Council' }] },
  { post: 'Press Secretary', variants: ['White House Press Secretary'], countries: [{ country: 'US', org: 'The White House' }] },
  { post: 'Chief of Staff', variants: ['White House Chief of Staff'], countries: [{ country: 'US', org: 'The White House' }, { country: '*', org: null }] },
  { post: 'Trade Representative', variants: ['U.S. Trade Representative'], countries: [{ country: 'US', org: 'Office of the U.S. Trade Representative' }] },
  { post: 'Department Spokesperson', variants: ['State Department Spokesperson', 'Department Spokesman', 'State Department Spokesman'], countries: [{ country: 'US', org: 'U.S. Department of State' }] },
  { post: 'Senator', variants: ['Sen.'], countries: [{ country: 'US', org: 'U.S. Senate' }, { country: '*', org: null }] },
  { post: 'Representative', variants: ['Rep.', 'Congressman', 'Congresswoman'], countries: [{ country: 'US', org: 'U.S. House of Representatives' }] },
  { post: 'Speaker', countries: [{ country: 'US', org: 'U.S. House of Representatives' }, { country: '*', org: null }] },
  { post: 'Governor', variants: ['Gov.'], countries: ANY() },
  { post: 'Mayor', countries: ANY() },
  { post: 'Ambassador', countries: ANY(), generic: true, honorific: true },
  { post: 'Special Envoy', countries: ANY() },
  { post: 'Chancellor', countries: ANY(), notIn: ['US', 'MX'] },
  { post: 'King', countries: ANY(), notIn: ['US', 'MX'] },
  { post: 'Queen', countries: ANY(), notIn: ['US', 'MX'] },
  { post: 'Prince', countries: ANY(), notIn: ['US', 'MX'] },
  { post: 'Pope', countries: ANY() },
  { post: 'Secretary General', variants: ['Secretary-General'], countries: ANY() },
  { post: 'Spokesperson', variants: ['Spokesman', 'Spokeswoman'], countries: ANY(), generic: true },
  { post: 'Special Advisor', variants: ['Special Adviser'], countries: ANY() },
  { post: 'Senior Advisor', variants: ['Senior Adviser'], countries: ANY() },
  { post: 'Special Representative', countries: ANY() },
  { post: 'Special Assistant', countries: ANY() },
  { post: 'Senior Director', countries: ANY() },
  { post: 'Counselor', countries: ANY() },
  { post: 'Coordinator', countries: ANY(), generic: true },
  { post: 'Director', countries: ANY(), generic: true },
  { post: 'Administrator', countries: ANY(), generic: true },
  { post: 'Commissioner', countries: ANY(), generic: true },
  { post: 'Minister', countries: ANY(), generic: true, notIn: ['US'] },
  { post: 'Secretary', countries: ANY(), generic: true },
];

/** Prefixes that make a new post out of a Secretary/Minister/Spokesperson post. */
export const POST_MODIFIERS = ['Principal Deputy Assistant', 'Acting Assistant', 'Deputy Assistant', 'Principal Deputy', 'Assistant', 'Deputy', 'Under', 'Acting'];

/** Plural forms used with coordinated names: "Secretaries Kelly and Tillerson". */
export const PLURAL_POSTS: Record<string, string> = {
  Secretaries: 'Secretary',
  Presidents: 'President',
  Ministers: 'Minister',
  Ambassadors: 'Ambassador',
  Senators: 'Senator',
  Generals: 'General',
};

/** Ranks and courtesy titles: honorifics, not posts. */
export const HONORIFICS: Record<string, string> = {
  'Lieutenant General': 'Lieutenant General',
  'Lt. Gen.': 'Lieutenant General',
  'Major General': 'Major General',
  'Maj. Gen.': 'Major General',
  'Brigadier General': 'Brigadier General',
  General: 'General',
  'Gen.': 'General',
  Admiral: 'Admiral',
  'Adm.': 'Admiral',
  'Vice Admiral': 'Vice Admiral',
  'Rear Admiral': 'Rear Admiral',
  Colonel: 'Colonel',
  'Col.': 'Colonel',
  Captain: 'Captain',
  'Capt.': 'Captain',
  Ambassador: 'Ambassador',
  'Dr.': 'Dr.',
  'Mr.': 'Mr.',
  'Mrs.': 'Mrs.',
  'Ms.': 'Ms.',
  Mister: 'Mr.',
};

export interface PostMatch {
  canonical: string;
  def: PostDef;
  modifier: string | null;
}

const VARIANT_TO_POST = new Map<string, PostDef>();
for (const p of POSTS) {
  VARIANT_TO_POST.set(p.post, p);
  for (const v of p.variants ?? []) VARIANT_TO_POST.set(v, p);
}

/** All written forms of posts (modifier combinations included), longest first. */
export const POST_FORMS: string[] = (() => {
  const forms = new Set<string>();
  for (const [v, p] of VARIANT_TO_POST) {
    forms.add(v);
    if (/Secretary|Minister|Spokes|Director|Administrator|Attorney General|Envoy|Trade Representative|Press Secretary|National Security Advis/.test(p.post) && !/^(Press|White House|U\.S\.)/.test(v)) {
      for (const m of POST_MODIFIERS) forms.add(`${m} ${v}`);
    }
  }
  return Array.from(forms).sort((a, b) => b.length - a.length);
})();

export function lookupPost(written: string): PostMatch | null {
  const w = written.replace(/\s+/g, ' ').trim();
  const direct = VARIANT_TO_POST.get(w);
  if (direct) return { canonical: direct.post, def: direct, modifier: null };
  for (const m of POST_MODIFIERS) {
    if (w.startsWith(m + ' ')) {
      const base = VARIANT_TO_POST.get(w.slice(m.length + 1));
      if (base) return { canonical: `${m} ${base.post}`, def: { ...base, generic: false }, modifier: m };
    }
  }
  return null;
}

/** Countries that have a post (without '*'), and whether any country may have it. */
export function postCountries(def: PostDef): { specific: string[]; any: boolean; notIn: string[] } {
  return {
    specific: def.countries.filter((c) => c.country !== '*').map((c) => c.country),
    any: def.countries.some((c) => c.country === '*'),
    notIn: def.notIn ?? [],
  };
}

export function postOrg(def: PostDef, country: string | null): ParsedOrganization | null {
  if (!country) return null;
  const hit = def.countries.find((c) => c.country === country) ?? null;
  if (!hit?.org) return null;
  return orgByName(hit.org);
}

// ---------------------------------------------------------------------------------------
// Country words

export interface CountryWord {
  word: string;
  code: string;
  kind: 'name' | 'adjective' | 'possessive' | 'city';
}

export const COUNTRY_WORDS: CountryWord[] = (() => {
  const out: CountryWord[] = [];
  for (const c of COUNTRIES) {
    for (const n of c.names) {
      out.push({ word: n, code: c.code, kind: 'name' });
      out.push({ word: `${n}'s`, code: c.code, kind: 'possessive' });
    }
    for (const a of c.adjectives) out.push({ word: a, code: c.code, kind: 'adjective' });
    for (const city of c.cities) out.push({ word: city, code: c.code, kind: 'city' });
  }
  return out.sort((a, b) => b.word.length - a.word.length);
})();

const COUNTRY_WORD_MAP = new Map(COUNTRY_WORDS.map((w) => [w.word, w]));

export function countryOfWord(word: string): CountryWord | null {
  return COUNTRY_WORD_MAP.get(word) ?? null;
}

let COUNTRY_INDEX: PhraseIndex<CountryWord> | null = null;

/** Whole-word occurrences of country names, adjectives and cities. */
export function findCountryWords(text: string, kinds?: Array<CountryWord['kind']>): Array<{ start: number; end: number; w: CountryWord }> {
  if (!COUNTRY_INDEX) COUNTRY_INDEX = new PhraseIndex(COUNTRY_WORDS.map((w) => ({ phrase: w.word, value: w })));
  return longestIn(COUNTRY_INDEX, COUNTRY_HITS, text)
    .filter((h) => !(h.value.word === 'US' && /[a-z]/.test(text[h.end] ?? '')))
    .filter((h) => !kinds || kinds.includes(h.value.kind))
    .map((h) => ({ start: h.start, end: h.end, w: h.value }));
}

/** Alternation source of places (cities and countries), longest first, for location rules. */
export const PLACE_WORDS: string[] = COUNTRY_WORDS.filter((w) => w.kind === 'city' || w.kind === 'name')
  .map((w) => w.word)
  .filter((w) => !/^(US|U\.S\.|USA|America)$/.test(w));

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
