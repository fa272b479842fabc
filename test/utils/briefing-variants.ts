import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SEED = readFileSync(join(__dirname, '..', 'fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
const SEED_DATE = 'February 21, 2017';

/**
 * Distinct briefing texts made from the seed transcript: the seed's header dated one day later
 * each time, and a window of 30 of its paragraphs starting at a different place. The i-th text is
 * always the same, so two runs ingest the same things.
 */
export function briefingVariant(i: number): string {
  const lines = SEED.split('\n');
  const dateLine = lines.findIndex((l) => l.startsWith(SEED_DATE));
  const header = lines.slice(0, dateLine + 1).join('\n');
  const paragraphs = lines.slice(dateLine + 1).join('\n').split(/\n\s*\n/).filter((p) => p.trim());
  const date = new Date(Date.UTC(2017, 1, 21 + i)).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
  const start = (i * 5) % (paragraphs.length - 30);
  return `${header.replace(SEED_DATE, date)}\n\n${paragraphs.slice(start, start + 30).join('\n\n')}\n`;
}

/** The ISO date briefingVariant(i) is dated. */
export function briefingVariantDate(i: number): string {
  return new Date(Date.UTC(2017, 1, 21 + i)).toISOString().slice(0, 10);
}

/** Surnames of the people the seed names: renamed in each copy by longBriefing(_, true). */
const SURNAMES = ['Tillerson', 'Kelly', 'Videgaray', 'Nieto', 'Trump', 'Osorio', 'Cienfuegos', 'Soberon', 'Guajardo', 'Meade', 'Obama', 'Kushner'];

/** A letter tag for copy i ("b", "c", ... "ba", ...), so that renamed people stay names. */
const copyTag = (i: number): string => (i < 25 ? String.fromCharCode(98 + i) : copyTag(Math.floor(i / 25) - 1) + String.fromCharCode(98 + (i % 25)));

/**
 * A briefing of at most `bytes` bytes (UTF-8; at least one copy): the seed's header, then its body again and again,
 * each copy with its own numbers and, with `distinctPeople`, its own people (so the people found
 * grow with the size, as in a long real transcript). The same arguments give the same text.
 */
export function longBriefing(bytes: number, distinctPeople = false): string {
  const bodyAt = SEED.indexOf('MODERATOR:');
  const end = SEED.lastIndexOf('Join the GlobalSecurity');
  const header = SEED.slice(0, bodyAt);
  const body = SEED.slice(bodyAt, end > bodyAt ? end : SEED.length).trimEnd();
  const people = new RegExp(`\\b(${SURNAMES.join('|')})\\b`, 'g');
  let text = header;
  for (let i = 0; ; i++) {
    let copy = body.replace(/\b(\d+)\b/g, (n) => String(Number(n) + i));
    if (distinctPeople && i > 0) copy = copy.replace(people, (name) => `${name}${copyTag(i)}`);
    copy = `${copy}\n\n`;
    // at least one copy; no more than fit
    if (i > 0 && Buffer.byteLength(text, 'utf8') + Buffer.byteLength(copy, 'utf8') > bytes) return text;
    text += copy;
  }
}
