import { Briefing } from '../../src/briefings/briefing.entity';
import { Organization, OrganizationKind } from '../../src/organizations/organization.entity';
import { Participant, ParticipantRole } from '../../src/participants/participant.entity';
import { Statement, StatementKind } from '../../src/statements/statement.entity';
import { countRows, createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const S1 = 'On security, the Department of Homeland Security will undergo a review and provide that information back to the President.';
const S2 = 'We expect to address trade and investment, and we will meet again in the spring.';
const S3 = 'The two presidents agreed that their teams will keep working on security cooperation.';
const DHS_QUOTE = 'the Department of Homeland Security will undergo a review and provide that information back to the President';
const TEAMS_QUOTE = 'their teams will keep working on security cooperation';
const MEET_QUOTE = 'we will meet again in the spring';

const FIELDS = `id title text kind status dueDate dueDatePrecision version createdBy complianceScore overdue
  topics { slug } parties { id status country { code } } sources { quote statement { id } }`;
const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, input: $input) { ${FIELDS} updatedAt } }`;
const LIST = `query($first: Int, $after: String, $filter: CommitmentFilter, $orderBy: CommitmentOrder) {
  commitments(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } totalCount } }`;

/** The commitment tables a failed mutation must leave untouched. */
const TABLES = ['commitment', 'commitment_topic', 'commitment_party', 'commitment_event', 'source_span'];

describe('Commitments (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const topic: Record<string, string> = {};
  const span = (statement: string, text: string, quote: string) => ({ statementId: ids[statement], start: text.indexOf(quote), end: text.indexOf(quote) + quote.length, quote });
  const counts = async () => Promise.all(TABLES.map((table) => countRows(t.dataSource, table)));
  const list = async (variables: Record<string, unknown>) => ok(await t.gql(LIST, variables)).commitments;
  const listIds = async (filter: Record<string, unknown>, orderBy?: Record<string, unknown>) =>
    (await list({ first: 100, filter, orderBy })).nodes.map((n: { id: string }) => n.id);
  const create = async (input: Record<string, unknown>, headers: Record<string, string> = {}) => ok(await t.gql(CREATE, { input }, headers)).createCommitment;

  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date();
    const orgs = t.dataSource.getRepository(Organization);
    const dhs = await orgs.save({ name: 'Department of Homeland Security', acronym: 'DHS', kind: OrganizationKind.GOVERNMENT, countryCode: 'US', createdAt: now, updatedAt: now });
    const sre = await orgs.save({ name: 'Secretaria de Relaciones Exteriores', acronym: 'SRE', kind: OrganizationKind.GOVERNMENT, countryCode: 'MX', createdAt: now, updatedAt: now });
    const official = await t.dataSource.getRepository(Participant).save({
      name: 'Senior Administration Official One',
      role: ParticipantRole.OFFICIAL,
      anonymous: true,
      aliases: [],
      honorific: null,
      post: null,
      organizationId: null,
      countryCode: 'US',
      attribution: null,
      createdAt: now,
      updatedAt: now,
    });
    const briefings = t.dataSource.getRepository(Briefing);
    const base = { kind: null, location: null, medium: null, sourceUrl: null, startTime: null, endTime: null, dialogueId: 1, createdBy: 'seed', createdAt: now };
    const a = await briefings.save({ ...base, title: 'Background briefing', date: '2017-02-21', text: `${S1}\n\n${S2}`, textSha256: 'a'.repeat(64) });
    const b = await briefings.save({ ...base, title: 'Readout of the call', date: '2017-01-27', text: S3, textSha256: 'b'.repeat(64) });
    const statements = t.dataSource.getRepository(Statement);
    const statement = (briefingId: number, turnIndex: number, text: string) =>
      statements.save({ briefingId, speakerId: official.id, speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE', turnIndex, paragraphIndex: 0, kind: StatementKind.REMARK, text, textStart: null, textEnd: null });
    Object.assign(ids, {
      dhs: String(dhs.id),
      sre: String(sre.id),
      official: String(official.id),
      briefingA: String(a.id),
      briefingB: String(b.id),
      s1: String((await statement(a.id, 0, S1)).id),
      s2: String((await statement(a.id, 1, S2)).id),
      s3: String((await statement(b.id, 0, S3)).id),
      dialogue: String(ok(await t.gql('{ dialogues { id } }')).dialogues[0].id),
    });
    for (const x of ok(await t.gql('{ topics { id slug } }')).topics) topic[x.slug] = x.id;
    topic.counterterrorism = ok(
      await t.gql(`mutation { createTopic(input: { slug: "counterterrorism", title: "Counterterrorism", parentId: "${topic.security}" }) { id } }`),
    ).createTopic.id;
  });
  afterAll(async () => t.close());

  it('creates a commitment: ANNOUNCED, version 1, parties, topics, exact sources, and its first event', async () => {
    const created = await create(
      {
        title: '  DHS review of border security  ',
        text: DHS_QUOTE,
        kind: 'ACTION',
        dueDate: '2017-06-30',
        dialogueId: ids.dialogue,
        topicIds: [topic.counterterrorism, topic.migration],
        parties: [{ organizationId: ids.dhs }, { country: 'mx' }],
        sources: [span('s1', S1, DHS_QUOTE), { ...span('s3', S3, TEAMS_QUOTE), quote: null }],
      },
      await t.as('analyst@example.org'),
    );
    ids.c1 = created.id;
    expect(created).toEqual({
      id: expect.any(String),
      title: 'DHS review of border security',
      text: DHS_QUOTE,
      kind: 'ACTION',
      status: 'ANNOUNCED',
      dueDate: '2017-06-30',
      dueDatePrecision: 'DAY',
      version: 1,
      createdBy: 'analyst@example.org',
      complianceScore: null,
      overdue: true,
      topics: [{ slug: 'migration' }, { slug: 'counterterrorism' }],
      parties: [
        { id: expect.any(String), status: 'ANNOUNCED', country: null },
        { id: expect.any(String), status: 'ANNOUNCED', country: { code: 'MX' } },
      ],
      sources: [
        { quote: DHS_QUOTE, statement: { id: ids.s1 } },
        { quote: TEAMS_QUOTE, statement: { id: ids.s3 } },
      ],
    });
    const read = ok(
      await t.gql(`{ commitment(id: "${created.id}") {
        parties { organization { name } }
        history { fromStatus toStatus validFrom actor note party { id } evidence { url statement { id } meetingOutcome { id } } }
        before: statusAt(date: "2017-01-26") first: statusAt(date: "2017-01-27") later: statusAt(date: "2030-01-01") } }`),
    ).commitment;
    // The event became true on the date of the earliest quoted briefing (the 27 January call), with that statement as evidence.
    expect(read).toEqual({
      parties: [{ organization: { name: 'Department of Homeland Security' } }, { organization: null }],
      history: [
        { fromStatus: null, toStatus: 'ANNOUNCED', validFrom: '2017-01-27', actor: 'analyst@example.org', note: null, party: null, evidence: { url: null, statement: { id: ids.s3 }, meetingOutcome: null } },
      ],
      before: null,
      first: 'ANNOUNCED',
      later: 'ANNOUNCED',
    });
  });

  it('creates a minimal commitment: no due date (NONE), no sources (event valid from today, no evidence)', async () => {
    const created = await create({ title: 'Work together on regional challenges', text: 'We will work together on regional challenges.', kind: 'GOAL' });
    ids.c2 = created.id;
    expect(created).toMatchObject({ dueDate: null, dueDatePrecision: 'NONE', overdue: false, createdBy: 'test-admin', topics: [], parties: [], sources: [] });
    const { history } = ok(await t.gql(`{ commitment(id: "${created.id}") { history { validFrom evidence { url } } } }`)).commitment;
    expect(history).toEqual([{ validFrom: new Date().toISOString().slice(0, 10), evidence: null }]);
  });

  it('creates more to list: a meeting in the future, a fulfilled directive from the past', async () => {
    ids.c3 = (
      await create({
        title: 'Meet again in the spring',
        text: MEET_QUOTE,
        kind: 'MEETING',
        dueDate: '2999-04-01',
        dueDatePrecision: 'MONTH',
        dialogueId: ids.dialogue,
        topicIds: [topic.economy],
        parties: [{ country: 'US' }, { country: 'MX' }, { country: 'us' }],
        sources: [span('s2', S2, MEET_QUOTE)],
      })
    ).id;
    const c4 = await create({ title: 'Extradite the cartel leader', text: '100% of the request will be processed.', kind: 'DIRECTIVE', dueDate: '2016-12-31', topicIds: [topic.security], parties: [{ organizationId: ids.sre }] });
    ids.c4 = c4.id;
    // Status changes have their own mutation (a later issue); set one directly for the filters.
    await t.dataSource.query(`UPDATE commitment SET status = 'FULFILLED' WHERE id = ${Number(c4.id)}`);
    const { commitment } = ok(await t.gql(`{ commitment(id: "${ids.c3}") { dueDatePrecision parties { country { code name } } } }`));
    expect(commitment).toEqual({ dueDatePrecision: 'MONTH', parties: [{ country: { code: 'US', name: 'United States' } }, { country: { code: 'MX', name: 'Mexico' } }] });
    const fulfilled = ok(await t.gql(`{ commitment(id: "${ids.c4}") { status complianceScore overdue } }`)).commitment;
    expect(fulfilled).toEqual({ status: 'FULFILLED', complianceScore: 1, overdue: false });
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(ok(await t.gql('{ a: commitment(id: "999999") { id } b: commitment(id: "nope") { id } }'))).toEqual({ a: null, b: null });
  });

  it('refuses bad input with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
    const before = await counts();
    const blank = errorOf(await t.gql(CREATE, { input: { title: '   ', text: '', kind: 'ACTION' } }));
    expect(blank.extensions.code).toBe('BAD_USER_INPUT');
    expect(blank.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.text', 'input.title']);

    const cases: [Record<string, unknown>, string][] = [
      [{ parties: [{ organizationId: ids.dhs, country: 'US' }] }, 'input.parties.0'],
      [{ parties: [{ country: 'US' }, {}] }, 'input.parties.1'],
      [{ parties: [{ country: 'USA' }] }, 'input.parties.0.country'],
      [{ dueDate: '2017-03-01', dueDatePrecision: 'NONE' }, 'input.dueDatePrecision'],
      [{ dueDatePrecision: 'MONTH' }, 'input.dueDatePrecision'],
      [{ topicIds: ['x'] }, 'input.topicIds.0'],
      [{ sources: [{ ...span('s1', S1, DHS_QUOTE), quote: 'something else' }] }, 'input.sources.0.quote'],
      [{ sources: [{ statementId: ids.s1, start: 0, end: S1.length + 1 }] }, 'input.sources.0.end'],
      [{ sources: [{ statementId: ids.s1, start: -1, end: 3 }] }, 'input.sources.0.start'],
    ];
    for (const [extra, path] of cases) {
      const err = errorOf(await t.gql(CREATE, { input: { title: 'T', text: 'x', kind: 'ACTION', ...extra } }));
      expect([path, err.extensions.code, err.extensions.fields!.map((f) => f.path)]).toEqual([path, 'BAD_USER_INPUT', [path]]);
    }
    expect(await counts()).toEqual(before);
  });

  it('answers NOT_FOUND with the input path for unknown topics, organisations, countries, statements and dialogues', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ topicIds: [topic.security, '424242'] }, 'input.topicIds.1'],
      [{ parties: [{ country: 'MX' }, { organizationId: '424242' }] }, 'input.parties.1.organizationId'],
      [{ parties: [{ country: 'ZZ' }] }, 'input.parties.0.country'],
      [{ sources: [span('s1', S1, DHS_QUOTE), { statementId: '424242', start: 0, end: 1 }] }, 'input.sources.1.statementId'],
      [{ dialogueId: '424242' }, 'input.dialogueId'],
    ];
    for (const [extra, path] of cases) {
      const err = errorOf(await t.gql(CREATE, { input: { title: 'T', text: 'x', kind: 'ACTION', topicIds: [topic.security], ...extra } }));
      expect(err.extensions).toMatchObject({ code: 'NOT_FOUND', path });
    }
    // The spans are checked after the commitment, its topics and parties are written: all of it rolls back.
    expect(await counts()).toEqual(before);
  });

  it('lists with each filter', async () => {
    const { c1, c2, c3, c4 } = ids;
    expect(await listIds({})).toEqual([c1, c2, c3, c4]);
    expect(await listIds({ status: ['FULFILLED'] })).toEqual([c4]);
    expect(await listIds({ status: ['ANNOUNCED', 'FULFILLED'] })).toEqual([c1, c2, c3, c4]);
    expect(await listIds({ topic: topic.security })).toEqual([c1, c4]); // c1 through the counterterrorism subtopic
    expect(await listIds({ topic: topic.counterterrorism })).toEqual([c1]);
    expect(await listIds({ topic: '424242' })).toEqual([]);
    expect(await listIds({ party: ids.dhs })).toEqual([c1]);
    expect(await listIds({ party: 'US' })).toEqual([c1, c3]); // DHS is a US body; c3 binds the US itself
    expect(await listIds({ party: 'mx' })).toEqual([c1, c3, c4]);
    expect(await listIds({ kind: ['MEETING'] })).toEqual([c3]);
    expect(await listIds({ kind: ['MEETING', 'GOAL'] })).toEqual([c2, c3]);
    expect(await listIds({ overdue: true })).toEqual([c1]);
    expect(await listIds({ overdue: false })).toEqual([c2, c3, c4]);
    expect(await listIds({ dueBefore: '2017-01-01' })).toEqual([c4]);
    expect(await listIds({ dueBefore: '2017-07-01' })).toEqual([c1, c4]);
    expect(await listIds({ search: 'HOMELAND' })).toEqual([c1]);
    expect(await listIds({ search: 'spring' })).toEqual([c3]);
    expect(await listIds({ search: '100%' })).toEqual([c4]);
    expect(await listIds({ search: '0%' })).toEqual([]); // full-text matches words, not substrings
    expect(await listIds({ search: 'x%y' })).toEqual([]);
    expect(await listIds({ dialogue: ids.dialogue })).toEqual([c1, c3]);
    expect(await listIds({ briefing: ids.briefingA })).toEqual([c1, c3]);
    expect(await listIds({ briefing: ids.briefingB })).toEqual([c1]);
    expect(await listIds({ party: 'MX', topic: topic.security, overdue: false })).toEqual([c4]);
  });

  it('refuses malformed filters with BAD_USER_INPUT on the filter path', async () => {
    for (const [filter, path] of [
      [{ topic: 'abc' }, 'filter.topic'],
      [{ party: 'USA' }, 'filter.party'],
      [{ dialogue: '-1' }, 'filter.dialogue'],
      [{ briefing: 'b' }, 'filter.briefing'],
      [{ search: 'x'.repeat(201) }, 'filter.search'],
    ] as const) {
      const err = errorOf(await t.gql(LIST, { filter }));
      expect([err.extensions.code, err.extensions.fields]).toEqual(['BAD_USER_INPUT', [{ path, message: expect.any(String) }]]);
    }
  });

  it('paginates: first/after, hasNextPage, totalCount, the exact last page, an empty list', async () => {
    const page1 = await list({ first: 2 });
    expect(page1.nodes.map((n: { id: string }) => n.id)).toEqual([ids.c1, ids.c2]);
    expect(page1.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.c1, ids.c2]);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: page1.edges[1].cursor });
    expect(page1.totalCount).toBe(4);
    const page2 = await list({ first: 2, after: page1.pageInfo.endCursor });
    expect(page2.nodes.map((n: { id: string }) => n.id)).toEqual([ids.c3, ids.c4]);
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(page2.totalCount).toBe(4);
    const page3 = await list({ first: 2, after: page2.pageInfo.endCursor });
    expect(page3).toEqual({ nodes: [], edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, endCursor: null }, totalCount: 4 });
    const none = await list({ filter: { search: 'nothing like this' } });
    expect(none).toEqual({ nodes: [], edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null }, totalCount: 0 });
  });

  it('refuses a malformed cursor and a page above 100 with BAD_USER_INPUT', async () => {
    expect(errorOf(await t.gql(LIST, { after: 'garbage' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    expect(errorOf(await t.gql(LIST, { first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
  });

  it('orders by id, due date (no date last, both ways) and last update, and pages through each order', async () => {
    const { c1, c2, c3, c4 } = ids;
    const walk = async (orderBy: Record<string, unknown>, filter: Record<string, unknown> = {}) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: any = await list({ first: 1, after, orderBy, filter });
        seen.push(...page.nodes.map((n: { id: string }) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      return seen;
    };
    expect(await listIds({}, { field: 'ID', direction: 'DESC' })).toEqual([c4, c3, c2, c1]);
    expect(await walk({ field: 'ID', direction: 'DESC' })).toEqual([c4, c3, c2, c1]);
    expect(await listIds({}, { field: 'DUE_DATE' })).toEqual([c4, c1, c3, c2]);
    expect(await walk({ field: 'DUE_DATE' })).toEqual([c4, c1, c3, c2]);
    expect(await walk({ field: 'DUE_DATE', direction: 'DESC' })).toEqual([c3, c1, c4, c2]);
    // Touch c2, then c1: the most recently updated come first.
    await t.gql(UPDATE, { id: c2, input: { text: 'We will work together on regional and global challenges.' } });
    await t.gql(UPDATE, { id: c1, input: {} });
    expect(await walk({ field: 'UPDATED', direction: 'DESC' })).toEqual([c1, c2, c4, c3]);
    expect(await walk({ field: 'UPDATED', direction: 'ASC' })).toEqual([c3, c4, c2, c1]);
    expect(await walk({ field: 'DUE_DATE' }, { party: 'MX' })).toEqual([c4, c1, c3]);
    // Filters that need a due date order on the bare column (no NULL to place): same order, same paging.
    expect(await walk({ field: 'DUE_DATE' }, { dueBefore: '3000-01-01' })).toEqual([c4, c1, c3]);
    expect(await walk({ field: 'DUE_DATE', direction: 'DESC' }, { dueBefore: '3000-01-01' })).toEqual([c3, c1, c4]);
    expect(await walk({ field: 'DUE_DATE', direction: 'DESC' }, { overdue: true })).toEqual([c1]);
    // ...so the due_date index gives the order: no sort of every overdue commitment for one page.
    t.sql.reset();
    t.sql.recording = true;
    await list({ first: 2, orderBy: { field: 'DUE_DATE' }, filter: { overdue: true } });
    t.sql.recording = false;
    const [page] = t.sql.recorded.filter((q) => /"commitment" "c"/.test(q));
    // The id by column or by its select alias (a page that reads only some columns names it so).
    expect(page).toMatch(/ORDER BY "c"."due_date" ASC, ("c"."id"|"c_id") ASC/);
    if (!isPostgresRun()) {
      const plan = await t.dataSource.query(`EXPLAIN QUERY PLAN ${page}`, Array.from(page.matchAll(/\?/g), () => null));
      expect(plan.map((r: { detail: string }) => r.detail).join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });

  it("pages by due date exactly like one sort with undated last, whatever the page size, 9999-12-31 (the undated ones' stand-in) included", async () => {
    // Dated and undated commitments are read apart and merged: every page size, both ways, against the order computed here.
    const due = ['2017-03-01', null, '2017-03-01', '9999-12-31', null, '1950-06-30', '2018-01-01', null, '9999-12-31'];
    const made: string[] = [];
    for (const [i, dueDate] of due.entries()) made.push(ok(await t.gql(CREATE, { input: { title: `Due ${i}`, text: 'Will be done.', kind: 'ACTION', dueDate } })).createCommitment.id);
    const all = ok(await t.gql('{ commitments(first: 100) { nodes { id dueDate } } }')).commitments.nodes as { id: string; dueDate: string | null }[];
    for (const direction of ['ASC', 'DESC']) {
      const sentinel = direction === 'ASC' ? '9999-12-31' : '0001-01-01';
      const key = (c: { dueDate: string | null }) => c.dueDate ?? sentinel;
      const expected = [...all]
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : Number(a.id) - Number(b.id)) * (direction === 'ASC' ? 1 : -1))
        .map((c) => c.id);
      for (const first of [1, 2, 3, 5, 100]) {
        const seen: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 30; i++) {
          const page: any = await list({ first, after, orderBy: { field: 'DUE_DATE', direction } });
          seen.push(...page.nodes.map((n: { id: string }) => n.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect({ direction, first, seen }).toEqual({ direction, first, seen: expected });
      }
    }
    for (const id of made) ok(await t.gql(`mutation { deleteCommitment(id: "${id}") }`));
  });

  it('updates only the fields given, increments the version, and replaces lists when given', async () => {
    const before = ok(await t.gql(`{ commitment(id: "${ids.c1}") { ${FIELDS} updatedAt } }`)).commitment;
    const titled = ok(await t.gql(UPDATE, { id: ids.c1, input: { title: 'DHS review' } })).updateCommitment;
    expect(titled).toEqual({ ...before, title: 'DHS review', version: before.version + 1, updatedAt: expect.any(String) });
    expect(titled.updatedAt >= before.updatedAt).toBe(true);

    // A party that stays keeps its row and status; a dropped one goes; a new one starts ANNOUNCED.
    const [dhsParty] = before.parties;
    await t.dataSource.query(`UPDATE commitment_party SET status = 'IN_PROGRESS' WHERE id = ${Number(dhsParty.id)}`);
    const replaced = ok(
      await t.gql(UPDATE, {
        id: ids.c1,
        input: { topicIds: [topic.counterterrorism, topic.border], parties: [{ country: 'US' }, { organizationId: ids.dhs }], sources: [span('s1', S1, 'Homeland Security')] },
      }),
    ).updateCommitment;
    expect(replaced.topics).toEqual([{ slug: 'border' }, { slug: 'counterterrorism' }]);
    expect(replaced.parties).toEqual([
      { id: dhsParty.id, status: 'IN_PROGRESS', country: null },
      { id: expect.any(String), status: 'ANNOUNCED', country: { code: 'US' } },
    ]);
    expect(replaced.sources).toEqual([{ quote: 'Homeland Security', statement: { id: ids.s1 } }]);
    expect(replaced).toMatchObject({ title: 'DHS review', text: DHS_QUOTE, dueDate: '2017-06-30', version: before.version + 2 });

    // Due dates: a new date alone is exact; a precision alone keeps the date; null clears both.
    const due = async (input: Record<string, unknown>) => {
      const c = ok(await t.gql(UPDATE, { id: ids.c1, input })).updateCommitment;
      return [c.dueDate, c.dueDatePrecision];
    };
    expect(await due({ dueDatePrecision: 'QUARTER' })).toEqual(['2017-06-30', 'QUARTER']);
    expect(await due({ dueDate: '2017-09-30' })).toEqual(['2017-09-30', 'DAY']);
    expect(await due({ dueDate: '2017-12-31', dueDatePrecision: 'YEAR' })).toEqual(['2017-12-31', 'YEAR']);
    expect(await due({ dueDate: null })).toEqual([null, 'NONE']);
    expect(await due({ dueDate: '2017-06-30' })).toEqual(['2017-06-30', 'DAY']);
    // Empty lists clear; the history is not touched by an edit.
    const cleared = ok(await t.gql(UPDATE, { id: ids.c2, input: { topicIds: [], parties: [], sources: [] } })).updateCommitment;
    expect(cleared).toMatchObject({ topics: [], parties: [], sources: [] });
    const { history } = ok(await t.gql(`{ commitment(id: "${ids.c1}") { history { toStatus } } }`)).commitment;
    expect(history).toEqual([{ toStatus: 'ANNOUNCED' }]);
  });

  it('checks expectedVersion inside the update: a stale one is a CONFLICT and changes nothing', async () => {
    const { version } = ok(await t.gql(`{ commitment(id: "${ids.c3}") { version } }`)).commitment;
    const stale = errorOf(await t.gql(UPDATE, { id: ids.c3, input: { title: 'Stale edit', topicIds: [], expectedVersion: version - 1 || 99 } }));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version });
    const after = ok(await t.gql(`{ commitment(id: "${ids.c3}") { title version topics { slug } } }`)).commitment;
    expect(after).toEqual({ title: 'Meet again in the spring', version, topics: [{ slug: 'economy' }] });
    const fresh = ok(await t.gql(UPDATE, { id: ids.c3, input: { title: 'Meet again in spring', expectedVersion: version } })).updateCommitment;
    expect([fresh.title, fresh.version]).toEqual(['Meet again in spring', version + 1]);
    expect(errorOf(await t.gql(UPDATE, { id: ids.c3, input: { title: 'Again', expectedVersion: version } })).extensions.code).toBe('CONFLICT');
  });

  it('refuses bad updates (BAD_USER_INPUT, NOT_FOUND) and a failed one leaves every row as it was', async () => {
    const read = `{ commitment(id: "${ids.c3}") { ${FIELDS} updatedAt } }`;
    const before = ok(await t.gql(read)).commitment;
    const rows = await counts();
    const nullTitle = errorOf(await t.gql(UPDATE, { id: ids.c3, input: { title: null, kind: null } }));
    expect([nullTitle.extensions.code, [...new Set(nullTitle.extensions.fields!.map((f) => f.path))].sort()]).toEqual(['BAD_USER_INPUT', ['input.kind', 'input.title']]);
    expect(errorOf(await t.gql(UPDATE, { id: ids.c3, input: { dueDatePrecision: 'NONE' } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.dueDatePrecision' }],
    });
    expect(errorOf(await t.gql(UPDATE, { id: ids.c3, input: { parties: [{}] } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.parties.0' }] });
    expect(errorOf(await t.gql(UPDATE, { id: '424242', input: { title: 'x' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect(errorOf(await t.gql(UPDATE, { id: 'abc', input: { title: 'x' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'id' }] });
    // Title, version, topics and parties are written before the bad span is found: all of it rolls back.
    const late = errorOf(
      await t.gql(UPDATE, {
        id: ids.c3,
        input: { title: 'Half written', topicIds: [topic.security], parties: [{ country: 'US' }], sources: [{ statementId: '424242', start: 0, end: 1 }] },
      }),
    );
    expect(late.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.sources.0.statementId' });
    expect(ok(await t.gql(read)).commitment).toEqual(before);
    expect(await counts()).toEqual(rows);
  });

  it('shows the history with party events and evidence, and statusAt reads only whole-commitment events', async () => {
    const c4 = Number(ids.c4);
    const [party] = await t.dataSource.query(`SELECT id FROM commitment_party WHERE commitment_id = ${c4}`);
    const insert = (values: string) =>
      t.dataSource.query(
        `INSERT INTO commitment_event (commitment_id, party_id, from_status, to_status, valid_from, recorded_at, actor, note, evidence_statement_id, evidence_url) VALUES ${values}`,
      );
    await insert(`(${c4}, NULL, 'ANNOUNCED', 'IN_PROGRESS', '2016-06-01', '2016-06-02 10:00:00', 'staff', 'Started', ${Number(ids.s2)}, NULL)`);
    await insert(`(${c4}, ${Number(party.id)}, 'ANNOUNCED', 'STALLED', '2016-09-01', '2016-09-01 10:00:00', 'staff', NULL, NULL, 'https://example.org/news')`);
    await insert(`(${c4}, NULL, 'IN_PROGRESS', 'FULFILLED', '2016-12-01', '2016-12-02 10:00:00', 'staff', 'Done', NULL, 'https://example.org/done')`);
    const { commitment } = ok(
      await t.gql(`{ commitment(id: "${ids.c4}") {
        history { fromStatus toStatus validFrom note party { id status } evidence { url statement { id } meetingOutcome { id } } }
        a: statusAt(date: "2016-05-31") b: statusAt(date: "2016-06-01") c: statusAt(date: "2016-10-01") d: statusAt(date: "2016-12-01") } }`),
    );
    const today = new Date().toISOString().slice(0, 10);
    expect(commitment).toEqual({
      history: [
        { fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', validFrom: '2016-06-01', note: 'Started', party: null, evidence: { url: null, statement: { id: ids.s2 }, meetingOutcome: null } },
        { fromStatus: 'ANNOUNCED', toStatus: 'STALLED', validFrom: '2016-09-01', note: null, party: { id: String(party.id), status: 'ANNOUNCED' }, evidence: { url: 'https://example.org/news', statement: null, meetingOutcome: null } },
        { fromStatus: 'IN_PROGRESS', toStatus: 'FULFILLED', validFrom: '2016-12-01', note: 'Done', party: null, evidence: { url: 'https://example.org/done', statement: null, meetingOutcome: null } },
        { fromStatus: null, toStatus: 'ANNOUNCED', validFrom: today, note: null, party: null, evidence: null },
      ],
      a: null,
      b: 'IN_PROGRESS',
      c: 'IN_PROGRESS',
      d: 'FULFILLED',
    });
  });

  it('resolves commitments from statements and from topics, participants and briefings, batched', async () => {
    const { commitment } = ok(
      await t.gql(`{ commitment(id: "${ids.c1}") { sources { statement { commitments { id } } } } }`),
    );
    expect(commitment.sources).toEqual([{ statement: { commitments: [{ id: ids.c1 }] } }]);
    const stmt = ok(await t.gql(`{ commitment(id: "${ids.c3}") { sources { statement { commitments { id } briefing { id commitments { nodes { id } totalCount } } speaker { id commitments(first: 1) { nodes { id } pageInfo { hasNextPage } totalCount } } } } } }`)).commitment;
    expect(stmt.sources[0].statement).toEqual({
      commitments: [{ id: ids.c3 }],
      briefing: { id: ids.briefingA, commitments: { nodes: [{ id: ids.c1 }, { id: ids.c3 }], totalCount: 2 } },
      speaker: { id: ids.official, commitments: { nodes: [{ id: ids.c1 }], pageInfo: { hasNextPage: true }, totalCount: 2 } },
    });

    const query = `{ topics { slug commitments(first: 1, orderBy: { field: ID, direction: DESC }) { nodes { id } pageInfo { hasNextPage endCursor } totalCount } } }`;
    t.sql.reset();
    const { topics } = ok(await t.gql(query));
    const statements = t.sql.count;
    const bySlug = Object.fromEntries(topics.map((x: any) => [x.slug, [x.commitments.nodes.map((n: any) => n.id), x.commitments.pageInfo.hasNextPage, x.commitments.totalCount]]));
    expect(bySlug).toEqual({
      security: [[ids.c4], true, 2],
      migration: [[], false, 0],
      economy: [[ids.c3], false, 1],
      border: [[ids.c1], false, 1],
      'foreign-policy': [[], false, 0],
      counterterrorism: [[ids.c1], false, 1],
    });
    // topics, the pages of all six topics, their nodes, their counts: not one query per topic.
    expect(statements).toBeLessThanOrEqual(4);
    const security = topics.find((x: any) => x.slug === 'security');
    const next = ok(
      await t.gql(`query($after: String) { topic(slug: "security") { commitments(first: 1, after: $after, orderBy: { field: ID, direction: DESC }) { nodes { id } pageInfo { hasNextPage } } } }`, {
        after: security.commitments.pageInfo.endCursor,
      }),
    ).topic;
    expect(next.commitments).toEqual({ nodes: [{ id: ids.c1 }], pageInfo: { hasNextPage: false } });
    const filtered = ok(await t.gql(`{ topic(slug: "security") { commitments(filter: { status: [FULFILLED] }) { nodes { id } totalCount } } }`)).topic;
    expect(filtered.commitments).toEqual({ nodes: [{ id: ids.c4 }], totalCount: 1 });
    expect(errorOf(await t.gql('{ topics { commitments(first: 101) { totalCount } } }')).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(await t.gql('{ topics { commitments(after: "nope") { totalCount } } }')).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('resolves commitments of meetings and meeting outcomes, and outcomes as evidence', async () => {
    const now = new Date().toISOString();
    await t.dataSource.query(`INSERT INTO meeting (title, kind, status, date, location, dialogue_id, created_at, updated_at) VALUES ('Call', 'PHONE_CALL', 'HELD', '2017-01-27', NULL, NULL, '${now}', '${now}')`);
    const [meeting] = await t.dataSource.query(`SELECT id FROM meeting WHERE title = 'Call'`);
    await t.dataSource.query(`INSERT INTO meeting_outcome (meeting_id, summary, decisions, held_on, recorded_at, recorded_by) VALUES (${meeting.id}, 'Agreed', NULL, '2017-01-27', '${now}', 'staff')`);
    const [outcome] = await t.dataSource.query(`SELECT id FROM meeting_outcome WHERE summary = 'Agreed'`);
    await t.dataSource.query(
      `INSERT INTO commitment_meeting (commitment_id, meeting_id, relation, outcome_id) VALUES (${Number(ids.c3)}, ${meeting.id}, 'CREATED', ${outcome.id}), (${Number(ids.c1)}, ${meeting.id}, 'DISCUSSED', NULL)`,
    );
    await t.dataSource.query(
      `INSERT INTO commitment_event (commitment_id, party_id, from_status, to_status, valid_from, recorded_at, actor, evidence_outcome_id) VALUES (${Number(ids.c3)}, NULL, 'ANNOUNCED', 'IN_PROGRESS', '2017-03-01', '${now}', 'staff', ${outcome.id})`,
    );
    const data = ok(
      await t.gql(`{ meeting(id: "${meeting.id}") { commitments { id } outcomes { commitments { id } } } commitment(id: "${ids.c3}") { history { evidence { meetingOutcome { id summary } } } } }`),
    );
    expect(data).toEqual({
      meeting: { commitments: [{ id: ids.c1 }, { id: ids.c3 }], outcomes: [{ commitments: [{ id: ids.c3 }] }] },
      commitment: { history: [{ evidence: { meetingOutcome: null } }, { evidence: { meetingOutcome: { id: String(outcome.id), summary: 'Agreed' } } }] },
    });
  });

  it('deletes a commitment with its topics, parties, history and spans; NOT_FOUND for an unknown id', async () => {
    const [before] = await counts();
    const id = Number(ids.c1);
    expect(ok(await t.gql(`mutation { deleteCommitment(id: "${ids.c1}") }`)).deleteCommitment).toBe(ids.c1);
    expect(ok(await t.gql(`{ commitment(id: "${ids.c1}") { id } }`)).commitment).toBeNull();
    expect(await countRows(t.dataSource, 'commitment')).toBe(before - 1);
    for (const table of ['commitment_topic', 'commitment_party', 'commitment_event', 'source_span', 'commitment_meeting']) {
      const [row] = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE commitment_id = ${id}`);
      expect([table, Number(row.n)]).toEqual([table, 0]);
    }
    expect(errorOf(await t.gql(`mutation { deleteCommitment(id: "${ids.c1}") }`)).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });
});
