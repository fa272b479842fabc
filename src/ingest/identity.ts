/**
 * Whether a person parsed from one briefing is a participant already known from another. Pure:
 * the BriefingImportService asks it of the rows it loaded.
 *
 * - A role in one briefing (Moderator, Operator, an unidentified questioner, a senior official
 *   on background) is never a person shared across briefings: anonymous records never match.
 * - A named person matches only when name, post and country agree: the same full name (or a
 *   compatible one, "Biden" and "Joe Biden") with compatible posts and the same country. A
 *   surname alone needs both posts and both countries, so "Dr. Biden" is not "President Biden";
 *   a spouse's title ("First Lady") never matches an office ("President"), and a post held at
 *   another time ("Vice President Biden" before "President Biden") is another record, as each
 *   participant is a person with the post held at the time.
 * - A reporter is never an official of the same name.
 */
import type { ParsedPerson } from './ingest.types';
import { lookupPost, type PostMatch } from './gazetteer';
import { namesCompatible, postsCompatible, SUCCESSIONS } from './mentions';

/** What the database knows of a participant. */
export interface KnownPerson {
  name: string;
  aliases: string[];
  post: string | null;
  countryCode: string | null;
  role: string;
  anonymous: boolean;
}

/** How strongly a known participant is the parsed person; null when they are not the same. */
export type IdentityMatch = 'full-name' | 'name-post-country';

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The name's words, without a courtesy title ("Mr. Sandoval" -> ["Sandoval"]). */
export function nameTokens(name: string): string[] {
  return name
    .replace(/^(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)+/i, '')
    .split(/\s+/)
    .filter(Boolean);
}

function postOf(post: string): PostMatch {
  return lookupPost(post) ?? { canonical: post, def: { post, countries: [{ country: '*', org: null }] }, modifier: null };
}

/** Posts that can be the same person's at the same time (a generic "Secretary" and "Secretary of State"). */
export function postsAgree(a: string, b: string): boolean {
  const pa = postOf(a);
  const pb = postOf(b);
  if (SUCCESSIONS.some(([x, y]) => (pa.canonical === x && pb.canonical === y) || (pa.canonical === y && pb.canonical === x))) return false;
  return fold(a) === fold(b) || postsCompatible(pa, pb);
}

/** Whether `person` (parsed) is the participant `known`, and on what evidence. */
export function samePerson(known: KnownPerson, person: ParsedPerson): IdentityMatch | null {
  if (known.anonymous || person.anonymous) return null;
  if ((known.role === 'JOURNALIST') !== (person.role === 'JOURNALIST')) return null;
  if (known.countryCode && person.country && known.countryCode !== person.country) return null;
  if (known.post && person.post && !postsAgree(known.post, person.post)) return null;
  const mine = nameTokens(person.name);
  const theirs = [known.name, ...known.aliases].map(nameTokens);
  // the same full name: enough, unless post or country disagree (tested above)
  if (mine.length >= 2 && theirs.some((t) => t.length >= 2 && fold(t.join(' ')) === fold(mine.join(' ')))) return 'full-name';
  // a compatible name ("Biden", "Joe Biden"): post and country must both be known and agree
  if (!known.post || !person.post || !known.countryCode || !person.country) return null;
  if (!namesCompatible(nameTokens(known.name), mine)) return null;
  return 'name-post-country';
}

/** The best match among known participants (a full name first, then the earliest), or null. */
export function findSamePerson<T extends KnownPerson>(known: T[], person: ParsedPerson): T | null {
  let best: T | null = null;
  for (const k of known) {
    const m = samePerson(k, person);
    if (m === 'full-name') return k;
    if (m && !best) best = k;
  }
  return best;
}
