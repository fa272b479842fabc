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
