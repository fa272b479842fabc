import 'reflect-metadata';
// First, before the app's modules load: the dataset's own SQLite file.
import { BENCH_DB, numberArg as arg } from './use-bench-db';
import { NestFactory } from '@nestjs/core';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { CliModule } from '../src/cli/cli.module';
import { TRANSITIONS } from '../src/commitments/commitment-lifecycle';
import { CommitmentStatus } from '../src/commitments/commitment.enums';

/**
 * The scale dataset (issue 5): deterministic (a seeded PRNG), into bench/data/bench.sqlite.
 *   npm run bench:data [-- --statements 1000000 --commitments 100000 --meetings 10000]
 * The schema comes from the real migrations and reference data (the app boots once on the
 * file); the rows then go in through raw better-sqlite3 prepared statements, one transaction
 * per batch. The full-text insert triggers are set aside during the load and the indexes rebuilt
 * from the tables at the end (FTS5 'rebuild', the same index the triggers would have written):
 * fired per row inside a batch, each flushes FTS5's pending terms to disk (the trigger's
 * statement savepoint), which took 15+ minutes for 1M statements instead of about one. ANALYZE at
 * the end gives the query planner its statistics, as a deployment would.
 */

const STATEMENTS = arg('statements', 1_000_000);
const COMMITMENTS = arg('commitments', 100_000);
const MEETINGS = arg('meetings', 10_000);
const PER_BRIEFING = 25;
const BATCH = 20_000;

/** mulberry32: the same numbers on every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)], chance: (p: number) => next() < p };
}
const rnd = prng(20170221);

const DAY = 86_400_000;
const START = Date.UTC(2017, 0, 2);
const SPAN_DAYS = 3400; // to mid-2026
/** The dataset's "now": histories stop here, so every run writes the same rows. */
const NOW = Date.UTC(2026, 5, 30, 12);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

