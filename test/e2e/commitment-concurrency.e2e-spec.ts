import { Client } from 'pg';
import request from 'supertest';
import { Role } from '../../src/common/security/role';
import { countRows, createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id version parties { id } } }`;
const SET_STATUS = `mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id status version } }`;
const READ = `query($id: ID!) { commitment(id: $id) { status version parties { status }
  history { fromStatus toStatus actor note party { id } } } }`;

type Result = { data?: { setCommitmentStatus: { status: string; version: number } } | null; errors?: { extensions: { code: string; currentVersion?: number } }[] };

/**
 * Optimistic concurrency that really holds: twenty status changes sent at once, all holding
 * the same expectedVersion, over real HTTP to a listening server. Exactly one may win.
 */
describe('Commitment status: concurrent changes (e2e)', () => {
  let t: TestApp;
  let url: string;
  const database = isPostgresRun() ? 'PostgreSQL' : 'SQLite';

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = await t.app.getUrl();
  });
  afterAll(async () => t.close());

  /** Fires all changes at once (each its own HTTP request and actor) and waits for every answer. */
  const fire = (inputs: Record<string, unknown>[]) =>
    Promise.all(
      inputs.map(async (input, i) => {
        const auth = await t.as(`clerk-${i}`, Role.STAFF);
        const res = await request(url).post('/graphql').set(auth).send({ query: SET_STATUS, variables: { input } });
        return res.body as Result;
      }),
    );
  /**
   * PostgreSQL only: locks the commitment row from another session; release(n) waits until n
   * sessions are blocked in an UPDATE of it, then lets them go and returns how many waited.
   */
  const holdRow = async (commitmentId: number) => {
    const schema = process.env.DATABASE_SCHEMA!;
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`SELECT id FROM "${schema}"."commitment" WHERE id = $1 FOR UPDATE`, [commitmentId]);
    // pg_stat_activity is a snapshot per transaction: clear it before each look.
    const blocked = async () =>
      (await client.query('SELECT pg_stat_clear_snapshot()')) &&
      Number(
        (
          await client.query(
            `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
            [`UPDATE "${schema}"."commitment" SET%`],
          )
        ).rows[0].n,
      );
    return {
      async release(atLeast: number): Promise<number> {
        const deadline = Date.now() + 10_000;
        let n = await blocked();
        while (n < atLeast && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          n = await blocked();
        }
        await client.query('COMMIT');
        await client.end();
        return n;
      },
    };
  };
  const eventsOf = async (commitmentId: string) => Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM commitment_event WHERE commitment_id = ${Number(commitmentId)}`))[0].n);
  const tally = (results: Result[]) => ({
    successes: results.filter((r) => r.data?.setCommitmentStatus && !r.errors).length,
    conflicts: results.filter((r) => r.errors?.[0]?.extensions.code === 'CONFLICT').length,
    other: results.filter((r) => !(r.data?.setCommitmentStatus && !r.errors) && r.errors?.[0]?.extensions.code !== 'CONFLICT'),
  });

  it('20 changes with the same expectedVersion: one success, 19 CONFLICT, one new event', async () => {
    const { id, version } = ok(await t.gql(CREATE, { input: { title: 'Review of border security', text: 'DHS will undergo a review.', kind: 'ACTION' } })).createCommitment;
    expect(version).toBe(1);
    const eventsBefore = await eventsOf(id);
    t.sql.reset();
    t.sql.recording = true;
    // On PostgreSQL, another session holds the row until several requests have read version 1
    // and wait in their UPDATE: those can only be stopped by the version check inside it.
    const holder = isPostgresRun() ? await holdRow(Number(id)) : null;
    const burst = fire(Array.from({ length: 20 }, (_, i) => ({ id, status: 'IN_PROGRESS', note: `attempt ${i}`, expectedVersion: 1 })));
    const waiting = holder ? await holder.release(2) : 0;
    const results = await burst;
    t.sql.recording = false;
    const updates = t.sql.recorded.filter((q) => /^UPDATE \S*"commitment" SET .* AND "version" = /.test(q)).length;
    const { successes, conflicts, other } = tally(results);
    const newEvents = (await eventsOf(id)) - eventsBefore;
    console.log(
      `${database}: 20 concurrent setCommitmentStatus -> ${successes} success, ${conflicts} CONFLICT, ${newEvents} new event; ` +
        `${updates} guarded UPDATEs ran${holder ? ` (${waiting} waited on the held row)` : ''}`,
    );
    expect(other).toEqual([]);
    expect({ successes, conflicts, newEvents }).toEqual({ successes: 1, conflicts: 19, newEvents: 1 });
    // SQLite runs transactions one after another (one connection): the later ones read version 2
    // and stop before writing. PostgreSQL runs them at once: at least two writers that had read
    // version 1 reached the UPDATE, and only one of them matched a row.
    if (holder) expect(updates).toBeGreaterThanOrEqual(2);
    else expect(updates).toBe(1);

    const winner = results.findIndex((r) => r.data?.setCommitmentStatus);
    expect(results[winner].data!.setCommitmentStatus).toEqual({ id, status: 'IN_PROGRESS', version: 2 });
    for (const loser of results.filter((_, i) => i !== winner)) expect(loser.errors![0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    // The one event is the winner's: its actor and note, nothing from the others.
    expect(ok(await t.gql(READ, { id })).commitment).toEqual({
      status: 'IN_PROGRESS',
      version: 2,
      parties: [],
      history: [
        { fromStatus: null, toStatus: 'ANNOUNCED', actor: 'test-admin', note: null, party: null },
        { fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', actor: `clerk-${winner}`, note: `attempt ${winner}`, party: null },
      ],
    });
  });

  it('per-party changes share the commitment version: one of 20 wins, with its party and overall events', async () => {
    const { id, parties } = ok(
      await t.gql(CREATE, { input: { title: 'Joint review', text: 'The two nations will review.', kind: 'ACTION', parties: [{ country: 'US' }, { country: 'MX' }] } }),
    ).createCommitment;
    const eventsBefore = await eventsOf(id);
    const partyEventsBefore = await countRows(t.dataSource, 'commitment_party');
    const results = await fire(
      Array.from({ length: 20 }, (_, i) => ({ id, party: parties[i % 2].id, status: 'IN_PROGRESS', note: `party attempt ${i}`, expectedVersion: 1 })),
    );
    const { successes, conflicts, other } = tally(results);
    const newEvents = (await eventsOf(id)) - eventsBefore;
    console.log(`${database}: 20 concurrent per-party changes -> ${successes} success, ${conflicts} CONFLICT, ${newEvents} new events (party + overall)`);
    expect(other).toEqual([]);
    expect({ successes, conflicts, newEvents }).toEqual({ successes: 1, conflicts: 19, newEvents: 2 });
    expect(await countRows(t.dataSource, 'commitment_party')).toBe(partyEventsBefore);

    const winner = results.findIndex((r) => r.data?.setCommitmentStatus);
    const commitment = ok(await t.gql(READ, { id })).commitment;
    expect(commitment.version).toBe(2);
    expect(commitment.status).toBe('IN_PROGRESS');
    expect(commitment.parties.map((p: { status: string }) => p.status).sort()).toEqual(['ANNOUNCED', 'IN_PROGRESS']);
    expect(commitment.history.slice(1)).toEqual([
      { fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', actor: `clerk-${winner}`, note: `party attempt ${winner}`, party: { id: parties[winner % 2].id } },
      { fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', actor: `clerk-${winner}`, note: `party attempt ${winner}`, party: null },
    ]);
  });
});
