import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { startRawBaseline } from '../../bench/raw-baseline/server';
import { operations } from '../../bench/http/operations';
import { Role } from '../../src/common/security/role';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/**
 * The raw baseline of the read benchmark (bench/raw-baseline) answers its three operations
 * with exactly the API's bytes, so `npm run bench:http` compares like with like and the
 * baseline cannot drift from the API unnoticed. Data seeded through the API: the demo
 * briefing ingested, plus a briefing and commitments shaped to reach every branch the
 * baseline restates (subtopics, due dates and none, statuses, overdue, speakers and none,
 * HTML and non-ASCII in snippets, several pages).
 */
describe('Raw read baseline (e2e)', () => {
  let t: TestApp;
  let raw: { server: Server; port: number };
  let token: string;
  const topics: Record<string, string> = {};

  const viaApi = async (body: string) => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set({ authorization: `Bearer ${token}`, 'content-type': 'application/json' }).send(body);
    return { status: res.status, text: res.text };
  };
  const viaRaw = async (body: string, auth = `Bearer ${token}`) => {
    const res = await fetch(`http://127.0.0.1:${raw.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body });
    return { status: res.status, text: await res.text() };
  };
  /** Both answers, which must be the same bytes and a real answer; returns the parsed data. */
  async function same(body: string): Promise<any> {
    const [api, baseline] = [await viaApi(body), await viaRaw(body)];
    expect(api.status).toBe(200);
    const parsed = JSON.parse(api.text);
    expect(parsed.errors).toBeUndefined();
    expect(baseline.status).toBe(200);
    expect(baseline.text).toBe(api.text);
    return parsed.data;
  }
  /** A request body of one of the benchmark's operations with other variables. */
  const withVariables = (name: string, variables: Record<string, unknown>) => {
    const op = operations({ topicId: 1 }).find((o) => o.name === name)!;
    return JSON.stringify({ query: JSON.parse(op.body).query, variables });
  };

  beforeAll(async () => {
    t = await createTestApp();
    token = await t.tokenFor('bench', Role.ANALYST);
    const demo = readFileSync(join(__dirname, '..', '..', 'demo', '2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
    ok(await t.gql('mutation($t: String!) { ingestBriefing(input: { text: $t, acceptAll: true }) { created { statements } } }', { t: demo }));

    for (const r of ok(await t.gql('{ topics { id slug parent { id } } }')).topics) topics[r.slug] = r.id;
    const root = Object.entries(topics)[0][1];
    const sub = ok(await t.gql('mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }', { i: { slug: 'bench-sub', title: 'Sub', parentId: root } })).createTopic.id;
    const subsub = ok(await t.gql('mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }', { i: { slug: 'bench-sub-sub', title: 'Sub sub', parentId: sub } })).createTopic.id;
    const empty = ok(await t.gql('mutation($i: CreateTopicInput!) { createTopic(input: $i) { id } }', { i: { slug: 'bench-empty', title: 'No commitments' } })).createTopic.id;
    Object.assign(topics, { 'bench-sub': sub, 'bench-sub-sub': subsub, 'bench-empty': empty });
    const speaker = ok(await t.gql('mutation { createParticipant(input: { name: "Zoë Ñúñez", role: OFFICIAL }) { id } }')).createParticipant.id;

    // Statements matching the benchmark's search: enough for two pages, with HTML, non-ASCII and no speaker.
    const statements = Array.from({ length: 26 }, (_, i) => ({
      text:
        i % 3 === 0
          ? `Fentanyl <cooperation> & "trust" café ${i}: the officials' cooperation on fentanyl…`
          : `Cooperation ${'on border security '.repeat(i % 5)}against fentanyl, résumé ${i}.`,
      ...(i % 4 === 0 ? { speakerLabel: 'QUESTION' } : { speakerId: speaker }),
      kind: i % 4 === 0 ? 'QUESTION' : 'ANSWER',
      ...(i % 2 ? { topicIds: [subsub] } : {}),
    }));
    const briefing = ok(
      await t.gql('mutation($i: CreateBriefingInput!) { createBriefing(input: $i) { id statements(first: 100) { nodes { id text } } } }', {
        i: { title: 'Bench briefing', date: '2024-03-05', statements },
      }),
    ).createBriefing;

    // Commitments under the root, its subtopic and sub-subtopic: due dates (some shared, some none, past and future,
    // and the day that stands for none in cursors, which sorts among the undated by id).
    const dues = ['2020-01-10', null, '2020-01-10', '2031-05-01', null, '2019-07-04', '2020-01-10', '9999-12-31', null, '2018-02-01', null, '9999-12-31'];
    for (const [i, dueDate] of dues.entries()) {
      const s = briefing.statements.nodes[i];
      const c = ok(
        await t.gql('mutation($i: CreateCommitmentInput!) { createCommitment(input: $i) { id } }', {
          i: {
            title: `Bench commitment ${i} — “quoted”`,
            text: s.text,
            kind: 'ACTION',
            dueDate,
            topicIds: [[root], [sub], [subsub], [root, subsub]][i % 4],
            sources: i % 3 === 2 ? [] : [{ statementId: s.id, start: 0, end: 8 }, ...(i % 2 ? [{ statementId: briefing.statements.nodes[i + 1].id, start: 0, end: 11 }] : [])],
          },
        }),
      ).createCommitment;
      const status = ['IN_PROGRESS', 'STALLED', null, 'WITHDRAWN', 'IN_PROGRESS'][i % 5];
      if (status) ok(await t.gql('mutation($i: SetCommitmentStatusInput!) { setCommitmentStatus(input: $i) { id } }', { i: { id: c.id, status } }));
    }
  });

  beforeAll(async () => {
    raw = await startRawBaseline(process.env.DATABASE_URL!);
  });

  afterAll(async () => {
    await new Promise((r) => raw?.server.close(r));
    await t?.close();
  });

  it('answers the benchmark requests themselves with the same bytes', async () => {
    for (const op of operations({ topicId: topics['bench-sub'] })) await same(op.body);
  });

  it('pages of commitments: every page of every topic, filtered by status or not, with the same cursors', async () => {
    let pages = 0;
    for (const topic of Object.values(topics)) {
      for (const status of [null, ['ANNOUNCED', 'IN_PROGRESS', 'STALLED'], []]) {
        let after: string | null = null;
        do {
          const data = await same(withVariables('commitmentsPage', { topic, status, first: 3, after }));
          pages++;
          after = data.commitments.pageInfo.hasNextPage ? data.commitments.pageInfo.endCursor : null;
        } while (after);
      }
    }
    // The default page size and a bigger one over everything, topics, sources and speakers included.
    const all = await same(withVariables('commitmentsPage', { topic: topics['bench-sub'], first: 100 }));
    expect(all.commitments.nodes.some((n: any) => n.dueDate === null)).toBe(true);
    expect(all.commitments.nodes.some((n: any) => n.sources.some((s: any) => s.statement.speaker === null))).toBe(true);
    expect(pages).toBeGreaterThan(Object.keys(topics).length * 3);
  });

  it("each topic's progress, a subtopic's, one without commitments and an unknown topic's", async () => {
    for (const id of [...Object.values(topics), '999999']) {
      const data = await same(withVariables('topicProgress', { id }));
      if (id === '999999') expect(data.topic).toBeNull();
      if (id === topics['bench-empty']) expect(data.topic.progress).toMatchObject({ total: 0, overdue: 0, lastActivityAt: null });
    }
    const root = (await same(withVariables('topicProgress', { id: Object.values(topics)[0] }))).topic.progress;
    expect(root.total).toBeGreaterThan(0);
    expect(root.overdue).toBeGreaterThan(0);
  });

  it('statement search: both pages, highlighted, escaped, with and without speakers', async () => {
    for (const text of ['fentanyl cooperation', 'cooperat*', '"border security" OR mexico', 'café']) {
      let after: string | null = null;
      let pages = 0;
      do {
        const data = await same(withVariables('searchStatements', { text, after }));
        pages++;
        after = data.search.pageInfo.hasNextPage ? data.search.pageInfo.endCursor : null;
      } while (after && pages < 5);
      if (text === 'fentanyl cooperation') expect(pages).toBeGreaterThan(1);
    }
    const first = (await same(withVariables('searchStatements', { text: 'fentanyl cooperation' }))).search.nodes;
    // Matches marked, the statement's own markup escaped (SQLite's snippet() and PostgreSQL's ts_headline cut differently).
    expect(first.every((n: any) => n.snippet.includes('<mark>'))).toBe(true);
    expect(first.some((n: any) => /&lt;|&amp;|&quot;/.test(n.snippet))).toBe(true);
    expect(first.some((n: any) => n.speaker === null)).toBe(true);
  });

  it('refuses what the API refuses: no token, an unknown token, another query', async () => {
    const body = operations({ topicId: 1 })[1].body;
    expect((await viaRaw(body, '')).status).toBe(401);
    expect((await viaRaw(body, `Bearer bt_AAAAAAAA_${'A'.repeat(43)}`)).status).toBe(401);
    expect((await viaRaw(JSON.stringify({ query: '{ topics { id } }' }))).status).toBe(400);
  });
});
