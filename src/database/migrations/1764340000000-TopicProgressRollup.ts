import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * A roll-up of topic progress kept by the database itself, read by topicProgress and
 * Topic.progress when no asOf is given (src/commitments/topic-progress.service.ts):
 *
 * - topic_rollup_member: one row per (topic, commitment) where the commitment is tagged with the
 *   topic or one of its subtopics at any depth (each commitment once per topic), with copies of
 *   the commitment's dialogue (0 for none), status and due date, and its latest activity
 *   (updated_at or any event's recorded_at);
 * - topic_rollup_status: per topic, dialogue and status, how many member rows;
 * - topic_rollup_due: per topic, due date and dialogue, how many member rows are due that day
 *   and NOT in a final status (FULFILLED, NOT_FULFILLED, WITHDRAWN: commitment-rules.ts
 *   FINAL_STATUSES, repeated here), so "overdue on any date" is one range sum.
 *
 * Triggers keep them right on every write, whatever path it takes (the API, ingest acceptance,
 * merges, raw SQL, cascaded deletes): tagging and untagging (commitment_topic), moving a topic
 * (topic.parent_id), status / due date / dialogue / updated_at changes and deletes of a
 * commitment, and its events (activity). The member rows of a commitment are re-derived from
 * its tags and the topic tree (a recursive CTE), so no trigger depends on what it saw before;
 * the member table's own triggers move the counts. Existing rows are filled in here.
 *
 * SQLite: member rows go in with NOT EXISTS, not a conflict clause (an outer INSERT OR IGNORE /
 * OR REPLACE would override a trigger's OR IGNORE); counters are upserted (ON CONFLICT DO UPDATE
 * is not overridden). PostgreSQL: plpgsql trigger functions; counters are upserted by
 * transactions that take turns on an advisory lock (held until commit), so concurrent writers
 * queue on the counters instead of deadlocking over them (SQLite writers take turns anyway).
 * NOTE: TypeORM's SQLite query runner alters a table by recreating it, which drops its triggers:
 * a later migration that alters topic, commitment, commitment_topic or commitment_event with
 * the QueryRunner API must recreate the triggers below (test/e2e/aggregates-recount catches it).
 */
export class TopicProgressRollup1764340000000 implements MigrationInterface {
  name = 'TopicProgressRollup1764340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const int = (name: string) => ({ name, type: 'integer', isNullable: false });
    // Keyed tables (WITHOUT ROWID on SQLite): the key is the row, one B-tree less to write.
    await queryRunner.createTable(
      new Table({
        name: 'topic_rollup_member',
        columns: [
          { ...int('commitment_id'), isPrimary: true },
          { ...int('topic_id'), isPrimary: true },
          int('dialogue_key'),
          { name: 'status', type: 'varchar', length: '24', isNullable: false },
          { name: 'due_date', type: 'date', isNullable: true },
          { name: 'activity_at', type: postgres ? 'timestamptz' : 'datetime', isNullable: false },
        ],
        // lastActivityAt: one index seek per topic and dialogue.
        indices: [new TableIndex({ name: 'IDX_topic_rollup_member_activity', columnNames: ['topic_id', 'dialogue_key', 'activity_at'] })],
        withoutRowid: true,
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'topic_rollup_status',
        columns: [
          { ...int('topic_id'), isPrimary: true },
          { ...int('dialogue_key'), isPrimary: true },
          { name: 'status', type: 'varchar', length: '24', isNullable: false, isPrimary: true },
          int('n'),
        ],
        withoutRowid: true,
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'topic_rollup_due',
        columns: [{ ...int('topic_id'), isPrimary: true }, { name: 'due_date', type: 'date', isNullable: false, isPrimary: true }, { ...int('dialogue_key'), isPrimary: true }, int('n')],
        withoutRowid: true,
      }),
    );

    // Existing data, then the triggers that keep it right from now on.
    await queryRunner.query(`INSERT INTO topic_rollup_member (topic_id, commitment_id, dialogue_key, status, due_date, activity_at)
      ${closureSql('SELECT commitment_id FROM commitment_topic')}
      SELECT up.topic_id, c.id, COALESCE(c.dialogue_id, 0), c.status, c.due_date, ${activitySql(postgres, 'c')}
      FROM up INNER JOIN commitment c ON c.id = up.commitment_id`);
    await queryRunner.query(`INSERT INTO topic_rollup_status (topic_id, dialogue_key, status, n)
      SELECT topic_id, dialogue_key, status, COUNT(*) FROM topic_rollup_member GROUP BY topic_id, dialogue_key, status`);
    await queryRunner.query(`INSERT INTO topic_rollup_due (topic_id, due_date, dialogue_key, n)
      SELECT topic_id, due_date, dialogue_key, COUNT(*) FROM topic_rollup_member
      WHERE due_date IS NOT NULL AND status NOT IN (${FINAL}) GROUP BY topic_id, due_date, dialogue_key`);
    for (const sql of postgres ? POSTGRES_TRIGGERS : SQLITE_TRIGGERS) await queryRunner.query(sql);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.driver.options.type === 'postgres') {
      for (const [trigger, table] of POSTGRES_TRIGGER_TABLES) await queryRunner.query(`DROP TRIGGER ${trigger} ON ${table}`);
      for (const fn of POSTGRES_FUNCTIONS) await queryRunner.query(`DROP FUNCTION ${fn}`);
    } else {
      for (const name of SQLITE_TRIGGER_NAMES) await queryRunner.query(`DROP TRIGGER ${name}`);
    }
    for (const table of ['topic_rollup_due', 'topic_rollup_status', 'topic_rollup_member']) await queryRunner.dropTable(table);
  }
}

