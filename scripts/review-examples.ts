/**
 * Staff decisions as labelled examples for the commitment model: every ACCEPTED candidate of a
 * database's review log is a commitment, every REJECTED one is not. Each reviewed briefing is
 * parsed again from its stored text (with its stored date), so an example carries exactly the
 * features ingest computes; the candidate's sentence is found by its statement (turn and
 * paragraph) and its quote.
 *
 * The source is a SQLite file path (or sqlite:<path>) or a postgres:// URL. Read only.
 */
import Database from 'better-sqlite3';
import { Client } from 'pg';
import { DEFAULT_TOPICS, parseBriefingDetailed } from '../src/ingest';
import type { Example } from '../src/ingest/commitment-model';
import { foldForMatch } from '../src/ingest/normalise';

interface ReviewRow {
  briefing_id: number;
  briefing_text: string;
  briefing_date: string | null;
  turn_index: number;
  paragraph_index: number;
  quote: string;
  state: 'ACCEPTED' | 'REJECTED';
}

const QUERY = `SELECT b.id AS briefing_id, b.text AS briefing_text, b.date AS briefing_date, s.turn_index, s.paragraph_index, c.quote, c.state
  FROM commitment_candidate c JOIN statement s ON s.id = c.statement_id JOIN briefing b ON b.id = c.briefing_id
  WHERE c.state IN ('ACCEPTED', 'REJECTED') ORDER BY b.id, c.id`;

async function readReviews(source: string): Promise<ReviewRow[]> {
  if (/^postgres(?:ql)?:\/\//.test(source)) {
    const client = new Client({ connectionString: source });
    await client.connect();
    try {
      return (await client.query<ReviewRow>(QUERY)).rows;
    } finally {
      await client.end();
    }
  }
  const db = new Database(source.replace(/^sqlite:/, ''), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(QUERY).all() as ReviewRow[];
  } finally {
    db.close();
  }
}

const fold = (s: string) => foldForMatch(s).toLowerCase();

function isoDate(d: unknown): string | null {
  if (!d) return null;
  if (d instanceof Date) return d.toISOString().slice(0, 10);
  return String(d).slice(0, 10);
}

/** Reviewed candidates as examples (weight 1 each), in the log's order. */
export async function loadReviewExamples(source: string): Promise<Example[]> {
  const reviews = await readReviews(source);
  const byBriefing = new Map<number, ReviewRow[]>();
  for (const r of reviews) byBriefing.set(r.briefing_id, [...(byBriefing.get(r.briefing_id) ?? []), r]);
  const out: Example[] = [];
  for (const rows of byBriefing.values()) {
    const { parsed, sentences } = parseBriefingDetailed(rows[0].briefing_text, { topics: DEFAULT_TOPICS, date: isoDate(rows[0].briefing_date), minConfidence: 0 });
    for (const r of rows) {
      const st = parsed.statements.find((s) => s.turnIndex === r.turn_index && s.paragraphIndex === r.paragraph_index);
      if (!st) continue;
      const quote = fold(r.quote).slice(0, 60);
      const sentence = sentences.find((s) => s.statementIndex === st.index && s.eligible && fold(s.text).includes(quote));
      if (sentence) out.push({ features: sentence.features, label: r.state === 'ACCEPTED' ? 1 : 0 });
    }
  }
  return out;
}
