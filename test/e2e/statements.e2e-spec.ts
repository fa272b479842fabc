import { Participant, ParticipantRole } from '../../src/participants/participant.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/**
 * Three briefings, said in this order (POSITION): B2 (2017-01-27) s6 s7, B1 (2017-02-21)
 * s1..s5, B3 (undated, so last) s8. Created B1, B2, B3, so ids run s1..s8.
 */
const TEXT = {
  s1: 'Good afternoon, everyone.',
  s2: 'On security, cooperation against cartels.',
  s3: 'Counterterrorism cooperation continues.',
  s4: 'What about 50% tariffs?',
  s5: 'No tariffs were discussed.',
  s6: 'The call covered migration.',
  s7: 'And ISIS financing.',
  s8: 'Security was mentioned again.',
};
type Key = keyof typeof TEXT;
const KEY_OF = new Map(Object.entries(TEXT).map(([k, v]) => [v, k as Key]));

const LIST = `query($first: Int, $after: String, $filter: StatementFilter, $orderBy: StatementOrder) {
  statements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { text } } nodes { text }
  }
}`;

describe('Statements (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  async function addParticipant(name: string, role: ParticipantRole): Promise<string> {
    const now = new Date();
    const row = await t.dataSource.getRepository(Participant).save({
      name, honorific: null, post: null, organizationId: null, countryCode: null, role,
      anonymous: false, attribution: null, aliases: [], createdAt: now, updatedAt: now,
    });
    return String(row.id);
  }

  async function briefing(title: string, date: string | null, statements: Record<string, unknown>[]): Promise<string> {
    const res = await t.gql(`mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }`, { input: { title, date, statements } });
    return ok(res).createBriefing.id;
  }

  const list = async (vars: Record<string, unknown>) => ok(await t.gql(LIST, vars)).statements;
  const keys = async (vars: Record<string, unknown>) => (await list({ first: 100, ...vars })).nodes.map((n: any) => KEY_OF.get(n.text));

  beforeAll(async () => {
    t = await createTestApp();
    for (const topic of ok(await t.gql('{ topics { id slug } }')).topics) ids[topic.slug] = topic.id;
    const createTopic = async (slug: string, parentId: string) =>
      ok(await t.gql(`mutation { createTopic(input: { slug: "${slug}", title: "${slug}", parentId: "${parentId}" }) { id } }`)).createTopic.id;
    ids.counterterrorism = await createTopic('counterterrorism', ids.security);
    ids.isis = await createTopic('isis', ids.counterterrorism);
    ids.a = await addParticipant('Official A', ParticipantRole.OFFICIAL);
    ids.b = await addParticipant('Official B', ParticipantRole.OFFICIAL);
    ids.j = await addParticipant('Journalist J', ParticipantRole.JOURNALIST);

    ids.b1 = await briefing('Background Briefing', '2017-02-21', [
      { speakerLabel: 'MODERATOR', kind: 'PROCEDURAL', text: TEXT.s1 },
      { speakerId: ids.a, text: TEXT.s2, topicIds: [ids.security] },
      { speakerId: ids.a, text: TEXT.s3, topicIds: [ids.counterterrorism] },
      { speakerId: ids.j, kind: 'QUESTION', text: TEXT.s4, topicIds: [ids.economy] },
      { speakerId: ids.a, kind: 'ANSWER', text: TEXT.s5, topicIds: [ids.economy] },
    ]);
    ids.b2 = await briefing('Readout of the call', '2017-01-27', [
      { speakerId: ids.b, text: TEXT.s6, topicIds: [ids.migration] },
      { speakerId: ids.b, text: TEXT.s7, topicIds: [ids.isis] },
    ]);
    ids.b3 = await briefing('Undated notes', null, [{ speakerId: ids.a, text: TEXT.s8, topicIds: [ids.security, ids.border] }]);
    for (const row of await t.dataSource.query('SELECT id, text FROM statement')) ids[KEY_OF.get(row.text)!] = String(row.id);
  });
  afterAll(async () => t.close());

  it('reads one statement with its briefing, topics and the cues that tagged them', async () => {
    await t.dataSource.query(`UPDATE statement_topic SET cue = 'keyword:cartels' WHERE statement_id = ${Number(ids.s2)}`);
    const q = `{ statement(id: "${ids.s2}") {
      id speakerLabel turnIndex paragraphIndex kind text textStart textEnd
      briefing { id title date } topics { slug } topicTags { topic { slug } cue }
    } }`;
    expect(ok(await t.gql(q)).statement).toEqual({
      id: ids.s2,
      speakerLabel: 'OFFICIAL A',
      turnIndex: 1,
      paragraphIndex: 0,
      kind: 'REMARK',
      text: TEXT.s2,
      textStart: 'MODERATOR: Good afternoon, everyone.\n\nOFFICIAL A: '.length,
      textEnd: 'MODERATOR: Good afternoon, everyone.\n\nOFFICIAL A: '.length + TEXT.s2.length,
      briefing: { id: ids.b1, title: 'Background Briefing', date: '2017-02-21' },
      topics: [{ slug: 'security' }],
      topicTags: [{ topic: { slug: 'security' }, cue: 'keyword:cartels' }],
    });
    const s8 = ok(await t.gql(`{ statement(id: "${ids.s8}") { topics { slug } topicTags { topic { slug } cue } } }`)).statement;
    expect(s8).toEqual({
      topics: [{ slug: 'security' }, { slug: 'border' }],
      topicTags: [{ topic: { slug: 'security' }, cue: null }, { topic: { slug: 'border' }, cue: null }],
    });
    const none = ok(await t.gql('{ a: statement(id: "999999") { id } b: statement(id: "s-1") { id } }'));
    expect(none).toEqual({ a: null, b: null });
  });

  it('lists every statement in the order it was said by default: briefing date (undated last), briefing, turn, paragraph', async () => {
    const page = await list({});
    expect(page.totalCount).toBe(8);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.nodes.map((n: any) => KEY_OF.get(n.text))).toEqual(['s6', 's7', 's1', 's2', 's3', 's4', 's5', 's8']);
    expect(page.edges.map((e: any) => e.node.text)).toEqual(page.nodes.map((n: any) => n.text));
  });

  it('orders by position backwards (undated still last) and by id either way', async () => {
    expect(await keys({ orderBy: { field: 'POSITION', direction: 'DESC' } })).toEqual(['s5', 's4', 's3', 's2', 's1', 's7', 's6', 's8']);
    expect(await keys({ orderBy: { field: 'ID' } })).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8']);
    expect(await keys({ orderBy: { field: 'ID', direction: 'DESC' } })).toEqual(['s8', 's7', 's6', 's5', 's4', 's3', 's2', 's1']);
  });

  it('filters by topic, including subtopics at any depth', async () => {
    expect(await keys({ filter: { topic: ids.security } })).toEqual(['s7', 's2', 's3', 's8']);
    expect(await keys({ filter: { topic: ids.counterterrorism } })).toEqual(['s7', 's3']);
    expect(await keys({ filter: { topic: ids.isis } })).toEqual(['s7']);
    expect(await keys({ filter: { topic: ids.economy } })).toEqual(['s4', 's5']);
    expect(await keys({ filter: { topic: ids['foreign-policy'] } })).toEqual([]);
    expect(await keys({ filter: { topic: '999999' } })).toEqual([]);
  });

  it('filters by briefing, speaker, kind, text and briefing dates, alone and together', async () => {
    expect(await keys({ filter: { briefing: ids.b2 } })).toEqual(['s6', 's7']);
    expect(await keys({ filter: { speaker: ids.a } })).toEqual(['s2', 's3', 's5', 's8']);
    expect(await keys({ filter: { speaker: ids.j } })).toEqual(['s4']);
    expect(await keys({ filter: { kind: 'QUESTION' } })).toEqual(['s4']);
    expect(await keys({ filter: { kind: 'PROCEDURAL' } })).toEqual(['s1']);
    expect(await keys({ filter: { search: 'TARIFFS' } })).toEqual(['s4', 's5']);
    expect(await keys({ filter: { search: '50%' } })).toEqual(['s4']);
    expect(await keys({ filter: { search: 'isis fin*' } })).toEqual(['s7']); // full-text: words, a trailing * for a prefix
    expect(await keys({ filter: { from: '2017-02-01' } })).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(await keys({ filter: { to: '2017-01-31' } })).toEqual(['s6', 's7']);
    expect(await keys({ filter: { from: '2017-01-27', to: '2017-01-27' } })).toEqual(['s6', 's7']);
    expect(await keys({ filter: { from: '2017-02-22' } })).toEqual([]);
    expect(await keys({ filter: { topic: ids.security, speaker: ids.a } })).toEqual(['s2', 's3', 's8']);
    expect(await keys({ filter: { topic: ids.security, from: '2017-01-01', kind: 'REMARK' } })).toEqual(['s7', 's2', 's3']);
    expect(await list({ filter: { speaker: ids.j, kind: 'ANSWER' } })).toEqual({
      totalCount: 0,
      pageInfo: { hasNextPage: false, endCursor: null },
      edges: [],
      nodes: [],
    });
  });

  it('pages through the list with first/after across briefing dates, keeping totalCount, to an exact last page', async () => {
    const p1 = await list({ first: 3 });
    expect([p1.nodes.map((n: any) => KEY_OF.get(n.text)), p1.pageInfo.hasNextPage, p1.totalCount]).toEqual([['s6', 's7', 's1'], true, 8]);
    expect(p1.pageInfo.endCursor).toBe(p1.edges[2].cursor);
    const p2 = await list({ first: 3, after: p1.pageInfo.endCursor });
    expect([p2.nodes.map((n: any) => KEY_OF.get(n.text)), p2.pageInfo.hasNextPage, p2.totalCount]).toEqual([['s2', 's3', 's4'], true, 8]);
    const p3 = await list({ first: 2, after: p2.pageInfo.endCursor });
    expect([p3.nodes.map((n: any) => KEY_OF.get(n.text)), p3.pageInfo.hasNextPage]).toEqual([['s5', 's8'], false]);
    const beyond = await list({ first: 2, after: p3.pageInfo.endCursor });
    expect([beyond.nodes, beyond.pageInfo.hasNextPage]).toEqual([[], false]);

    // Backwards, through the undated briefing at the end, with a filter.
    const desc = { orderBy: { field: 'POSITION', direction: 'DESC' }, filter: { speaker: ids.a } };
    const d1 = await list({ first: 3, ...desc });
    expect([d1.nodes.map((n: any) => KEY_OF.get(n.text)), d1.pageInfo.hasNextPage, d1.totalCount]).toEqual([['s5', 's3', 's2'], true, 4]);
    const d2 = await list({ first: 3, after: d1.pageInfo.endCursor, ...desc });
    expect([d2.nodes.map((n: any) => KEY_OF.get(n.text)), d2.pageInfo.hasNextPage]).toEqual([['s8'], false]);

    const byId = await list({ first: 5, orderBy: { field: 'ID', direction: 'DESC' } });
    const next = await list({ first: 5, after: byId.pageInfo.endCursor, orderBy: { field: 'ID', direction: 'DESC' } });
    expect(next.nodes.map((n: any) => KEY_OF.get(n.text))).toEqual(['s3', 's2', 's1']);
  });

  it('refuses malformed cursors, pages over 100 and malformed filters with BAD_USER_INPUT', async () => {
    expect(errorOf(await t.gql(LIST, { after: 'garbage' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    // A cursor from another order does not fit this one.
    const idCursor = (await list({ first: 1, orderBy: { field: 'ID' } })).pageInfo.endCursor;
    expect(errorOf(await t.gql(LIST, { after: idCursor })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    expect(errorOf(await t.gql(LIST, { first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    expect(errorOf(await t.gql(LIST, { first: -1 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    expect(errorOf(await t.gql(LIST, { filter: { topic: 'security' } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'filter.topic' }],
    });
    expect(errorOf(await t.gql(LIST, { filter: { speaker: '0' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.speaker' }] });
    expect(errorOf(await t.gql(LIST, { filter: { search: 'x'.repeat(201) } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'filter.search' }],
    });
    expect(errorOf(await t.gql(LIST, { filter: { kind: 'SPEECH' } })).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(await t.gql(LIST, { filter: { from: '2017-13-01' } })).extensions.code).toBe('BAD_USER_INPUT');
  });

  describe("a topic's statements", () => {
    const TOPIC = `query($slug: String!, $first: Int, $after: String, $filter: StatementFilter) {
      topic(slug: $slug) { statements(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } nodes { text } } }
    }`;
    const page = async (slug: string, vars: Record<string, unknown> = {}) => {
      const c = ok(await t.gql(TOPIC, { slug, ...vars })).topic.statements;
      return { ...c, nodes: c.nodes.map((n: any) => KEY_OF.get(n.text)) };
    };

    it('lists statements tagged with the topic or its subtopics, filtered and paged', async () => {
      const p1 = await page('security', { first: 2 });
      expect([p1.nodes, p1.totalCount, p1.pageInfo.hasNextPage]).toEqual([['s7', 's2'], 4, true]);
      const p2 = await page('security', { first: 2, after: p1.pageInfo.endCursor });
      expect([p2.nodes, p2.totalCount, p2.pageInfo.hasNextPage]).toEqual([['s3', 's8'], 4, false]);
      const byA = await page('security', { filter: { speaker: ids.a } });
      expect([byA.nodes, byA.totalCount]).toEqual([['s2', 's3', 's8'], 3]);
      const ct = await page('counterterrorism');
      expect([ct.nodes, ct.totalCount]).toEqual([['s7', 's3'], 2]);
      const none = await page('foreign-policy');
      expect([none.nodes, none.totalCount, none.pageInfo]).toEqual([[], 0, { hasNextPage: false, endCursor: null }]);
      expect(errorOf(await t.gql(TOPIC, { slug: 'security', first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
      expect(errorOf(await t.gql(TOPIC, { slug: 'security', after: 'x' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    });

    it('answers every topic of a list with the same number of SQL statements as one', async () => {
      const q = (filter: string) => t.gql(`{ topics${filter} { slug statements(first: 1) { totalCount pageInfo { hasNextPage } nodes { text briefing { title } } } } }`);
      t.sql.reset();
      const one = ok(await q('(filter: { search: "isis" })')).topics;
      const forOne = t.sql.count;
      t.sql.reset();
      const all = ok(await q('')).topics;
      const forAll = t.sql.count;
      expect(one.map((x: any) => x.slug)).toEqual(['isis']);
      expect(all.map((x: any) => [x.slug, x.statements.totalCount, x.statements.nodes.map((n: any) => KEY_OF.get(n.text)), x.statements.pageInfo.hasNextPage])).toEqual([
        ['security', 4, ['s7'], true],
        ['migration', 1, ['s6'], false],
        ['economy', 2, ['s4'], true],
        ['border', 1, ['s8'], false],
        ['foreign-policy', 0, [], false],
        ['counterterrorism', 2, ['s7'], true],
        ['isis', 1, ['s7'], false],
      ]);
      expect(forAll).toBe(forOne);
    });
  });

  describe("a participant's statements", () => {
    const SPEAKER = `query($id: ID!, $first: Int, $after: String, $filter: StatementFilter, $orderBy: StatementOrder) {
      participant(id: $id) { statements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } nodes { text } } }
    }`;
    const page = async (id: string, vars: Record<string, unknown> = {}) => {
      const c = ok(await t.gql(SPEAKER, { id, ...vars })).participant.statements;
      return { ...c, nodes: c.nodes.map((n: any) => KEY_OF.get(n.text)) };
    };

    it('lists what the participant said, filtered and paged', async () => {
      const p1 = await page(ids.a, { first: 3 });
      expect([p1.nodes, p1.totalCount, p1.pageInfo.hasNextPage]).toEqual([['s2', 's3', 's5'], 4, true]);
      const p2 = await page(ids.a, { first: 3, after: p1.pageInfo.endCursor });
      expect([p2.nodes, p2.totalCount, p2.pageInfo.hasNextPage]).toEqual([['s8'], 4, false]);
      expect((await page(ids.a, { filter: { topic: ids.economy } })).nodes).toEqual(['s5']);
      expect((await page(ids.a, { orderBy: { field: 'ID', direction: 'DESC' }, first: 2 })).nodes).toEqual(['s8', 's5']);
      expect((await page(ids.b)).nodes).toEqual(['s6', 's7']);
      const silent = await addParticipant('Silent One', ParticipantRole.OTHER);
      expect(await page(silent)).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] });
    });

    it('batches the pages of a list of participants: as many SQL statements for four as for two', async () => {
      const q = (filter: string) =>
        t.gql(`{ participants(first: 10${filter}) { nodes { name statements(first: 1) { totalCount nodes { text } } } } }`);
      t.sql.reset();
      const officials = ok(await q(', filter: { role: OFFICIAL }')).participants.nodes;
      const forTwo = t.sql.count;
      t.sql.reset();
      const everyone = ok(await q('')).participants.nodes;
      const forFour = t.sql.count;
      expect(officials.map((p: any) => p.name).sort()).toEqual(['Official A', 'Official B']);
      const summary = Object.fromEntries(everyone.map((p: any) => [p.name, [p.statements.totalCount, p.statements.nodes.map((n: any) => KEY_OF.get(n.text))]]));
      expect(summary).toEqual({
        'Official A': [4, ['s2']],
        'Official B': [2, ['s6']],
        'Journalist J': [1, ['s4']],
        'Silent One': [0, []],
      });
      expect(forFour).toBe(forTwo);
    });
  });
});