/** Final statuses (commitment-rules.ts FINAL_STATUSES): never overdue. */
const FINAL = `'FULFILLED', 'NOT_FULFILLED', 'WITHDRAWN'`;

/**
 * `WITH RECURSIVE up(commitment_id, topic_id)`: every (commitment, topic) pair where the
 * commitment, one of `commitmentIds` (a subquery or list), is tagged with the topic or one of
 * its subtopics; each pair once.
 */
function closureSql(commitmentIds: string): string {
  return `WITH RECURSIVE up(commitment_id, topic_id) AS (
      SELECT ct.commitment_id, ct.topic_id FROM commitment_topic ct WHERE ct.commitment_id IN (${commitmentIds})
      UNION
      SELECT up.commitment_id, t.parent_id FROM up INNER JOIN topic t ON t.id = up.topic_id WHERE t.parent_id IS NOT NULL
    )`;
}

/** A commitment's latest activity: its updated_at or any of its events' recorded_at. */
function activitySql(postgres: boolean, c: string): string {
  const events = `(SELECT MAX(e.recorded_at) FROM commitment_event e WHERE e.commitment_id = ${c}.id)`;
  return postgres ? `GREATEST(${c}.updated_at, ${events})` : `MAX(${c}.updated_at, COALESCE(${events}, ${c}.updated_at))`;
}

/** Statements that make the member rows of the commitments `ids` (a subquery or list) match their tags. */
function syncSql(postgres: boolean, ids: string, parts: { remove: boolean; add: boolean }): string[] {
  const statements: string[] = [];
  if (parts.remove) {
    statements.push(`DELETE FROM topic_rollup_member WHERE commitment_id IN (${ids})
      AND (topic_id, commitment_id) NOT IN (${closureSql(ids)} SELECT up.topic_id, up.commitment_id FROM up)`);
  }
  if (parts.add) {
    statements.push(`INSERT INTO topic_rollup_member (topic_id, commitment_id, dialogue_key, status, due_date, activity_at)
      ${closureSql(ids)}
      SELECT up.topic_id, c.id, COALESCE(c.dialogue_id, 0), c.status, c.due_date, ${activitySql(postgres, 'c')}
      FROM up INNER JOIN commitment c ON c.id = up.commitment_id
      WHERE NOT EXISTS (SELECT 1 FROM topic_rollup_member m WHERE m.topic_id = up.topic_id AND m.commitment_id = up.commitment_id)
      ${postgres ? 'ORDER BY up.topic_id ON CONFLICT DO NOTHING' : ''}`);
  }
  return statements;
}

// ------------------------------------------------------------------------------------ SQLite

/** The commitments tagged somewhere in the subtree of topic `topic` (NEW.id of a moved topic). */
const taggedUnder = (topic: string) => `WITH RECURSIVE down(id) AS (
    SELECT ${topic} UNION SELECT t.id FROM topic t INNER JOIN down ON t.parent_id = down.id
  ) SELECT ct.commitment_id FROM commitment_topic ct WHERE ct.topic_id IN (SELECT id FROM down)`;

