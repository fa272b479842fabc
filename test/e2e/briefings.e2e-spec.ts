import { createHash } from 'node:crypto';
import { Participant, ParticipantRole } from '../../src/participants/participant.entity';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const CREATE = `mutation($input: CreateBriefingInput!) {
  createBriefing(input: $input) {
    id title kind date location medium sourceUrl startTime endTime text textSha256 createdBy
    dialogue { title }
    statements { totalCount nodes { speakerLabel turnIndex paragraphIndex kind text textStart textEnd topics { slug } topicTags { topic { slug } cue } briefing { title } } }
  }
}`;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('Briefings (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  /** Participants are another feature's; the story only needs rows to point at. */
  async function addParticipant(name: string, role: ParticipantRole): Promise<string> {
    const now = new Date();
    const row = await t.dataSource.getRepository(Participant).save({
      name, honorific: null, post: null, organizationId: null, countryCode: null, role,
      anonymous: false, attribution: null, aliases: [], createdAt: now, updatedAt: now,
    });
    return String(row.id);
  }

  const tables = async () => ({
    briefing: await countRows(t.dataSource, 'briefing'),
    statement: await countRows(t.dataSource, 'statement'),
    statement_topic: await countRows(t.dataSource, 'statement_topic'),
  });

  /** A minimal valid input, varied by the caller. */
  const minimal = (overrides: Record<string, unknown> = {}) => ({
    title: 'Press gaggle',
    statements: [{ speakerLabel: 'MR. TONER', text: 'Good afternoon.' }],
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    const topics = ok(await t.gql('{ topics { id slug } dialogues { id } }'));
    for (const topic of topics.topics) ids[topic.slug] = topic.id;
    ids.dialogue = topics.dialogues[0].id;
    ids.official = await addParticipant('Senior Administration Official One', ParticipantRole.OFFICIAL);
    ids.journalist = await addParticipant('Nick Wadhams', ParticipantRole.JOURNALIST);
  });
  afterAll(async () => t.close());

  it('creates a briefing from its statements, building the text, positions, offsets and hash', async () => {
    const input = {
      title: 'Background Briefing on Secretaries Tillerson and Kelly Travel to Mexico',
      kind: 'Background Briefing',
      date: '2017-02-21',
      location: 'Washington, DC',
      medium: 'Via Teleconference',
      sourceUrl: 'https://2017-2021.state.gov/background-briefing-mexico/',
      startTime: '17:01',
      endTime: '17:34',
      dialogueId: ids.dialogue,
      statements: [
        { speakerLabel: 'MODERATOR', kind: 'PROCEDURAL', text: 'Good afternoon, everyone.' },
        {
          speakerId: ids.official,
          speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE',
          text: 'On security, we expect to address ways to stop drug trafficking.',
          topicIds: [ids.security],
        },
        {
          speakerId: ids.official,
          speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE',
          text: 'On migration, the Secretary will discuss repatriation.',
          topicIds: [ids.migration, ids.security, ids.migration],
        },
        { speakerId: ids.journalist, kind: 'QUESTION', text: 'Will they discuss the wall?' },
        { speakerId: ids.official, speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE', kind: 'ANSWER', text: 'Border management is on the agenda.', topicIds: [ids.border] },
      ],
    };
    const text = [
      'MODERATOR: Good afternoon, everyone.',
      'SENIOR ADMINISTRATION OFFICIAL ONE: On security, we expect to address ways to stop drug trafficking.',
      'On migration, the Secretary will discuss repatriation.',
      'NICK WADHAMS: Will they discuss the wall?',
      'SENIOR ADMINISTRATION OFFICIAL ONE: Border management is on the agenda.',
    ].join('\n\n');
    const created = ok(await t.gql(CREATE, { input }, await t.as('analyst@example.org'))).createBriefing;
    ids.first = created.id;
    const at = (s: string) => ({ textStart: text.indexOf(s), textEnd: text.indexOf(s) + s.length });
    const briefing = { title: input.title };
    expect(created).toEqual({
      id: expect.any(String),
      title: input.title,
      kind: 'Background Briefing',
      date: '2017-02-21',
      location: 'Washington, DC',
      medium: 'Via Teleconference',
      sourceUrl: 'https://2017-2021.state.gov/background-briefing-mexico/',
      startTime: '17:01',
      endTime: '17:34',
      text,
      textSha256: sha256(text),
      createdBy: 'analyst@example.org',
      dialogue: { title: 'United States - Mexico' },
      statements: {
        totalCount: 5,
        nodes: [
          { speakerLabel: 'MODERATOR', turnIndex: 0, paragraphIndex: 0, kind: 'PROCEDURAL', text: 'Good afternoon, everyone.', ...at('Good afternoon, everyone.'), topics: [], topicTags: [], briefing },
          {
            speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE', turnIndex: 1, paragraphIndex: 0, kind: 'REMARK',
            text: input.statements[1].text, ...at(input.statements[1].text),
            topics: [{ slug: 'security' }], topicTags: [{ topic: { slug: 'security' }, cue: null }], briefing,
          },
          {
            speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE', turnIndex: 1, paragraphIndex: 1, kind: 'REMARK',
            text: input.statements[2].text, ...at(input.statements[2].text),
            topics: [{ slug: 'security' }, { slug: 'migration' }],
            topicTags: [{ topic: { slug: 'security' }, cue: null }, { topic: { slug: 'migration' }, cue: null }],
            briefing,
          },
          { speakerLabel: 'NICK WADHAMS', turnIndex: 2, paragraphIndex: 0, kind: 'QUESTION', text: 'Will they discuss the wall?', ...at('Will they discuss the wall?'), topics: [], topicTags: [], briefing },
          {
            speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE', turnIndex: 3, paragraphIndex: 0, kind: 'ANSWER',
            text: 'Border management is on the agenda.', ...at('Border management is on the agenda.'),
            topics: [{ slug: 'border' }], topicTags: [{ topic: { slug: 'border' }, cue: null }], briefing,
          },
        ],
      },
    });
    expect(created.statements.nodes[0]).toMatchObject({ textStart: 11, textEnd: 36 });
    for (const s of created.statements.nodes) expect(text.slice(s.textStart, s.textEnd)).toBe(s.text);
  });

  it('creates a briefing from a given text: statements are located in it, in order, with given positions kept', async () => {
    const text = 'THE PRESIDENT GAGGLE\n\nMR. SPICER: We will talk trade.  We will talk trade again.\n\nQUESTION: And migration?\n\n(end)';
    const created = ok(
      await t.gql(
        CREATE,
        {
          input: {
            title: 'Press Gaggle',
            kind: 'Press Gaggle',
            date: '2017-01-27',
            text,
            statements: [
              { speakerLabel: 'MR. SPICER', text: 'We will talk trade.', turnIndex: 3, topicIds: [ids.economy] },
              { speakerLabel: 'MR. SPICER', text: 'We will talk trade again.' },
              { speakerLabel: 'QUESTION', kind: 'QUESTION', text: 'And migration?', turnIndex: 7, paragraphIndex: 2 },
            ],
          },
        },
        await t.as('analyst@example.org'),
      ),
    ).createBriefing;
    ids.second = created.id;
    expect(created.text).toBe(text);
    expect(created.textSha256).toBe(sha256(text));
    expect(created.dialogue).toBeNull();
    expect(created.statements.nodes.map((s: any) => [s.speakerLabel, s.turnIndex, s.paragraphIndex, s.textStart, s.textEnd])).toEqual([
      ['MR. SPICER', 3, 0, 34, 53],
      ['MR. SPICER', 3, 1, 55, 80],
      ['QUESTION', 7, 2, 92, 106],
    ]);
    for (const s of created.statements.nodes) expect(text.slice(s.textStart, s.textEnd)).toBe(s.text);
  });

  it("records the token's name as the actor, and a participant name when no label is given", async () => {
    const created = ok(
      await t.gql(CREATE, { input: { title: 'Readout', statements: [{ speakerId: ids.journalist, text: 'Thank you.' }, { text: '(applause)' }] } }),
    ).createBriefing;
    ids.third = created.id;
    expect(created.createdBy).toBe('test-admin');
    expect(created.text).toBe('NICK WADHAMS: Thank you.\n\n(applause)');
    expect(created.statements.nodes.map((s: any) => [s.speakerLabel, s.turnIndex, s.paragraphIndex, s.kind])).toEqual([
      ['NICK WADHAMS', 0, 0, 'REMARK'],
      [null, 1, 0, 'REMARK'],
    ]);
  });

  it('refuses the same text twice with CONFLICT naming the briefing, and writes nothing', async () => {
    const before = await tables();
    const { text } = ok(await t.gql(`{ briefing(id: "${ids.second}") { text } }`)).briefing;
    const err = errorOf(await t.gql(CREATE, { input: { title: 'Again', text, statements: [{ text: 'And migration?' }] } }));
    expect(err.extensions).toEqual({ code: 'CONFLICT', briefingId: ids.second });
    // A built text that happens to equal a recorded one is the same record too.
    const built = errorOf(await t.gql(CREATE, { input: { title: 'Again', statements: [{ speakerId: ids.journalist, text: 'Thank you.' }, { text: '(applause)' }] } }));
    expect(built.extensions).toEqual({ code: 'CONFLICT', briefingId: ids.third });
    expect(await tables()).toEqual(before);
  });

  it('refuses malformed input with BAD_USER_INPUT naming every offending field, and writes nothing', async () => {
    const before = await tables();
    const err = errorOf(
      await t.gql(CREATE, {
        input: {
          title: '  ',
          sourceUrl: 'not a url',
          startTime: '25:00',
          statements: [{ text: '' }, { text: 'ok', turnIndex: -1, speakerLabel: ' ' }],
        },
      }),
    );
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields!.map((f) => f.path).sort()).toEqual([
      'input.sourceUrl',
      'input.startTime',
      'input.statements.0.text',
      'input.statements.1.speakerLabel',
      'input.statements.1.turnIndex',
      'input.title',
    ]);
    const none = errorOf(await t.gql(CREATE, { input: minimal({ statements: [] }) }));
    expect(none.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.statements' }] });
    const badDate = errorOf(await t.gql(CREATE, { input: minimal({ date: '2017-02-30' }) }));
    expect(badDate.extensions.code).toBe('BAD_USER_INPUT');
    const badId = errorOf(await t.gql(CREATE, { input: minimal({ statements: [{ speakerId: 'x1', text: 'Hi.' }] }) }));
    expect(badId.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.statements.0.speakerId' }] });
    expect(await tables()).toEqual(before);
  });

  it('refuses statements that are not in the given text, or not in order, naming the statement', async () => {
    const before = await tables();
    const missing = errorOf(
      await t.gql(CREATE, { input: minimal({ text: 'A: one. B: two.', statements: [{ text: 'one.' }, { text: 'three.' }] }) }),
    );
    expect(missing.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.statements.1.text', message: 'does not occur in the briefing text after the previous statement' }],
    });
    const swapped = errorOf(await t.gql(CREATE, { input: minimal({ text: 'A: one. B: two.', statements: [{ text: 'two.' }, { text: 'one.' }] }) }));
    expect(swapped.extensions.fields).toEqual([{ path: 'input.statements.1.text', message: 'does not occur in the briefing text after the previous statement' }]);
    const backwards = errorOf(
      await t.gql(CREATE, { input: minimal({ statements: [{ text: 'one.', turnIndex: 2 }, { text: 'two.', turnIndex: 1 }] }) }),
    );
    expect(backwards.extensions.fields).toEqual([{ path: 'input.statements.1.turnIndex', message: 'must come after the previous statement (turn 2, paragraph 0)' }]);
    const samePlace = errorOf(
      await t.gql(CREATE, { input: minimal({ statements: [{ text: 'one.', turnIndex: 1 }, { text: 'two.', turnIndex: 1, paragraphIndex: 0 }] }) }),
    );
    expect(samePlace.extensions.fields).toEqual([{ path: 'input.statements.1.paragraphIndex', message: 'must come after the previous statement (turn 1, paragraph 0)' }]);
    expect(await tables()).toEqual(before);
  });

  it('answers NOT_FOUND with the input path for an unknown speaker, topic or dialogue, and writes nothing', async () => {
    const before = await tables();
    const speaker = errorOf(
      await t.gql(CREATE, { input: minimal({ statements: [{ text: 'one.', speakerId: ids.official }, { text: 'two.', speakerId: '999999' }] }) }),
    );
    expect(speaker.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.statements.1.speakerId' });
    // The third statement's second topic is unknown: none of the three statements nor the briefing is written.
    const topic = errorOf(
      await t.gql(CREATE, {
        input: minimal({
          statements: [
            { text: 'one.', topicIds: [ids.security] },
            { text: 'two.', topicIds: [ids.economy] },
            { text: 'three.', topicIds: [ids.border, '999999'] },
          ],
        }),
      }),
    );
    expect(topic.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.statements.2.topicIds.1' });
    const dialogue = errorOf(await t.gql(CREATE, { input: minimal({ dialogueId: '999999' }) }));
    expect(dialogue.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.dialogueId' });
    expect(await tables()).toEqual(before);
  });

  it('reads one briefing by id, and null for an unknown or malformed id', async () => {
    const data = ok(await t.gql(`{ a: briefing(id: "${ids.first}") { id date } b: briefing(id: "999999") { id } c: briefing(id: "nope") { id } }`));
    expect(data).toEqual({ a: { id: ids.first, date: '2017-02-21' }, b: null, c: null });
  });

  describe('lists', () => {
    const LIST = `query($first: Int, $after: String, $filter: BriefingFilter, $orderBy: BriefingOrder) {
      briefings(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title } } nodes { id }
      }
    }`;
    const list = async (vars: Record<string, unknown>) => ok(await t.gql(LIST, vars)).briefings;
    const idsOf = async (vars: Record<string, unknown>) => (await list(vars)).nodes.map((n: any) => n.id);

    beforeAll(async () => {
      const more = async (title: string, date: string | null, kind: string | null, text: string) =>
        ok(await t.gql(CREATE, { input: { title, date, kind, statements: [{ speakerLabel: 'MR. TONER', text }] } })).createBriefing.id;
      ids.fourth = await more('Department Press Briefing', '2017-03-01', 'Department Press Briefing', 'On the 100% tariff_question: no comment.');
      ids.fifth = await more('Daily Press Briefing', '2016-12-15', 'Department Press Briefing', 'Nothing on Mexico today.');
    });

    it('lists all in id order by default, with totalCount', async () => {
      const page = await list({});
      expect(page.totalCount).toBe(5);
      expect(page.nodes.map((n: any) => n.id)).toEqual([ids.first, ids.second, ids.third, ids.fourth, ids.fifth]);
      expect(page.pageInfo.hasNextPage).toBe(false);
      expect(page.edges.map((e: any) => e.node.id)).toEqual(page.nodes.map((n: any) => n.id));
    });

    it('orders by date either way, undated briefings last', async () => {
      expect(await idsOf({ orderBy: { field: 'DATE', direction: 'ASC' } })).toEqual([ids.fifth, ids.second, ids.first, ids.fourth, ids.third]);
      expect(await idsOf({ orderBy: { field: 'DATE', direction: 'DESC' } })).toEqual([ids.fourth, ids.first, ids.second, ids.fifth, ids.third]);
      expect(await idsOf({ orderBy: { field: 'ID', direction: 'DESC' } })).toEqual([ids.fifth, ids.fourth, ids.third, ids.second, ids.first]);
    });

    it('filters by each field, and by several at once', async () => {
      expect(await idsOf({ filter: { search: 'TILLERSON' } })).toEqual([ids.first]);
      expect(await idsOf({ filter: { search: 'talk trade' } })).toEqual([ids.second]); // words of the text
      expect(await idsOf({ filter: { search: '100%' } })).toEqual([ids.fourth]); // wildcards are literal
      expect(await idsOf({ filter: { search: 'tariff_q' } })).toEqual([ids.fourth]);
      expect(await idsOf({ filter: { search: '_' } })).toEqual([ids.fourth]);
      expect(await idsOf({ filter: { dialogue: ids.dialogue } })).toEqual([ids.first]);
      expect(await idsOf({ filter: { dialogue: '999999' } })).toEqual([]);
      expect(await idsOf({ filter: { from: '2017-01-27' } })).toEqual([ids.first, ids.second, ids.fourth]);
      expect(await idsOf({ filter: { to: '2017-02-21' } })).toEqual([ids.first, ids.second, ids.fifth]);
      expect(await idsOf({ filter: { from: '2017-02-21', to: '2017-02-21' } })).toEqual([ids.first]);
      expect(await idsOf({ filter: { kind: 'department press briefing' } })).toEqual([ids.fourth, ids.fifth]);
      expect(await idsOf({ filter: { kind: 'department press briefing', from: '2017-01-01' } })).toEqual([ids.fourth]);
      expect(await list({ filter: { search: 'no such words' } })).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [], nodes: [] });
    });

    it('pages with first/after to an exact last page, keeping totalCount', async () => {
      const orderBy = { field: 'DATE', direction: 'DESC' };
      const p1 = await list({ first: 2, orderBy });
      expect([p1.nodes.map((n: any) => n.id), p1.pageInfo.hasNextPage, p1.totalCount]).toEqual([[ids.fourth, ids.first], true, 5]);
      expect(p1.pageInfo.endCursor).toBe(p1.edges[1].cursor);
      const p2 = await list({ first: 2, after: p1.pageInfo.endCursor, orderBy });
      expect([p2.nodes.map((n: any) => n.id), p2.pageInfo.hasNextPage, p2.totalCount]).toEqual([[ids.second, ids.fifth], true, 5]);
      const p3 = await list({ first: 1, after: p2.pageInfo.endCursor, orderBy });
      expect([p3.nodes.map((n: any) => n.id), p3.pageInfo.hasNextPage]).toEqual([[ids.third], false]);
      const after = await list({ first: 2, after: p3.pageInfo.endCursor, orderBy });
      expect([after.nodes, after.pageInfo.hasNextPage]).toEqual([[], false]);
      const zero = await list({ first: 0 });
      expect([zero.nodes, zero.totalCount]).toEqual([[], 5]);
    });

    it('refuses a malformed cursor, a page over 100 and a malformed filter id with BAD_USER_INPUT', async () => {
      const cursor = errorOf(await t.gql(LIST, { after: 'not-a-cursor' }));
      expect(cursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
      const big = errorOf(await t.gql(LIST, { first: 101 }));
      expect(big.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
      const dialogue = errorOf(await t.gql(LIST, { filter: { dialogue: 'us-mx' } }));
      expect(dialogue.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.dialogue' }] });
      const search = errorOf(await t.gql(LIST, { filter: { search: 'x'.repeat(201) } }));
      expect(search.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.search' }] });
    });
  });

  describe("a briefing's statements", () => {
    const STATEMENTS = `query($id: ID!, $first: Int, $after: String, $filter: StatementFilter, $orderBy: StatementOrder) {
      briefing(id: $id) { statements(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount pageInfo { hasNextPage endCursor } nodes { turnIndex paragraphIndex kind }
      } }
    }`;
    const page = async (vars: Record<string, unknown>) => ok(await t.gql(STATEMENTS, { id: ids.first, ...vars })).briefing.statements;

    it('lists them in order, filtered within the briefing, page by page', async () => {
      const p1 = await page({ first: 2 });
      expect(p1.nodes.map((n: any) => [n.turnIndex, n.paragraphIndex])).toEqual([[0, 0], [1, 0]]);
      expect([p1.totalCount, p1.pageInfo.hasNextPage]).toEqual([5, true]);
      const p2 = await page({ first: 3, after: p1.pageInfo.endCursor });
      expect(p2.nodes.map((n: any) => [n.turnIndex, n.paragraphIndex])).toEqual([[1, 1], [2, 0], [3, 0]]);
      expect([p2.totalCount, p2.pageInfo.hasNextPage]).toEqual([5, false]);
      const desc = await page({ first: 2, orderBy: { field: 'POSITION', direction: 'DESC' } });
      expect(desc.nodes.map((n: any) => [n.turnIndex, n.paragraphIndex])).toEqual([[3, 0], [2, 0]]);
      const security = await page({ filter: { topic: ids.security } });
      expect([security.totalCount, security.nodes.map((n: any) => [n.turnIndex, n.paragraphIndex])]).toEqual([2, [[1, 0], [1, 1]]]);
      const question = await page({ filter: { kind: 'QUESTION' } });
      expect([question.totalCount, question.nodes]).toEqual([1, [{ turnIndex: 2, paragraphIndex: 0, kind: 'QUESTION' }]]);
      const elsewhere = await page({ filter: { briefing: ids.second } });
      expect([elsewhere.totalCount, elsewhere.nodes, elsewhere.pageInfo.hasNextPage]).toEqual([0, [], false]);
      const big = errorOf(await t.gql(STATEMENTS, { id: ids.first, first: 101 }));
      expect(big.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    });

    it('loads the statements of a whole page of briefings in a constant number of SQL statements', async () => {
      const q = (first: number) =>
        t.gql(`{ briefings(first: ${first}) { nodes { id dialogue { title } statements(first: 2) { totalCount nodes { text briefing { id } topics { slug } } } } } }`);
      t.sql.reset();
      const two = ok(await q(2)).briefings.nodes;
      const forTwo = t.sql.count;
      t.sql.reset();
      const all = ok(await q(5)).briefings.nodes;
      const forAll = t.sql.count;
      expect(two.length).toBe(2);
      expect(all.map((b: any) => b.statements.totalCount)).toEqual([5, 3, 2, 1, 1]);
      expect(all[1].statements.nodes.map((s: any) => s.text)).toEqual(['We will talk trade.', 'We will talk trade again.']);
      expect(all.every((b: any) => b.statements.nodes.every((s: any) => s.briefing.id === b.id))).toBe(true);
      expect(forAll).toBe(forTwo);
    });
  });

  describe('updates', () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateBriefingInput!) {
      updateBriefing(id: $id, input: $input) { title kind date location medium sourceUrl startTime text textSha256 dialogue { id } }
    }`;

    it('changes only the fields given; the text stays the record', async () => {
      const before = ok(await t.gql(`{ briefing(id: "${ids.first}") { title kind date location medium sourceUrl startTime text textSha256 dialogue { id } } }`)).briefing;
      const updated = ok(await t.gql(UPDATE, { id: ids.first, input: { location: 'Mexico City', medium: null } })).updateBriefing;
      expect(updated).toEqual({ ...before, location: 'Mexico City', medium: null });
      const moved = ok(await t.gql(UPDATE, { id: ids.first, input: { title: 'Renamed', date: '2017-02-22', kind: null, dialogueId: null } })).updateBriefing;
      expect(moved).toEqual({ ...before, title: 'Renamed', date: '2017-02-22', kind: null, location: 'Mexico City', medium: null, dialogue: null });
      const back = ok(await t.gql(UPDATE, { id: ids.first, input: { dialogueId: ids.dialogue, date: '2017-02-21' } })).updateBriefing;
      expect(back.dialogue).toEqual({ id: ids.dialogue });
    });

    it('refuses bad input, unknown ids, and fields that are not metadata', async () => {
      const title = errorOf(await t.gql(UPDATE, { id: ids.first, input: { title: null } }));
      expect(title.extensions.code).toBe('BAD_USER_INPUT');
      expect(new Set(title.extensions.fields!.map((f) => f.path))).toEqual(new Set(['input.title']));
      const url = errorOf(await t.gql(UPDATE, { id: ids.first, input: { sourceUrl: 'ftp:/x' } }));
      expect(url.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.sourceUrl' }] });
      const text = errorOf(await t.gql(UPDATE, { id: ids.first, input: { text: 'rewritten' } }));
      expect(text.extensions.code).toBe('BAD_USER_INPUT');
      expect(errorOf(await t.gql(UPDATE, { id: '999999', input: { title: 'x' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
      expect(errorOf(await t.gql(UPDATE, { id: ids.first, input: { dialogueId: '999999' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.dialogueId' });
      expect(ok(await t.gql(`{ briefing(id: "${ids.first}") { title } }`)).briefing.title).toBe('Renamed');
    });
  });

  describe('deletes', () => {
    it('refuses while a source span quotes one of its statements, then deletes it with its statements and tags', async () => {
      const [statement] = await t.dataSource.query(`SELECT id FROM statement WHERE briefing_id = ${Number(ids.first)} ORDER BY turn_index, paragraph_index LIMIT 1`);
      await t.dataSource.query(`INSERT INTO source_span (statement_id, start_offset, end_offset, quote) VALUES (${statement.id}, 0, 4, 'Good')`);
      const before = await tables();
      const err = errorOf(await t.gql(`mutation { deleteBriefing(id: "${ids.first}") }`));
      expect(err.extensions.code).toBe('CONFLICT');
      expect(await tables()).toEqual(before);

      await t.dataSource.query('DELETE FROM source_span');
      expect(ok(await t.gql(`mutation { deleteBriefing(id: "${ids.first}") }`)).deleteBriefing).toBe(ids.first);
      expect(ok(await t.gql(`{ briefing(id: "${ids.first}") { id } }`)).briefing).toBeNull();
      expect(await tables()).toEqual({ briefing: before.briefing - 1, statement: before.statement - 5, statement_topic: before.statement_topic - 4 });
    });

    it('answers NOT_FOUND for an unknown briefing and BAD_USER_INPUT for a malformed id', async () => {
      expect(errorOf(await t.gql('mutation { deleteBriefing(id: "999999") }')).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
      expect(errorOf(await t.gql('mutation { deleteBriefing(id: "abc") }')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'id' }] });
    });
  });
});
