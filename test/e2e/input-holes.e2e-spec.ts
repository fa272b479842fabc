import { Logger } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { Role } from '../../src/common/security/role';
import exportCommand from '../../src/cli/commands/export.command';
import { encodeCursor } from '../../src/common/pagination/paginate';
import { MAX_VARIABLES_DEPTH } from '../../src/common/limits/enforce-limits';
import { requestLogLevel } from '../../src/logging/pino-options';
import { createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/**
 * Holes found by trying the API as an attacker would (issue 14, point 5), each closed: LIKE
 * wildcards in name filters, cursors of the wrong value type, formulas in CSV cells, concurrent
 * status changes without expectedVersion, concurrent moves in the topic tree and recursive
 * topic queries on a cycle. On SQLite and on PostgreSQL (DATABASE_URL=postgres://...).
 */
describe('Input and race holes (e2e)', () => {
  let t: TestApp;
  const database = isPostgresRun() ? 'PostgreSQL' : 'SQLite';

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const create = async (mutation: string, type: string, input: Record<string, unknown>) =>
    ok(await t.gql(`mutation($input: ${type}!) { ${mutation}(input: $input) { id } }`, { input }))[mutation].id as string;

  describe('deeply nested variables', () => {
    const post = (body: string) =>
      request(t.app.getHttpServer()).post('/graphql').set({ 'content-type': 'application/json', authorization: '' }).send(body);

    it.each([
      ['lists, 5,000 levels (10 KB)', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['objects, 5,000 levels', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
      [`objects, ${MAX_VARIABLES_DEPTH + 1} levels`, `${'{"a":'.repeat(MAX_VARIABLES_DEPTH + 1)}1${'}'.repeat(MAX_VARIABLES_DEPTH + 1)}`],
    ])('unused and anonymous, %s: 400 BAD_USER_INPUT, nothing logged as an error', async (_label, nested) => {
      const errors = jest.spyOn(Logger.prototype, 'error');
      try {
        const res = await post(`{"query":"{ __typename }","variables":{"v":${nested}}}`);
        expect(res.status).toBe(400);
        expect(res.body.errors).toHaveLength(1);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'variablesDepth', max: MAX_VARIABLES_DEPTH, fields: [{ path: 'variables' }] });
        expect(errors).not.toHaveBeenCalled();
        // The request log line of a 400 is a warning, not an error.
        expect(requestLogLevel(res.status)).toBe('warn');
      } finally {
        errors.mockRestore();
      }
    });

    it(`variables nested ${MAX_VARIABLES_DEPTH} levels deep still go through`, async () => {
      const res = await post(`{"query":"{ __typename }","variables":{"v":${'['.repeat(MAX_VARIABLES_DEPTH - 1)}${']'.repeat(MAX_VARIABLES_DEPTH - 1)}}}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('LIKE wildcards in name filters are matched literally', () => {
    beforeAll(async () => {
      for (const [name, acronym] of [
        ['Secretaría de Relaciones Exteriores', 'SRE'],
        ['Department of Homeland Security', 'DHS'],
        ['100% Renewables Council', null],
        ['Under_score Institute', null],
      ]) {
        await create('createOrganization', 'CreateOrganizationInput', { name, acronym, kind: 'GOVERNMENT' });
      }
      for (const name of ['Luis Videgaray', 'Rex Tillerson', 'Ana 50% Ruiz', 'Juan_Perez']) {
        await create('createParticipant', 'CreateParticipantInput', { name, role: 'OFFICIAL' });
      }
      for (const [slug, title] of [
        ['lk-fisheries', 'Fisheries'],
        ['lk-aviation', 'Aviation'],
        ['lk-tariffs', '25% tariffs'],
        ['lk-snake', 'Snake_case'],
      ]) {
        await create('createTopic', 'CreateTopicInput', { slug, title });
      }
      for (const [title, location] of [
        ['Bilateral dialogue', 'Mexico City'],
        ['Trade talks', 'Washington'],
        ['The 100% meeting', null],
        ['A_B call', null],
      ]) {
        await create('createMeeting', 'CreateMeetingInput', { kind: 'IN_PERSON', title, location });
      }
    });

    const names = {
      organizations: async (search: string) =>
        ok(await t.gql(`query($s: String) { organizations(first: 100, filter: { search: $s }) { nodes { name } } }`, { s: search })).organizations.nodes.map(
          (n: { name: string }) => n.name,
        ),
      participants: async (search: string) =>
        ok(await t.gql(`query($s: String) { participants(first: 100, filter: { search: $s }) { nodes { name } } }`, { s: search })).participants.nodes.map(
          (n: { name: string }) => n.name,
        ),
      topics: async (search: string) =>
        ok(await t.gql(`query($s: String) { topics(filter: { search: $s }) { title } }`, { s: search })).topics.map((n: { title: string }) => n.title),
      meetings: async (search: string) =>
        ok(await t.gql(`query($s: String) { meetings(first: 100, filter: { search: $s }) { nodes { title } } }`, { s: search })).meetings.nodes.map(
          (n: { title: string }) => n.title,
        ),
    };

    it.each([
      ['organizations', '%', ['100% Renewables Council']],
      ['organizations', '_', ['Under_score Institute']],
      ['organizations', 'r_s', ['Under_score Institute']],
      ['participants', '%', ['Ana 50% Ruiz']],
      ['participants', '_', ['Juan_Perez']],
      ['topics', '%', ['25% tariffs']],
      ['topics', '_', ['Snake_case']],
      ['meetings', '%', ['The 100% meeting']],
      ['meetings', '_', ['A_B call']],
      ['meetings', '\\', []],
    ] as const)('%s(filter: { search: %j }) finds only names holding it', async (list, search, expected) => {
      expect((await names[list](search)).sort()).toEqual([...expected].sort());
    });

    it('plain words still match inside names, ignoring case', async () => {
      expect(await names.organizations('homeland')).toEqual(['Department of Homeland Security']);
      expect(await names.participants('TILLER')).toEqual(['Rex Tillerson']);
      expect(await names.topics('FISHER')).toEqual(['Fisheries']);
      expect(await names.meetings('talks')).toEqual(['Trade talks']);
    });
  });

  describe('cursors whose values do not fit the sort keys', () => {
    const refusedOnAfter = (res: Awaited<ReturnType<TestApp['gql']>>) => {
      const error = errorOf(res);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    };

    it.each([
      ['commitments by id', `commitments(first: 5, after: $after, orderBy: { field: ID, direction: DESC })`, ['abc', 1]],
      ['commitments by id, a fraction', `commitments(first: 5, after: $after, orderBy: { field: ID, direction: DESC })`, [1.5, 1]],
      ['commitments by due date', `commitments(first: 5, after: $after, orderBy: { field: DUE_DATE })`, [12, 1]],
      ['commitments by due date, no such day', `commitments(first: 5, after: $after, orderBy: { field: DUE_DATE })`, ['2017-02-30', 1]],
      ['commitments by update', `commitments(first: 5, after: $after, orderBy: { field: UPDATED })`, ['not a time', 1]],
      ['meetings by date', `meetings(first: 5, after: $after)`, ['x', 'y']],
      ['meetings by title', `meetings(first: 5, after: $after, orderBy: { field: TITLE })`, [7, 'x']],
      ['statements in order', `statements(first: 5, after: $after)`, ['2017-01-01', 'one', 0, 0, 1]],
      ['participants by name', `participants(first: 5, after: $after)`, ['Rex', '2']],
      ['organizations by name', `organizations(first: 5, after: $after)`, [{ a: 1 }, 2]],
    ])('%s: BAD_USER_INPUT on after, not a database error', async (_label, field, values) => {
      refusedOnAfter(await t.gql(`query($after: String) { ${field} { nodes { id } } }`, { after: encodeCursor(values) }));
    });

    it('a cursor the list produced still continues it', async () => {
      const first = ok(await t.gql(`{ meetings(first: 2, orderBy: { field: TITLE }) { nodes { title } pageInfo { endCursor } } }`)).meetings;
      const next = ok(
        await t.gql(`query($after: String) { meetings(first: 2, after: $after, orderBy: { field: TITLE }) { nodes { title } } }`, { after: first.pageInfo.endCursor }),
      ).meetings;
      expect(next.nodes).toHaveLength(2);
      expect(next.nodes[0].title > first.nodes[1].title).toBe(true);
    });
  });

  describe('CSV exports neutralise formulas in text cells', () => {
    it('a title beginning with =, +, -, @ or a tab is exported with a leading quote; numbers are not touched', async () => {
      const titles = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', 'Plain title'];
      const ids: string[] = [];
      for (const title of titles) ids.push(await create('createCommitment', 'CreateCommitmentInput', { title: `${title}`, text: 'Some text.', kind: 'ACTION' }));
      const res = await request(t.app.getHttpServer()).get('/export/commitments.csv').set({ authorization: `Bearer ${t.adminToken}` }).expect(200);
      const rows: Record<string, string>[] = parse(res.text, { columns: true, relax_quotes: false });
      const byId = new Map(rows.map((r) => [r.id, r]));
      // csvField trims nothing: the title as stored, behind one quote.
      const exported = ids.map((id) => byId.get(id)!.title);
      expect(exported).toEqual(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'=1", 'Plain title']);
      // Numbers stay numbers: ids and versions are written bare.
      expect(res.text).toMatch(new RegExp(`\\r\\n${ids[5]},Plain title,`));

      // The CLI export writes the same cells (one function for both).
      const dir = mkdtempSync(join(tmpdir(), 'csv-injection-'));
      try {
        const out = join(dir, 'commitments.csv');
        expect(await exportCommand.run(['commitments'], { format: 'csv', out, filter: [] })).toBe(0);
        const cli: Record<string, string>[] = parse(readFileSync(out, 'utf8'), { columns: true });
        const cliById = new Map(cli.map((r) => [r.id, r]));
        expect(ids.map((id) => cliById.get(id)!.title)).toEqual(exported);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('status changes without expectedVersion', () => {
    it('20 concurrent changes of one commitment, none holding a version: all succeed, one after the other', async () => {
      // One party per change, so each change is allowed whatever order they run in.
      const orgIds: string[] = [];
      for (let i = 0; i < 20; i++) orgIds.push(await create('createOrganization', 'CreateOrganizationInput', { name: `Agency ${i}`, kind: 'GOVERNMENT' }));
      const made = ok(
        await t.gql(`mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id version parties { id } } }`, {
          input: { title: 'Twenty agencies will report', text: 'Each agency will report.', kind: 'ACTION', parties: orgIds.map((organizationId) => ({ organizationId })) },
        }),
      ).createCommitment;
      expect(made.parties).toHaveLength(20);
      const url = await listen();
      const results = await Promise.all(
        made.parties.map(async (party: { id: string }, i: number) => {
          const auth = await t.as(`clerk-${i}`, Role.STAFF);
          const res = await request(url)
            .post('/graphql')
            .set(auth)
            .send({
              query: `mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id version } }`,
              variables: { input: { id: made.id, party: party.id, status: 'IN_PROGRESS', note: `change ${i}` } },
            });
          return res.body as { data?: { setCommitmentStatus: { version: number } }; errors?: { extensions: { code: string } }[] };
        }),
      );
      const failed = results.filter((r) => r.errors?.length);
      console.log(`${database}: 20 concurrent setCommitmentStatus without expectedVersion -> ${20 - failed.length} success, ${failed.length} failed`);
      expect(failed.map((r) => r.errors![0].extensions.code)).toEqual([]);
      // Each saw the commitment as the one before left it: versions 2..21, once each.
      expect(results.map((r) => r.data!.setCommitmentStatus.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      const after = ok(await t.gql(`query($id: ID!) { commitment(id: $id) { version status parties { status } history { toStatus party { id } } } }`, { id: made.id }))
        .commitment;
      expect(after.version).toBe(21);
      expect(after.status).toBe('IN_PROGRESS');
      expect(after.parties.every((p: { status: string }) => p.status === 'IN_PROGRESS')).toBe(true);
      // 20 party events, and one overall event when the first party moved.
      expect(after.history.filter((e: { party: unknown }) => e.party !== null)).toHaveLength(20);
      expect(after.history.filter((e: { party: unknown; toStatus: string }) => e.party === null && e.toStatus === 'IN_PROGRESS')).toHaveLength(1);
    });

    it('with expectedVersion a stale change is still CONFLICT', async () => {
      const id = await create('createCommitment', 'CreateCommitmentInput', { title: 'Stale', text: 'Stale.', kind: 'ACTION' });
      ok(await t.gql(`mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { version } }`, { input: { id, status: 'IN_PROGRESS' } }));
      const stale = await t.gql(`mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { version } }`, {
        input: { id, status: 'STALLED', expectedVersion: 1 },
      });
      expect(errorOf(stale).extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    });
  });

  describe('the topic tree', () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateTopicInput!) { updateTopic(id: $id, input: $input) { id parent { id } } }`;
    const parentOf = async (id: string) => ok(await t.gql(`query($id: ID!) { topic(id: $id) { parent { id } } }`, { id })).topic.parent?.id ?? null;

    it('two crossing moves at once (A under B, B under A): one is refused with CONFLICT, no cycle forms', async () => {
      const a = await create('createTopic', 'CreateTopicInput', { slug: 'cross-a', title: 'Cross A' });
      const b = await create('createTopic', 'CreateTopicInput', { slug: 'cross-b', title: 'Cross B' });
      // PostgreSQL: another session holds both rows, so both moves have read the tree and wait
      // to write before either commits (the race, made certain); released once both wait.
      const holder = isPostgresRun() ? await holdRows('topic', [Number(a), Number(b)], 2) : null;
      const url = await listen();
      const send = (id: string, parentId: string) =>
        request(url)
          .post('/graphql')
          .set({ authorization: `Bearer ${t.adminToken}` })
          .send({ query: UPDATE, variables: { id, input: { parentId } } })
          .then((res) => res.body as { data?: unknown; errors?: { extensions: { code: string } }[] });
      const both = Promise.all([send(a, b), send(b, a)]);
      const waited = holder ? await holder.release() : 0;
      const results = await both;
      console.log(`${database}: crossing updateTopic -> ${results.map((r) => r.errors?.[0]?.extensions.code ?? 'ok').join(', ')}${holder ? ` (${waited} waited)` : ''}`);
      expect(results.map((r) => r.errors?.[0]?.extensions.code ?? 'ok').sort()).toEqual(['CONFLICT', 'ok']);
      const parents = [await parentOf(a), await parentOf(b)];
      expect(parents.filter((p) => p !== null)).toHaveLength(1);
      expect(parents).not.toEqual([b, a]);
    });

    it('recursive topic queries end on a cycle forced in the database', async () => {
      const a = await create('createTopic', 'CreateTopicInput', { slug: 'loop-a', title: 'Loop A' });
      const b = await create('createTopic', 'CreateTopicInput', { slug: 'loop-b', title: 'Loop B' });
      const c = await create('createCommitment', 'CreateCommitmentInput', { title: 'Looped', text: 'Looped.', kind: 'ACTION', topicIds: [b] });
      // What no mutation may do any more, done behind the API's back: A under B, B under A.
      await t.dataSource.query(`UPDATE topic SET parent_id = ${Number(b)} WHERE id = ${Number(a)}`);
      await t.dataSource.query(`UPDATE topic SET parent_id = ${Number(a)} WHERE id = ${Number(b)}`);
      const data = ok(
        await t.gql(
          `query($a: ID!) {
            commitments(first: 10, filter: { topic: $a }) { nodes { id } totalCount }
            statements(first: 10, filter: { topic: $a }) { totalCount }
            meetings(first: 10, filter: { topic: $a }) { totalCount }
            topic(id: $a) { commitments(first: 10) { nodes { id } } statements(first: 10) { totalCount } progress { total } }
            topicProgress { topic { id } total }
            commitmentFacets { byTopic { topic { id } count } }
          }`,
          { a },
        ),
      );
      expect(data.commitments).toEqual({ nodes: [{ id: c }], totalCount: 1 });
      expect(data.topic.commitments.nodes).toEqual([{ id: c }]);
      expect(data.topic.progress.total).toBe(1);
      expect(data.commitmentFacets.byTopic.find((f: { topic: { id: string } }) => f.topic.id === a)?.count).toBe(1);
    });
  });

  // ------------------------------------------------------------------ helpers

  let listening: string | undefined;
  /** Real concurrent HTTP needs a listening server (supertest on the app would open one per request). */
  async function listen(): Promise<string> {
    if (!listening) {
      await t.app.listen(0, '127.0.0.1');
      listening = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    }
    return listening;
  }

  /**
   * PostgreSQL: locks rows of `table` from another session; release() waits (10 s at most)
   * until `waiters` other sessions of this schema are blocked on a lock, then commits.
   */
  async function holdRows(table: string, ids: number[], waiters: number) {
    const schema = process.env.DATABASE_SCHEMA!;
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`SELECT id FROM "${schema}"."${table}" WHERE id = ANY($1) FOR UPDATE`, [ids]);
    const blocked = async () => {
      await client.query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await client.query(
        `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND (query LIKE $1 OR query LIKE '%pg_advisory_xact_lock%')`,
        [`UPDATE "${schema}"."${table}"%`],
      );
      return Number(rows[0].n);
    };
    return {
      async release(): Promise<number> {
        const deadline = Date.now() + 10_000;
        let n = await blocked();
        while (n < waiters && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          n = await blocked();
        }
        await client.query('COMMIT');
        await client.end();
        return n;
      },
    };
  }
});
