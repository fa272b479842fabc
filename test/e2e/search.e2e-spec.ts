import { PostgresSearchDocuments1764360000000 } from '../../src/database/migrations/1764360000000-PostgresSearchDocuments';
import { FullTextSearch1764330000000 } from '../../src/database/migrations/1764330000000-FullTextSearch';
import { Participant, ParticipantRole } from '../../src/participants/participant.entity';
import { createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/**
 * Two briefings (B1 2017-02-21: s1..s4, B2 2017-01-27: s5, s6) and two commitments (c1 quotes s5,
 * c2 quotes nothing), searched through `search` and the statements/commitments filters.
 */
const TEXT = {
  s1: 'We will deepen our cooperation with Mexico on security.',
  s2: 'Will the presidents cooperate on tariffs & <trade>?',
  s3: 'Thank you, everyone.',
  s4: 'The well-known problems of the border remain.',
  s5: 'Border security cooperation continues between the two countries.',
  s6: 'Fentanyl trafficking was discussed at length.',
};
type Key = keyof typeof TEXT | 'c1' | 'c2';

const SEARCH = `query($text: String!, $types: [SearchType!], $first: Int, $after: String) {
  search(text: $text, types: $types, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { id } }
    nodes { id type rank snippet statement { id } commitment { id } }
  }
}`;
const STATEMENTS = `query($filter: StatementFilter) { statements(first: 100, filter: $filter) { totalCount nodes { id } } }`;
const COMMITMENTS = `query($filter: CommitmentFilter) { commitments(first: 100, filter: $filter) { totalCount nodes { id } } }`;

describe('Full-text search (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const keyOf = new Map<string, Key>();

  const search = async (vars: Record<string, unknown>) => ok(await t.gql(SEARCH, { first: 100, ...vars })).search;
  /** The hits as keys (s1, c1...), in the order returned. */
  const hits = async (text: string, vars: Record<string, unknown> = {}) => (await search({ text, ...vars })).nodes.map((n: any) => keyOf.get(n.id));
  const statementKeys = async (filter: Record<string, unknown>) =>
    ok(await t.gql(STATEMENTS, { filter })).statements.nodes.map((n: any) => keyOf.get(`STATEMENT:${n.id}`));
  const commitmentKeys = async (filter: Record<string, unknown>) =>
    ok(await t.gql(COMMITMENTS, { filter })).commitments.nodes.map((n: any) => keyOf.get(`COMMITMENT:${n.id}`));
  const sorted = (keys: (Key | undefined)[]) => [...keys].sort();

  async function briefing(title: string, date: string, statements: Record<string, unknown>[]): Promise<string> {
    const res = await t.gql(`mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id statements(first: 100) { nodes { id text } } } }`, {
      input: { title, date, statements },
    });
    const created = ok(res).createBriefing;
    for (const s of created.statements.nodes) {
      const key = Object.entries(TEXT).find(([, v]) => v === s.text)?.[0] as Key | undefined;
      if (key) {
        ids[key] = s.id;
        keyOf.set(`STATEMENT:${s.id}`, key);
      }
    }
    return created.id;
  }

  async function commitment(key: Key, input: Record<string, unknown>): Promise<string> {
    const res = await t.gql(`mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }`, { input });
    const id = ok(res).createCommitment.id;
    ids[key] = id;
    keyOf.set(`COMMITMENT:${id}`, key);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date();
    const people = t.dataSource.getRepository(Participant);
    const person = { honorific: null, post: null, organizationId: null, countryCode: null, anonymous: false, attribution: null, aliases: [], createdAt: now, updatedAt: now };
    ids.a = String((await people.save({ ...person, name: 'Official A', role: ParticipantRole.OFFICIAL })).id);
    ids.j = String((await people.save({ ...person, name: 'Journalist J', role: ParticipantRole.JOURNALIST })).id);
    ids.b1 = await briefing('Background Briefing', '2017-02-21', [
      { speakerId: ids.a, text: TEXT.s1 },
      { speakerId: ids.j, kind: 'QUESTION', text: TEXT.s2 },
      { speakerLabel: 'MODERATOR', kind: 'PROCEDURAL', text: TEXT.s3 },
      { speakerId: ids.a, text: TEXT.s4 },
    ]);
    ids.b2 = await briefing('Readout of the call', '2017-01-27', [
      { speakerId: ids.a, text: TEXT.s5 },
      { speakerId: ids.a, text: TEXT.s6 },
    ]);
    const quote = 'Border security cooperation';
    await commitment('c1', {
      title: 'Security cooperation review',
      text: 'The teams will review border security cooperation by spring.',
      kind: 'ACTION',
      sources: [{ statementId: ids.s5, start: 0, end: quote.length, quote }],
    });
    await commitment('c2', { title: 'Trade talks', text: 'Both sides will meet again to discuss tariffs.', kind: 'MEETING' });
  });
  afterAll(async () => t.close());

  it('finds a statement with its highlighted snippet, briefing and speaker', async () => {
    const q = `{ search(text: "fentanyl") { totalCount nodes {
      id type snippet statement { id text } commitment { id } briefing { id title } speaker { id name } } } }`;
    expect(ok(await t.gql(q)).search).toEqual({
      totalCount: 1,
      nodes: [
        {
          id: `STATEMENT:${ids.s6}`,
          type: 'STATEMENT',
          snippet: '<mark>Fentanyl</mark> trafficking was discussed at length.',
          statement: { id: ids.s6, text: TEXT.s6 },
          commitment: null,
          briefing: { id: ids.b2, title: 'Readout of the call' },
          speaker: { id: ids.a, name: 'Official A' },
        },
      ],
    });
  });

  it('stems English: "cooperate" finds cooperation, cooperate and cooperating', async () => {
    expect(sorted(await hits('cooperate', { types: ['STATEMENT'] }))).toEqual(['s1', 's2', 's5']);
    expect(sorted(await hits('cooperating'))).toEqual(['c1', 's1', 's2', 's5']);
    const page = await search({ text: 'cooperation' });
    const ranks = page.nodes.map((n: any) => n.rank);
    expect(ranks.every((r: number, i: number) => r > 0 && (i === 0 || r <= ranks[i - 1]))).toBe(true);
    for (const node of page.nodes) expect(node.snippet).toMatch(/<mark>cooperat(e|ion)<\/mark>/i);
  });

  it('HTML-escapes the snippet around the <mark>ed words', async () => {
    expect((await search({ text: 'tariffs', types: ['STATEMENT'] })).nodes.map((n: any) => n.snippet)).toEqual([
      'Will the presidents cooperate on <mark>tariffs</mark> &amp; &lt;trade&gt;?',
    ]);
  });

  it('matches "phrases", prefixes, OR, and words joined by punctuation as a phrase', async () => {
    expect(sorted(await hits('"security cooperation"'))).toEqual(['c1', 's5']);
    expect(await hits('"cooperation security"')).toEqual([]);
    expect(await hits('"security cooperation', { types: ['STATEMENT'] })).toEqual(['s5']); // unclosed quote: to the end
    expect(await hits('fent*')).toEqual(['s6']);
    expect(sorted(await hits('fentanyl OR tariffs'))).toEqual(['c2', 's2', 's6']);
    expect(sorted(await hits('border cooperation'))).toEqual(['c1', 's5']);
    expect(await hits('well-known')).toEqual(['s4']);
    expect(await hits('mexico fentanyl')).toEqual([]);
  });

  it('filters by type; a commitment hit brings the statement it quotes, its briefing and speaker', async () => {
    const q = `{ search(text: "review", types: [COMMITMENT]) { nodes {
      id type snippet commitment { id title } statement { id } briefing { title } speaker { name } } } }`;
    expect(ok(await t.gql(q)).search.nodes).toEqual([
      {
        id: `COMMITMENT:${ids.c1}`,
        type: 'COMMITMENT',
        snippet: 'Security cooperation <mark>review</mark>', // the title, where it matches
        commitment: { id: ids.c1, title: 'Security cooperation review' },
        statement: { id: ids.s5 },
        briefing: { title: 'Readout of the call' },
        speaker: { name: 'Official A' },
      },
    ]);
    const talks = `{ search(text: "talks") { nodes { type snippet commitment { id } statement { id } briefing { id } speaker { id } } } }`;
    expect(ok(await t.gql(talks)).search.nodes).toEqual([
      { type: 'COMMITMENT', snippet: 'Trade <mark>talks</mark>', commitment: { id: ids.c2 }, statement: null, briefing: null, speaker: null },
    ]);
    expect(await hits('security', { types: ['STATEMENT'] })).not.toContain('c1');
    expect(sorted(await hits('security', { types: ['STATEMENT', 'COMMITMENT', 'STATEMENT'] }))).toEqual(['c1', 's1', 's5']);
  });

  it('pages through hits by relevance then id, with totalCount and exact last page', async () => {
    const all = await search({ text: 'cooperation OR security OR border' });
    expect(all.totalCount).toBe(5);
    expect(sorted(all.nodes.map((n: any) => keyOf.get(n.id)))).toEqual(['c1', 's1', 's2', 's4', 's5']);
    const seen: string[] = [];
    let after: string | null = null;
    for (const expected of [[2, true], [2, true], [1, false]] as const) {
      const page: any = await search({ text: 'cooperation OR security OR border', first: 2, after });
      expect([page.nodes.length, page.pageInfo.hasNextPage, page.pageInfo.hasPreviousPage, page.totalCount]).toEqual([expected[0], expected[1], after !== null, 5]);
      expect(page.edges.map((e: any) => e.node.id)).toEqual(page.nodes.map((n: any) => n.id));
      seen.push(...page.nodes.map((n: any) => n.id));
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.nodes.map((n: any) => n.id));
    const exact = await search({ text: 'cooperation OR security OR border', first: 5 });
    expect(exact.pageInfo.hasNextPage).toBe(false);
    const past = await search({ text: 'cooperation OR security OR border', after });
    expect([past.nodes, past.pageInfo.hasNextPage, past.pageInfo.endCursor]).toEqual([[], false, null]);
    expect(await search({ text: 'nobody said this' })).toMatchObject({ totalCount: 0, nodes: [], edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('loads a page of hits with their records in a fixed number of SQL statements, through the index', async () => {
    const q = `{ search(text: "cooperation OR security OR border OR tariffs", first: 100) { nodes {
      snippet statement { text } commitment { title } briefing { title } speaker { name } } } }`;
    t.sql.reset();
    expect(ok(await t.gql(q)).search.nodes).toHaveLength(6);
    // rank the page, snippets per type (2), statements, commitments, briefings, speakers
    expect(t.sql.count).toBeLessThanOrEqual(7);

    const plan = isPostgresRun()
      ? await t.dataSource.transaction(async (em) => {
          await em.query('SET LOCAL enable_seqscan = off');
          return em.query(`EXPLAIN SELECT id FROM statement_search s WHERE s.document @@ to_tsquery('english', 'border')`);
        })
      : await t.dataSource.query(`EXPLAIN QUERY PLAN SELECT rowid FROM statement_fts WHERE statement_fts MATCH '"border"'`);
    expect(JSON.stringify(plan)).toMatch(isPostgresRun() ? /IDX_statement_search_document/ : /VIRTUAL TABLE INDEX/);
  });

  it('refuses a malformed cursor, first above 100, and text without words (BAD_USER_INPUT)', async () => {
    const forged = Buffer.from(JSON.stringify([1, 2, 'MEETING'])).toString('base64url');
    for (const after of ['nonsense', forged, Buffer.from('[1,2]').toString('base64url')]) {
      expect(errorOf(await t.gql(SEARCH, { text: 'security', after })).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'after', message: 'is not a cursor this list produced' }],
      });
    }
    expect(errorOf(await t.gql(SEARCH, { text: 'security', first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    expect(errorOf(await t.gql(SEARCH, { text: '*' })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'text', message: 'has no words to search for' }],
    });
    expect(errorOf(await t.gql(SEARCH, { text: 'x'.repeat(501) })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'text' }] });
  });

  it('never fails with a 500 on hostile text: results or BAD_USER_INPUT', async () => {
    const hostile = [
      '"', '""', '"""', '*', '**', 'a*b*', 'NEAR(', 'NEAR(a b, 2)', 'a OR', 'OR OR', 'AND', 'NOT', 'a AND NOT b', '-', '--security', '^border',
      'text:border', '{text}: border', '((', '))', '(security', "'", "O'Brien", "'; DROP TABLE statement; --", '\\', '\\"', ':*', '&|!<->',
      'security <-> border', 'a:* & b', '!security', 'é', '中国', '🙂', '\u0000', ' \t\n ', 'x'.repeat(100), '1e5', '0x1F', '%', '_',
    ];
    for (const text of hostile) {
      for (const [query, vars] of [
        [SEARCH, { text }],
        [STATEMENTS, { filter: { search: text } }],
        [COMMITMENTS, { filter: { search: text } }],
      ] as const) {
        const res = await t.gql(query, vars);
        const codes = (res.errors ?? []).map((e) => e.extensions.code);
        expect({ text, query: query.slice(0, 20), codes, status: res.status }).toEqual({
          text, query: query.slice(0, 20), codes: codes.length ? ['BAD_USER_INPUT'] : [], status: codes.length ? res.status : 200,
        });
      }
    }
    expect(await hits("'; DROP TABLE statement; --")).toEqual([]);
    expect(await hits('NEAR(security border)')).toEqual([]); // "near security" AND border
    expect(sorted(await hits('(security border)'))).toEqual(['c1', 's5']);
  });

  it('makes the statements filter search the index: stems, phrases, combined with the other filters', async () => {
    expect(await statementKeys({ search: 'cooperate' })).toEqual(['s5', 's1', 's2']); // POSITION: B2 then B1
    expect(await statementKeys({ search: 'COOPERATING', speaker: ids.a })).toEqual(['s5', 's1']);
    expect(await statementKeys({ search: '"security cooperation"', briefing: ids.b1 })).toEqual([]);
    expect(await statementKeys({ search: 'tariffs OR fentanyl' })).toEqual(['s6', 's2']);
    expect(await statementKeys({ search: '   ' })).toEqual(['s5', 's6', 's1', 's2', 's3', 's4']);
    expect(errorOf(await t.gql(STATEMENTS, { filter: { search: '"*"' } })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'filter.search', message: 'has no words to search for' }],
    });
    const nested = `{ briefing(id: "${ids.b2}") { statements(filter: { search: "fentanyl" }) { nodes { id } } } }`;
    expect(ok(await t.gql(nested)).briefing.statements.nodes).toEqual([{ id: ids.s6 }]);
  });

  it('makes the commitments filter search titles and texts through the index', async () => {
    expect(await commitmentKeys({ search: 'cooperating' })).toEqual(['c1']);
    expect(await commitmentKeys({ search: 'review' })).toEqual(['c1']);
    expect(await commitmentKeys({ search: 'tariff' })).toEqual(['c2']);
    expect(await commitmentKeys({ search: 'talk* OR spring' })).toEqual(['c1', 'c2']);
    expect(await commitmentKeys({ search: 'talks spring' })).toEqual([]);
    expect(errorOf(await t.gql(COMMITMENTS, { filter: { search: 'OR' } })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'filter.search', message: 'has no words to search for' }],
    });
  });

  it('keeps the index in sync through updates and deletes', async () => {
    const update = `mutation($id: ID!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, input: $input) { id } }`;
    ok(await t.gql(update, { id: ids.c2, input: { title: 'Water treaty deliveries' } }));
    expect(await hits('talks')).toEqual([]);
    expect(await hits('water')).toEqual(['c2']);
    expect(await hits('tariffs', { types: ['COMMITMENT'] })).toEqual(['c2']); // the text did not change
    ok(await t.gql(update, { id: ids.c2, input: { text: 'Deliveries of water resume in June.' } }));
    expect(await hits('tariffs', { types: ['COMMITMENT'] })).toEqual([]);
    expect(await hits('resume')).toEqual(['c2']);

    ok(await t.gql(`mutation { deleteCommitment(id: "${ids.c2}") }`));
    expect(await hits('water')).toEqual([]);
    expect(await commitmentKeys({ search: 'water' })).toEqual([]);

    const b3 = await briefing('Another briefing', '2017-03-01', [{ speakerId: ids.a, text: 'Desalination plants were announced.' }]);
    expect((await search({ text: 'desalination' })).totalCount).toBe(1);
    ok(await t.gql(`mutation { deleteBriefing(id: "${b3}") }`)); // statements go by cascade
    expect((await search({ text: 'desalination' })).totalCount).toBe(0);
    expect(await statementKeys({ search: 'desalination' })).toEqual([]);
    // A new statement reusing a deleted one's text is found once.
    await briefing('Again', '2017-03-02', [{ speakerId: ids.a, text: 'Desalination plants were announced.' }]);
    expect((await search({ text: 'desalination' })).totalCount).toBe(1);
    if (!isPostgresRun()) {
      for (const table of ['statement_fts', 'commitment_fts']) {
        await t.dataSource.query(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`);
      }
    }
  });

  it('indexes rows written before the migration (backfill)', async () => {
    // The migration that keeps the index: FTS5 tables on SQLite, stored documents on PostgreSQL.
    const migration = isPostgresRun() ? new PostgresSearchDocuments1764360000000() : new FullTextSearch1764330000000();
    const runner = t.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await t.dataSource.query(`UPDATE statement SET text = 'Interoperability drills resumed.' WHERE id = ${Number(ids.s3)}`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await hits('interoperability')).toEqual(['s3']);
    expect(await hits('thank')).toEqual([]);
    expect(sorted(await hits('cooperate'))).toEqual(['c1', 's1', 's2', 's5']);
  });
});