/**
 * Counter statements for one member row (`r` is NEW or OLD) entering (+1) or leaving (-1) the
 * counts. Upserts are safe in a trigger (an outer OR IGNORE / OR REPLACE does not override
 * them); counters that fall to zero stay (the reads skip them).
 */
function sqliteCount(r: 'NEW' | 'OLD', delta: 1 | -1): string {
  const dueApplies = `${r}.due_date IS NOT NULL AND ${r}.status NOT IN (${FINAL})`;
  if (delta === 1) {
    return `INSERT INTO topic_rollup_status (topic_id, dialogue_key, status, n) VALUES (${r}.topic_id, ${r}.dialogue_key, ${r}.status, 1)
        ON CONFLICT (topic_id, dialogue_key, status) DO UPDATE SET n = n + 1;
      INSERT INTO topic_rollup_due (topic_id, due_date, dialogue_key, n) SELECT ${r}.topic_id, ${r}.due_date, ${r}.dialogue_key, 1 WHERE ${dueApplies}
        ON CONFLICT (topic_id, due_date, dialogue_key) DO UPDATE SET n = n + 1;`;
  }
  return `UPDATE topic_rollup_status SET n = n - 1 WHERE topic_id = ${r}.topic_id AND dialogue_key = ${r}.dialogue_key AND status = ${r}.status;
      UPDATE topic_rollup_due SET n = n - 1 WHERE ${dueApplies} AND topic_id = ${r}.topic_id AND due_date = ${r}.due_date AND dialogue_key = ${r}.dialogue_key;`;
}

const sqliteBody = (statements: string[]) => statements.map((s) => `${s.trim().replace(/;$/, '')};`).join('\n      ');

const SQLITE_TRIGGERS = [
  // Tags: a new tag can only add member rows, a removed one only remove them.
  `CREATE TRIGGER topic_rollup_tag_insert AFTER INSERT ON commitment_topic BEGIN
      ${sqliteBody(syncSql(false, 'NEW.commitment_id', { remove: false, add: true }))}
    END`,
  `CREATE TRIGGER topic_rollup_tag_delete AFTER DELETE ON commitment_topic BEGIN
      ${sqliteBody(syncSql(false, 'OLD.commitment_id', { remove: true, add: false }))}
    END`,
  `CREATE TRIGGER topic_rollup_tag_update AFTER UPDATE ON commitment_topic BEGIN
      ${sqliteBody([...syncSql(false, 'OLD.commitment_id, NEW.commitment_id', { remove: true, add: true })])}
    END`,
  // A topic moved under another parent: its subtree's commitments change ancestors.
  `CREATE TRIGGER topic_rollup_topic_move AFTER UPDATE OF parent_id ON topic WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
      ${sqliteBody(syncSql(false, taggedUnder('NEW.id'), { remove: true, add: true }))}
    END`,
  `CREATE TRIGGER topic_rollup_topic_delete AFTER DELETE ON topic BEGIN
      DELETE FROM topic_rollup_member WHERE topic_id = OLD.id;
    END`,
  // The commitment's own fields, copied into each of its member rows.
  `CREATE TRIGGER topic_rollup_commitment_update AFTER UPDATE OF status, due_date, dialogue_id, updated_at ON commitment BEGIN
      UPDATE topic_rollup_member SET status = NEW.status, due_date = NEW.due_date, dialogue_key = COALESCE(NEW.dialogue_id, 0),
        activity_at = ${activitySql(false, 'NEW')}
      WHERE commitment_id = NEW.id;
    END`,
  `CREATE TRIGGER topic_rollup_commitment_delete AFTER DELETE ON commitment BEGIN
      DELETE FROM topic_rollup_member WHERE commitment_id = OLD.id;
    END`,
  // Events are activity.
  `CREATE TRIGGER topic_rollup_event_insert AFTER INSERT ON commitment_event BEGIN
      UPDATE topic_rollup_member SET activity_at = NEW.recorded_at WHERE commitment_id = NEW.commitment_id AND activity_at < NEW.recorded_at;
    END`,
  `CREATE TRIGGER topic_rollup_event_delete AFTER DELETE ON commitment_event BEGIN
      UPDATE topic_rollup_member SET activity_at = (SELECT ${activitySql(false, 'c')} FROM commitment c WHERE c.id = OLD.commitment_id)
      WHERE commitment_id = OLD.commitment_id AND EXISTS (SELECT 1 FROM commitment c WHERE c.id = OLD.commitment_id);
    END`,
  `CREATE TRIGGER topic_rollup_event_update AFTER UPDATE OF commitment_id, recorded_at ON commitment_event BEGIN
      UPDATE topic_rollup_member SET activity_at = (SELECT ${activitySql(false, 'c')} FROM commitment c WHERE c.id = topic_rollup_member.commitment_id)
      WHERE commitment_id IN (OLD.commitment_id, NEW.commitment_id);
    END`,
  // Member rows move the counters.
  `CREATE TRIGGER topic_rollup_member_insert AFTER INSERT ON topic_rollup_member BEGIN
      ${sqliteCount('NEW', 1)}
    END`,
  `CREATE TRIGGER topic_rollup_member_delete AFTER DELETE ON topic_rollup_member BEGIN
      ${sqliteCount('OLD', -1)}
    END`,
  `CREATE TRIGGER topic_rollup_member_update AFTER UPDATE OF topic_id, dialogue_key, status, due_date ON topic_rollup_member
    WHEN OLD.topic_id != NEW.topic_id OR OLD.dialogue_key != NEW.dialogue_key OR OLD.status != NEW.status OR OLD.due_date IS NOT NEW.due_date BEGIN
      ${sqliteCount('OLD', -1)}
      ${sqliteCount('NEW', 1)}
    END`,
];