const WORDS = (
  'we will continue to cooperate closely with our partners on border security and the flow of fentanyl ' +
  'the secretary discussed trade investment energy tariffs and the supply chain cooperation between both governments ' +
  'migration asylum deportation removals ports of entry infrastructure water public health environment ' +
  'law enforcement criminal organizations arms trafficking cash smuggling counterterrorism extradition ' +
  'the president committed to a joint working group that will meet next month to review progress ' +
  'officials agreed to expand inspections strengthen customs share intelligence and invest in technology ' +
  'question from the press about the wall nafta the united nations and regional cooperation in central america'
).split(' ');
function sentence(min: number, max: number): string {
  const n = min + rnd.int(max - min + 1);
  const words = Array.from({ length: n }, () => rnd.pick(WORDS));
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}.`;
}

async function main(): Promise<void> {
  const started = performance.now();
  for (const f of [BENCH_DB, `${BENCH_DB}-wal`, `${BENCH_DB}-shm`]) rmSync(f, { force: true });
  // Migrations and reference data (countries, the dialogue, the five topics), as the app does.
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  await app.close();

  const db = new Database(BENCH_DB);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  const now = NOW;
  const ftsInsertTriggers = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('statement_fts_insert', 'commitment_fts_insert')")
    .all() as { name: string; sql: string }[];
  if (ftsInsertTriggers.length !== 2) throw new Error('the full-text insert triggers are not where bench:data expects them');
  for (const trigger of ftsInsertTriggers) db.exec(`DROP TRIGGER ${trigger.name}`);
  const created = stamp(now);
  const dialogue = (db.prepare('SELECT id FROM dialogue ORDER BY id LIMIT 1').get() as { id: number }).id;
  const roots = (db.prepare('SELECT id, slug FROM topic ORDER BY id').all() as { id: number; slug: string }[]).map((r) => r);
  const inBatches = (total: number, write: (i: number) => void) => {
    for (let from = 0; from < total; from += BATCH) {
      db.transaction(() => {
        for (let i = from; i < Math.min(total, from + BATCH); i++) write(i);
      })();
    }
  };
  const log = (what: string) => console.log(`${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // Topics: three subtopics under each root, one of them with a child: 5 + 15 + 5 = 25.
  const insertTopic = db.prepare('INSERT INTO topic (slug, title, description, parent_id, keywords, created_at, updated_at) VALUES (?, ?, NULL, ?, ?, ?, ?)');
  const topicIds = roots.map((r) => r.id);
  for (const root of roots) {
    for (let k = 0; k < 3; k++) {
      const id = Number(insertTopic.run(`${root.slug}-${k}`, `${root.slug} ${k}`, root.id, '[]', created, created).lastInsertRowid);
      topicIds.push(id);
      if (k === 0) topicIds.push(Number(insertTopic.run(`${root.slug}-${k}-a`, `${root.slug} ${k} a`, id, '[]', created, created).lastInsertRowid));
    }
  }

  // Organizations and participants.
  const insertOrg = db.prepare('INSERT INTO organization (name, acronym, kind, country_code, created_at, updated_at) VALUES (?, NULL, ?, ?, ?, ?)');
  const orgIds: number[] = [];
  for (let i = 0; i < 200; i++) {
    orgIds.push(Number(insertOrg.run(`Organization ${i}`, i % 4 === 0 ? 'NEWS_OUTLET' : 'GOVERNMENT', i % 2 ? 'US' : 'MX', created, created).lastInsertRowid));
  }
  const insertParticipant = db.prepare(
    `INSERT INTO participant (name, honorific, post, organization_id, country_code, role, anonymous, attribution, aliases, created_at, updated_at)
     VALUES (?, NULL, NULL, ?, ?, ?, 0, NULL, '[]', ?, ?)`,
  );
  const participantIds: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) {
      participantIds.push(Number(insertParticipant.run(`Participant ${i}`, rnd.pick(orgIds), i % 2 ? 'US' : 'MX', i % 5 === 0 ? 'JOURNALIST' : 'OFFICIAL', created, created).lastInsertRowid));
    }
  })();

  // Briefings of 25 statements each; a briefing's text is its statements, blank-line separated.
  const insertBriefing = db.prepare(
    `INSERT INTO briefing (title, kind, date, location, medium, source_url, start_time, end_time, text, text_sha256, dialogue_id, created_by, created_at)
     VALUES (?, 'PRESS_BRIEFING', ?, NULL, NULL, NULL, NULL, NULL, ?, ?, ?, 'bench', ?)`,
  );
  const insertStatement = db.prepare(
    `INSERT INTO statement (briefing_id, speaker_id, speaker_label, turn_index, paragraph_index, kind, text, text_start, text_end) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)`,
  );
  const insertStatementTopic = db.prepare('INSERT INTO statement_topic (statement_id, topic_id, cue) VALUES (?, ?, NULL)');
  const briefings = Math.ceil(STATEMENTS / PER_BRIEFING);
  /** For sources: each statement's id, text and its briefing's date. */
  const statementText: string[] = new Array(STATEMENTS);
  const statementDate: string[] = new Array(STATEMENTS);
  let firstStatementId = 0;
  for (let from = 0; from < briefings; from += BATCH / PER_BRIEFING) {
    db.transaction(() => {
      for (let b = from; b < Math.min(briefings, from + BATCH / PER_BRIEFING); b++) {
        const date = day(START + Math.floor((b / briefings) * SPAN_DAYS) * DAY);
        const texts = Array.from({ length: Math.min(PER_BRIEFING, STATEMENTS - b * PER_BRIEFING) }, () => sentence(10, 30));
        const full = texts.join('\n\n');
        const briefingId = Number(
          insertBriefing.run(`Briefing ${b}`, date, full, createHash('sha256').update(full).digest('hex'), rnd.chance(0.9) ? dialogue : null, created).lastInsertRowid,
        );
        let offset = 0;
        texts.forEach((text, k) => {
          const speaker = rnd.chance(0.95) ? rnd.pick(participantIds) : null;
          const id = Number(insertStatement.run(briefingId, speaker, speaker ? null : 'QUESTION', k, k % 2 ? 'ANSWER' : 'QUESTION', text, offset, offset + text.length).lastInsertRowid);
          if (!firstStatementId) firstStatementId = id;
          const index = b * PER_BRIEFING + k;
          statementText[index] = text;
          statementDate[index] = date;
          offset += text.length + 2;
          if (rnd.chance(0.6)) insertStatementTopic.run(id, rnd.pick(topicIds));
        });
      }
    })();
    if ((from * PER_BRIEFING) % 200_000 === 0) log(`statements: ${Math.min(STATEMENTS, (from + BATCH / PER_BRIEFING) * PER_BRIEFING)}`);
  }
  log(`${STATEMENTS} statements in ${briefings} briefings`);

  // Commitments: 1-3 topics, 0-2 parties, 1-2 source spans, a history of 1-5 events.
  const insertCommitment = db.prepare(
    `INSERT INTO commitment (title, text, kind, status, due_date, due_date_precision, dialogue_id, version, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'bench', ?, ?)`,
  );
  const insertCommitmentTopic = db.prepare('INSERT OR IGNORE INTO commitment_topic (commitment_id, topic_id) VALUES (?, ?)');
  const insertParty = db.prepare('INSERT INTO commitment_party (commitment_id, organization_id, country_code, status) VALUES (?, ?, ?, ?)');
  const insertSpan = db.prepare('INSERT INTO source_span (statement_id, start_offset, end_offset, quote, commitment_id, meeting_id) VALUES (?, ?, ?, ?, ?, NULL)');
  const insertEvent = db.prepare(
    `INSERT INTO commitment_event (commitment_id, party_id, from_status, to_status, valid_from, recorded_at, actor, note, evidence_statement_id, evidence_outcome_id, evidence_url)
     VALUES (?, NULL, ?, ?, ?, ?, 'bench', NULL, NULL, NULL, ?)`,
  );
  const KINDS = ['ACTION', 'ACTION', 'ACTION', 'MEETING', 'GOAL', 'DIRECTIVE', 'PROCEDURAL'];
  const commitmentIds: number[] = [];
  inBatches(COMMITMENTS, () => {
    const index = rnd.int(STATEMENTS);
    const statementId = firstStatementId + index;
    const text = statementText[index];
    const announced = Date.parse(`${statementDate[index]}T00:00:00Z`);
    const due = rnd.chance(0.3) ? null : day(announced + (30 + rnd.int(900)) * DAY);
    // The history: ANNOUNCED on the briefing's day, then allowed transitions, never in the future.
    const history: [CommitmentStatus | null, CommitmentStatus, number][] = [[null, CommitmentStatus.ANNOUNCED, announced]];
    let at = announced;
    for (let k = rnd.int(5); k > 0; k--) {
      at += (1 + rnd.int(240)) * DAY;
      if (at > now) break;
      const from = history[history.length - 1][1];
      const options = TRANSITIONS[from];
      if (!options.length) break;
      history.push([from, rnd.pick(options), at]);
    }
    const status = history[history.length - 1][1];
    const updated = Math.min(now, history[history.length - 1][2] + rnd.int(DAY));
    const id = Number(
      insertCommitment.run(
        `Commitment: ${text.slice(0, 60)}`,
        text,
        rnd.pick(KINDS),
        status,
        due,
        due ? 'DAY' : 'NONE',
        rnd.chance(0.9) ? dialogue : null,
        history.length,
        stamp(announced),
        stamp(updated),
      ).lastInsertRowid,
    );
    commitmentIds.push(id);
    for (let k = 1 + rnd.int(3); k > 0; k--) insertCommitmentTopic.run(id, rnd.pick(topicIds));
    for (let k = rnd.int(3); k > 0; k--) {
      if (rnd.chance(0.5)) insertParty.run(id, rnd.pick(orgIds), null, status);
      else insertParty.run(id, null, rnd.chance(0.5) ? 'US' : 'MX', status);
    }
    const start = rnd.int(Math.max(1, text.length - 40));
    insertSpan.run(statementId, start, Math.min(text.length, start + 40), text.slice(start, start + 40), id);
    if (rnd.chance(0.3) && index + 1 < STATEMENTS) insertSpan.run(statementId + 1, 0, 20, statementText[index + 1].slice(0, 20), id);
    for (const [from, to, when] of history) {
      const verdict = to === 'FULFILLED' || to === 'PARTIALLY_FULFILLED' || to === 'NOT_FULFILLED';
      insertEvent.run(id, from, to, day(when), stamp(Math.min(now, when + rnd.int(DAY))), verdict ? `https://example.org/evidence/${id}` : null);
    }
  });
  log(`${COMMITMENTS} commitments with topics, parties, sources and histories`);

  // Meetings with participants and topics; a fifth of the commitments are tied to one.
  const insertMeeting = db.prepare(
    `INSERT INTO meeting (title, kind, status, date, location, dialogue_id, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  const insertMeetingParticipant = db.prepare('INSERT OR IGNORE INTO meeting_participant (meeting_id, participant_id, side_code, role) VALUES (?, ?, ?, NULL)');
  const insertMeetingTopic = db.prepare('INSERT OR IGNORE INTO meeting_topic (meeting_id, topic_id) VALUES (?, ?)');
  const insertCommitmentMeeting = db.prepare('INSERT OR IGNORE INTO commitment_meeting (commitment_id, meeting_id, relation, outcome_id) VALUES (?, ?, ?, NULL)');
  const meetingIds: number[] = [];
  inBatches(MEETINGS, (i) => {
    const when = START + Math.floor((i / MEETINGS) * (SPAN_DAYS + 180)) * DAY;
    const id = Number(
      insertMeeting.run(`Meeting ${i}`, rnd.pick(['PHONE_CALL', 'VIDEO_CALL', 'IN_PERSON', 'VISIT']), when > now ? 'PLANNED' : rnd.chance(0.9) ? 'HELD' : 'CANCELLED', day(when), dialogue, created, created)
        .lastInsertRowid,
    );
    meetingIds.push(id);
    for (let k = 2 + rnd.int(5); k > 0; k--) insertMeetingParticipant.run(id, rnd.pick(participantIds), rnd.chance(0.5) ? 'US' : 'MX');
    for (let k = 1 + rnd.int(2); k > 0; k--) insertMeetingTopic.run(id, rnd.pick(topicIds));
  });
  inBatches(Math.floor(COMMITMENTS / 5), () => insertCommitmentMeeting.run(rnd.pick(commitmentIds), rnd.pick(meetingIds), rnd.pick(['DISCUSSED', 'CREATED', 'ADVANCED'])));
  log(`${MEETINGS} meetings`);

  for (const table of ['statement_fts', 'commitment_fts']) db.exec(`INSERT INTO ${table} (${table}) VALUES ('rebuild')`);
  for (const trigger of ftsInsertTriggers) db.exec(trigger.sql);
  log('full-text indexes rebuilt');
  db.exec('ANALYZE');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(
    ['briefing', 'statement', 'statement_topic', 'commitment', 'commitment_topic', 'commitment_party', 'commitment_event', 'source_span', 'meeting', 'meeting_participant', 'commitment_meeting']
      .map((t) => `${t}: ${count(t)}`)
      .join(', '),
  );
  db.close();
  log(`done: ${BENCH_DB}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