const SQLITE_TRIGGER_NAMES = SQLITE_TRIGGERS.map((sql) => /CREATE TRIGGER (\w+)/.exec(sql)![1]);

// -------------------------------------------------------------------------------- PostgreSQL

/** The advisory lock of the counters (distinct from the startup lock's key). */
const ROLLUP_LOCK_KEY = 1764340000;

const POSTGRES_TRIGGERS = [
  `CREATE FUNCTION topic_rollup_sync(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      ${syncSql(true, 'SELECT unnest(ids)', { remove: true, add: true }).join(';\n      ')};
    END $$`,
  // One counter change: the status counter, then the due-date counter when it applies (zeros
  // stay, as on SQLite). The counters are few and hot: the transaction first takes the roll-up's
  // advisory lock (held to its end), so writers that change counts take turns instead of
  // locking counter rows in different orders and deadlocking.
  `CREATE FUNCTION topic_rollup_count(p_topic integer, p_dialogue integer, p_status varchar, p_due date, p_delta integer) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${ROLLUP_LOCK_KEY});
      INSERT INTO topic_rollup_status AS s (topic_id, dialogue_key, status, n) VALUES (p_topic, p_dialogue, p_status, p_delta)
        ON CONFLICT (topic_id, dialogue_key, status) DO UPDATE SET n = s.n + EXCLUDED.n;
      IF p_due IS NOT NULL AND p_status NOT IN (${FINAL}) THEN
        INSERT INTO topic_rollup_due AS d (topic_id, due_date, dialogue_key, n) VALUES (p_topic, p_due, p_dialogue, p_delta)
          ON CONFLICT (topic_id, due_date, dialogue_key) DO UPDATE SET n = d.n + EXCLUDED.n;
      END IF;
    END $$`,
  `CREATE FUNCTION topic_rollup_on_member() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM topic_rollup_count(NEW.topic_id, NEW.dialogue_key, NEW.status, NEW.due_date, 1);
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM topic_rollup_count(OLD.topic_id, OLD.dialogue_key, OLD.status, OLD.due_date, -1);
      ELSE
        PERFORM topic_rollup_count(OLD.topic_id, OLD.dialogue_key, OLD.status, OLD.due_date, -1);
        PERFORM topic_rollup_count(NEW.topic_id, NEW.dialogue_key, NEW.status, NEW.due_date, 1);
      END IF;
      RETURN NULL;
    END $$`,
  // Statements that can move counters take the lock before they lock any row: a transaction
  // never waits for it while holding a row another one holding it needs.
  `CREATE FUNCTION topic_rollup_lock() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${ROLLUP_LOCK_KEY});
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER topic_rollup_lock_tag BEFORE INSERT OR UPDATE OR DELETE ON commitment_topic FOR EACH STATEMENT EXECUTE FUNCTION topic_rollup_lock()`,
  `CREATE TRIGGER topic_rollup_lock_commitment BEFORE UPDATE OF status, due_date, dialogue_id OR DELETE ON commitment FOR EACH STATEMENT EXECUTE FUNCTION topic_rollup_lock()`,
  `CREATE TRIGGER topic_rollup_lock_topic BEFORE UPDATE OF parent_id OR DELETE ON topic FOR EACH STATEMENT EXECUTE FUNCTION topic_rollup_lock()`,
  `CREATE TRIGGER topic_rollup_member_insert_delete AFTER INSERT OR DELETE ON topic_rollup_member FOR EACH ROW EXECUTE FUNCTION topic_rollup_on_member()`,
  `CREATE TRIGGER topic_rollup_member_update AFTER UPDATE OF topic_id, dialogue_key, status, due_date ON topic_rollup_member FOR EACH ROW
    WHEN (OLD.topic_id <> NEW.topic_id OR OLD.dialogue_key <> NEW.dialogue_key OR OLD.status <> NEW.status OR OLD.due_date IS DISTINCT FROM NEW.due_date)
    EXECUTE FUNCTION topic_rollup_on_member()`,
  `CREATE FUNCTION topic_rollup_on_tag() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN PERFORM topic_rollup_sync(ARRAY[NEW.commitment_id]);
      ELSIF TG_OP = 'DELETE' THEN PERFORM topic_rollup_sync(ARRAY[OLD.commitment_id]);
      ELSE PERFORM topic_rollup_sync(ARRAY[OLD.commitment_id, NEW.commitment_id]);
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER topic_rollup_tag AFTER INSERT OR UPDATE OR DELETE ON commitment_topic FOR EACH ROW EXECUTE FUNCTION topic_rollup_on_tag()`,
  `CREATE FUNCTION topic_rollup_on_topic() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM topic_rollup_member WHERE topic_id = OLD.id;
      ELSE
        PERFORM topic_rollup_sync(ARRAY(${taggedUnder('NEW.id')}));
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER topic_rollup_topic_move AFTER UPDATE OF parent_id ON topic FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
    EXECUTE FUNCTION topic_rollup_on_topic()`,
  `CREATE TRIGGER topic_rollup_topic_delete AFTER DELETE ON topic FOR EACH ROW EXECUTE FUNCTION topic_rollup_on_topic()`,
  `CREATE FUNCTION topic_rollup_on_commitment() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM topic_rollup_member WHERE commitment_id = OLD.id;
      ELSE
        UPDATE topic_rollup_member SET status = NEW.status, due_date = NEW.due_date, dialogue_key = COALESCE(NEW.dialogue_id, 0),
          activity_at = ${activitySql(true, 'NEW')}
        WHERE commitment_id = NEW.id;
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER topic_rollup_commitment_update AFTER UPDATE OF status, due_date, dialogue_id, updated_at ON commitment FOR EACH ROW
    EXECUTE FUNCTION topic_rollup_on_commitment()`,
  `CREATE TRIGGER topic_rollup_commitment_delete AFTER DELETE ON commitment FOR EACH ROW EXECUTE FUNCTION topic_rollup_on_commitment()`,
  `CREATE FUNCTION topic_rollup_on_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        UPDATE topic_rollup_member SET activity_at = NEW.recorded_at WHERE commitment_id = NEW.commitment_id AND activity_at < NEW.recorded_at;
      ELSIF TG_OP = 'DELETE' THEN
        UPDATE topic_rollup_member m SET activity_at = ${activitySql(true, 'c')} FROM commitment c WHERE c.id = m.commitment_id AND m.commitment_id = OLD.commitment_id;
      ELSE
        UPDATE topic_rollup_member m SET activity_at = ${activitySql(true, 'c')}
        FROM commitment c WHERE c.id = m.commitment_id AND m.commitment_id IN (OLD.commitment_id, NEW.commitment_id);
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER topic_rollup_event AFTER INSERT OR DELETE OR UPDATE OF commitment_id, recorded_at ON commitment_event FOR EACH ROW
    EXECUTE FUNCTION topic_rollup_on_event()`,
];

const POSTGRES_TRIGGER_TABLES: [string, string][] = POSTGRES_TRIGGERS.flatMap((sql) => {
  const m = /CREATE TRIGGER (\w+) [^]*? ON (\w+)/.exec(sql);
  return m ? [[m[1], m[2]] as [string, string]] : [];
});

const POSTGRES_FUNCTIONS = POSTGRES_TRIGGERS.flatMap((sql) => {
  const m = /CREATE FUNCTION (\w+\([^)]*\))/.exec(sql);
  return m ? [m[1].replace(/\b(p_\w+|ids) /g, '')] : [];
}).reverse();
