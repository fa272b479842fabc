import { Briefing } from '../../src/briefings/briefing.entity';
import { Commitment, CommitmentMeeting } from '../../src/commitments/commitment.entity';
import { CommitmentKind, CommitmentMeetingRelation, CommitmentStatus, DatePrecision } from '../../src/commitments/commitment.enums';
import { MeetingOutcome } from '../../src/meetings/meeting.entity';
import { Statement, StatementKind } from '../../src/statements/statement.entity';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const FIELDS = `id title kind status date location dialogue { title }
  participants { participant { name } side { code } role } topics { slug } sources { start end quote }`;
const CREATE = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { ${FIELDS} } }`;
const SET_STATUS = `mutation($input: SetMeetingStatusInput!) { setMeetingStatus(input: $input) { status date } }`;
const ADD = `mutation($input: AddMeetingParticipantsInput!) { addMeetingParticipants(input: $input) { participants { participant { name } side { code } role } } }`;
const REMOVE = `mutation($input: RemoveMeetingParticipantsInput!) { removeMeetingParticipants(input: $input) { participants { participant { name } } } }`;
const LIST = `query($first: Int, $after: String, $filter: MeetingFilter, $orderBy: MeetingOrder) {
  meetings(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { title }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

describe('Meetings (e2e)', () => {
  let t: TestApp;
  const p: Record<string, string> = {};
  const topic: Record<string, string> = {};
  const m: Record<string, string> = {};
  let dialogueId: string;
  let briefingId: number;
  let statementId: number;
  let commitmentId: number;
  const STATEMENT = 'President Trump and President Pena Nieto spoke on January 27th, and the secretaries will meet in Mexico City.';
  const titles = async (vars: Record<string, unknown>) => ok(await t.gql(LIST, vars)).meetings.nodes.map((n: { title: string }) => n.title);
  const create = async (input: Record<string, unknown>) => ok(await t.gql(CREATE, { input })).createMeeting;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, name, countryCode] of [
      ['trump', 'Donald Trump', 'US'],
      ['pena', 'Enrique Pena Nieto', 'MX'],
      ['tillerson', 'Rex Tillerson', 'US'],
      ['kelly', 'John Kelly', 'US'],
      ['videgaray', 'Luis Videgaray', 'MX'],
    ]) {
      const input = { name, countryCode, role: 'OFFICIAL' };
      p[key] = ok(await t.gql('mutation($input: CreateParticipantInput!) { createParticipant(input: $input) { id } }', { input })).createParticipant.id;
    }
    const data = ok(await t.gql('{ topics { id slug } dialogues { id } }'));
    for (const x of data.topics) topic[x.slug] = x.id;
    dialogueId = data.dialogues[0].id;
    const sub = `mutation { createTopic(input: { slug: "counterterrorism", title: "Counterterrorism", parentId: "${topic.security}" }) { id } }`;
    topic.counterterrorism = ok(await t.gql(sub)).createTopic.id;
    // A briefing and one statement as ingest will store them; this spec is about meetings.
    const b = await t.dataSource.getRepository(Briefing).insert({ title: 'Background briefing', text: STATEMENT, textSha256: 'b'.repeat(64), date: '2017-02-21', createdBy: 'test', createdAt: new Date() });
    briefingId = b.identifiers[0].id;
    const s = await t.dataSource.getRepository(Statement).insert({
      briefingId,
      speakerId: null,
      speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE',
      turnIndex: 0,
      paragraphIndex: 0,
      kind: StatementKind.REMARK,
      text: STATEMENT,
      textStart: 0,
      textEnd: STATEMENT.length,
    });
    statementId = s.identifiers[0].id;
  });
  afterAll(async () => t?.close());

  it('creates a held call with its participants on each side, topics and source', async () => {
    const call = await create({
      title: ' Trump - Pena Nieto phone call ',
      kind: 'PHONE_CALL',
      status: 'HELD',
      date: '2017-01-27',
      dialogueId,
      topicIds: [topic.migration, topic.security],
      participants: [
        { participantId: p.trump, sideCode: 'us', role: 'President' },
        { participantId: p.pena, sideCode: 'MX', role: 'President' },
      ],
      sources: [{ statementId: String(statementId), start: 0, end: 63, quote: STATEMENT.slice(0, 63) }],
    });
    expect(call).toEqual({
      id: expect.any(String),
      title: 'Trump - Pena Nieto phone call',
      kind: 'PHONE_CALL',
      status: 'HELD',
      date: '2017-01-27',
      location: null,
      dialogue: { title: 'United States - Mexico' },
      participants: [
        { participant: { name: 'Donald Trump' }, side: { code: 'US' }, role: 'President' },
        { participant: { name: 'Enrique Pena Nieto' }, side: { code: 'MX' }, role: 'President' },
      ],
      topics: [{ slug: 'security' }, { slug: 'migration' }],
      sources: [{ start: 0, end: 63, quote: 'President Trump and President Pena Nieto spoke on January 27th,' }],
    });
    m.call = call.id;

    const planned = await create({ title: 'Tillerson and Kelly in Mexico City', kind: 'VISIT', date: '2017-02-23', location: 'Mexico City', topicIds: [topic.counterterrorism] });
    expect(planned).toMatchObject({ status: 'PLANNED', dialogue: null, participants: [], topics: [{ slug: 'counterterrorism' }], sources: [] });
    m.visit = planned.id;
    m.undated = (await create({ title: 'Follow-up on energy', kind: 'VIDEO_CALL', topicIds: [topic.economy] })).id;
    m.cancelled = (await create({ title: 'Pena Nieto visit to Washington', kind: 'VISIT', status: 'CANCELLED', date: '2017-01-31', dialogueId })).id;
    expect(ok(await t.gql(`{ meeting(id: "${m.undated}") { title status date createdAt outcomes { id } } }`)).meeting).toEqual({
      title: 'Follow-up on energy',
      status: 'PLANNED',
      date: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      outcomes: [],
    });
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(ok(await t.gql('{ a: meeting(id: "999999") { id } b: meeting(id: "1.5") { id } }'))).toEqual({ a: null, b: null });
  });

  it('lists by date, undated last, and filters by status, kind, topic (with subtopics), participant, dialogue, dates and words', async () => {
    expect(await titles({})).toEqual(['Trump - Pena Nieto phone call', 'Pena Nieto visit to Washington', 'Tillerson and Kelly in Mexico City', 'Follow-up on energy']);
    expect(await titles({ filter: { status: 'PLANNED' } })).toEqual(['Tillerson and Kelly in Mexico City', 'Follow-up on energy']);
    expect(await titles({ filter: { status: ['HELD', 'CANCELLED'] } })).toEqual(['Trump - Pena Nieto phone call', 'Pena Nieto visit to Washington']);
    expect(await titles({ filter: { kind: 'VISIT' } })).toEqual(['Pena Nieto visit to Washington', 'Tillerson and Kelly in Mexico City']);
    expect(await titles({ filter: { topic: topic.security } })).toEqual(['Trump - Pena Nieto phone call', 'Tillerson and Kelly in Mexico City']);
    expect(await titles({ filter: { topic: topic.counterterrorism } })).toEqual(['Tillerson and Kelly in Mexico City']);
    expect(await titles({ filter: { participant: p.pena } })).toEqual(['Trump - Pena Nieto phone call']);
    expect(await titles({ filter: { dialogue: dialogueId } })).toEqual(['Trump - Pena Nieto phone call', 'Pena Nieto visit to Washington']);
    expect(await titles({ filter: { from: '2017-01-28' } })).toEqual(['Pena Nieto visit to Washington', 'Tillerson and Kelly in Mexico City']);
    expect(await titles({ filter: { from: '2017-01-27', to: '2017-01-31' } })).toEqual(['Trump - Pena Nieto phone call', 'Pena Nieto visit to Washington']);
    expect(await titles({ filter: { search: 'MEXICO CITY' } })).toEqual(['Tillerson and Kelly in Mexico City']);
    expect(await titles({ filter: { search: 'pena', status: 'HELD' } })).toEqual(['Trump - Pena Nieto phone call']);
    expect(ok(await t.gql(LIST, { filter: { participant: p.kelly } })).meetings).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 });
    expect(await titles({ filter: { topic: '999999' } })).toEqual([]);
  });

  it('orders by date either way, by title, or by creation', async () => {
    expect(await titles({ orderBy: { direction: 'DESC' } })).toEqual(['Follow-up on energy', 'Tillerson and Kelly in Mexico City', 'Pena Nieto visit to Washington', 'Trump - Pena Nieto phone call']);
    expect(await titles({ orderBy: { field: 'TITLE' } })).toEqual(['Follow-up on energy', 'Pena Nieto visit to Washington', 'Tillerson and Kelly in Mexico City', 'Trump - Pena Nieto phone call']);
    expect(await titles({ orderBy: { field: 'CREATED_AT', direction: 'DESC' }, first: 1 })).toEqual(['Pena Nieto visit to Washington']);
  });

  it('pages across undated meetings with first/after, in both directions', async () => {
    for (const direction of ['ASC', 'DESC']) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 4; page++) {
        const res: any = ok(await t.gql(LIST, { first: 1, after, orderBy: { direction } })).meetings;
        seen.push(...res.nodes.map((n: any) => n.title));
        expect(res.totalCount).toBe(4);
        expect(res.pageInfo.hasNextPage).toBe(page < 3);
        after = res.pageInfo.endCursor;
      }
      expect(seen).toEqual(await titles({ orderBy: { direction } }));
    }
    const page1 = ok(await t.gql(LIST, { first: 3 })).meetings;
    const last = ok(await t.gql(LIST, { first: 3, after: page1.pageInfo.endCursor })).meetings;
    expect(last).toEqual({ nodes: [{ title: 'Follow-up on energy' }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, totalCount: 4 });
    const end = ok(await t.gql(LIST, { after: last.pageInfo.endCursor })).meetings;
    expect(end).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 4 });
  });

  it('refuses a malformed cursor, a page over 100 and malformed filters', async () => {
    expect(errorOf(await t.gql(LIST, { after: 'zzz' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    expect(errorOf(await t.gql(LIST, { first: 101 })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    expect(errorOf(await t.gql(LIST, { filter: { topic: 'security' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.topic' }] });
    expect(errorOf(await t.gql(LIST, { filter: { from: '2017-02-30' } })).extensions.code).toBe('BAD_USER_INPUT');
  });

  it("pages a participant's and a topic's meetings, batched whatever the number of parents", async () => {
    await t.gql(ADD, { input: { meetingId: m.visit, participants: [{ participantId: p.tillerson, sideCode: 'US' }, { participantId: p.pena }] } });
    const query = `query($id: ID!, $after: String) { participant(id: $id) { meetings(first: 1, after: $after) { nodes { title } pageInfo { hasNextPage endCursor } totalCount } } }`;
    const first = ok(await t.gql(query, { id: p.pena })).participant.meetings;
    expect(first).toEqual({ nodes: [{ title: 'Trump - Pena Nieto phone call' }], pageInfo: { hasNextPage: true, endCursor: expect.any(String) }, totalCount: 2 });
    const none = ok(await t.gql(query.replace('first: 1', 'first: 0'), { id: p.pena })).participant.meetings;
    expect(none).toEqual({ nodes: [], pageInfo: { hasNextPage: true, endCursor: null }, totalCount: 2 });
    const second = ok(await t.gql(query, { id: p.pena, after: first.pageInfo.endCursor })).participant.meetings;
    expect(second).toEqual({ nodes: [{ title: 'Tillerson and Kelly in Mexico City' }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, totalCount: 2 });

    const topics = `query($search: String) { topics(filter: { search: $search }) { slug meetings(first: 1, filter: { status: [HELD, PLANNED] }) {
      nodes { title dialogue { title } participants { participant { name } side { code } } topics { slug } } pageInfo { hasNextPage } totalCount } } }`;
    t.sql.reset();
    const one = ok(await t.gql(topics, { search: 'Migration' })).topics;
    const forOne = t.sql.count;
    t.sql.reset();
    const all = ok(await t.gql(topics, {})).topics;
    expect(t.sql.count).toBe(forOne);
    expect(one).toEqual([
      { slug: 'migration', meetings: { nodes: [expect.objectContaining({ title: 'Trump - Pena Nieto phone call' })], pageInfo: { hasNextPage: false }, totalCount: 1 } },
    ]);
    const bySlug = Object.fromEntries(all.map((x: any) => [x.slug, [x.meetings.nodes.map((n: any) => n.title), x.meetings.pageInfo.hasNextPage, x.meetings.totalCount]]));
    expect(bySlug).toEqual({
      security: [['Trump - Pena Nieto phone call'], true, 2],
      migration: [['Trump - Pena Nieto phone call'], false, 1],
      economy: [['Follow-up on energy'], false, 1],
      border: [[], false, 0],
      'foreign-policy': [[], false, 0],
      counterterrorism: [['Tillerson and Kelly in Mexico City'], false, 1],
    });
    expect(all[0].meetings.nodes[0]).toEqual({
      title: 'Trump - Pena Nieto phone call',
      dialogue: { title: 'United States - Mexico' },
      participants: [
        { participant: { name: 'Donald Trump' }, side: { code: 'US' } },
        { participant: { name: 'Enrique Pena Nieto' }, side: { code: 'MX' } },
      ],
      topics: [{ slug: 'security' }, { slug: 'migration' }],
    });
  });

  it('lists the meetings a briefing speaks of and those a commitment is tied to', async () => {
    expect(ok(await t.gql(`{ briefing(id: "${briefingId}") { meetings { title } } }`)).briefing).toEqual({ meetings: [{ title: 'Trump - Pena Nieto phone call' }] });
    const now = new Date();
    const c = await t.dataSource.getRepository(Commitment).insert({
      title: 'DHS review',
      text: 'DHS will undergo a review',
      kind: CommitmentKind.ACTION,
      status: CommitmentStatus.ANNOUNCED,
      dueDate: null,
      dueDatePrecision: DatePrecision.NONE,
      dialogueId: null,
      version: 1,
      createdBy: 'test',
      createdAt: now,
      updatedAt: now,
    });
    commitmentId = c.identifiers[0].id;
    await t.dataSource.getRepository(CommitmentMeeting).insert([
      { commitmentId, meetingId: Number(m.visit), relation: CommitmentMeetingRelation.DISCUSSED, outcomeId: null },
      { commitmentId, meetingId: Number(m.call), relation: CommitmentMeetingRelation.CREATED, outcomeId: null },
    ]);
    expect(ok(await t.gql(`{ commitment(id: "${commitmentId}") { meetings { title } } }`)).commitment).toEqual({
      meetings: [{ title: 'Trump - Pena Nieto phone call' }, { title: 'Tillerson and Kelly in Mexico City' }],
    });
  });

  it('updates only the fields given; lists given replace', async () => {
    const updated = ok(await t.gql(UPDATE, { id: m.visit, input: { location: 'Mexico City, SRE', topicIds: [topic.security, topic.border], dialogueId } })).updateMeeting;
    expect(updated).toEqual({
      id: m.visit,
      title: 'Tillerson and Kelly in Mexico City',
      kind: 'VISIT',
      status: 'PLANNED',
      date: '2017-02-23',
      location: 'Mexico City, SRE',
      dialogue: { title: 'United States - Mexico' },
      participants: [
        { participant: { name: 'Rex Tillerson' }, side: { code: 'US' }, role: null },
        { participant: { name: 'Enrique Pena Nieto' }, side: null, role: null },
      ],
      topics: [{ slug: 'security' }, { slug: 'border' }],
      sources: [],
    });
    const sourced = ok(await t.gql(UPDATE, { id: m.visit, input: { sources: [{ statementId: String(statementId), start: 68, end: 108 }], date: null } })).updateMeeting;
    expect(sourced).toMatchObject({ date: null, location: 'Mexico City, SRE', topics: [{ slug: 'security' }, { slug: 'border' }], sources: [{ start: 68, end: 108, quote: 'the secretaries will meet in Mexico City' }] });
    const err = errorOf(await t.gql(UPDATE, { id: m.visit, input: { title: null } }));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.title' }] });
    const held = errorOf(await t.gql(UPDATE, { id: m.call, input: { date: TOMORROW } }));
    expect(held.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.date' }] });
    expect(errorOf(await t.gql(UPDATE, { id: '424242', input: { title: 'x' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });

  it('moves a meeting through its statuses, refusing moves out of HELD or CANCELLED', async () => {
    const set = async (status: string, date?: string) => ok(await t.gql(SET_STATUS, { input: { id: m.visit, status, date } })).setMeetingStatus;
    expect(await set('POSTPONED')).toEqual({ status: 'POSTPONED', date: null });
    expect(await set('PLANNED', '2017-02-23')).toEqual({ status: 'PLANNED', date: '2017-02-23' });
    expect(await set('PLANNED')).toEqual({ status: 'PLANNED', date: '2017-02-23' });
    const future = errorOf(await t.gql(SET_STATUS, { input: { id: m.visit, status: 'HELD', date: TOMORROW } }));
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.date' }] });
    expect(await set('HELD')).toEqual({ status: 'HELD', date: '2017-02-23' });
    const again = errorOf(await t.gql(SET_STATUS, { input: { id: m.visit, status: 'CANCELLED' } }));
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', status: 'HELD' });
    expect(errorOf(await t.gql(SET_STATUS, { input: { id: m.cancelled, status: 'HELD' } })).extensions.code).toBe('CONFLICT');
    expect(ok(await t.gql(SET_STATUS, { input: { id: m.cancelled, status: 'PLANNED' } })).setMeetingStatus.status).toBe('PLANNED');
    expect(errorOf(await t.gql(SET_STATUS, { input: { id: '424242', status: 'HELD' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.id' });
    expect(errorOf(await t.gql(SET_STATUS, { input: { id: m.visit, status: 'DONE' } })).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('adds and removes participants; one already there is a CONFLICT and nothing is added', async () => {
    const added = ok(await t.gql(ADD, { input: { meetingId: m.call, participants: [{ participantId: p.tillerson, sideCode: 'US', role: 'note taker' }] } }));
    expect(added.addMeetingParticipants.participants.map((x: any) => [x.participant.name, x.side?.code, x.role])).toEqual([
      ['Donald Trump', 'US', 'President'],
      ['Enrique Pena Nieto', 'MX', 'President'],
      ['Rex Tillerson', 'US', 'note taker'],
    ]);
    const seats = await countRows(t.dataSource, 'meeting_participant');
    const twice = errorOf(await t.gql(ADD, { input: { meetingId: m.call, participants: [{ participantId: p.kelly }, { participantId: p.trump }] } }));
    expect(twice.extensions).toMatchObject({ code: 'CONFLICT', path: 'input.participants.1.participantId' });
    const listedTwice = errorOf(await t.gql(ADD, { input: { meetingId: m.call, participants: [{ participantId: p.kelly }, { participantId: p.kelly }] } }));
    expect(listedTwice.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.participants.1.participantId' }] });
    const unknown = errorOf(await t.gql(ADD, { input: { meetingId: m.call, participants: [{ participantId: p.kelly }, { participantId: '424242' }] } }));
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.participants.1.participantId' });
    const side = errorOf(await t.gql(ADD, { input: { meetingId: m.call, participants: [{ participantId: p.kelly, sideCode: 'CA' }] } }));
    expect(side.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.participants.0.sideCode' });
    const role = errorOf(await t.gql(ADD, { input: { meetingId: m.call, participants: [{ participantId: p.kelly, role: 'x'.repeat(101) }] } }));
    expect(role.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.participants.0.role' }] });
    expect(errorOf(await t.gql(ADD, { input: { meetingId: '424242', participants: [{ participantId: p.kelly }] } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.meetingId' });
    expect(await countRows(t.dataSource, 'meeting_participant')).toBe(seats);

    const removed = ok(await t.gql(REMOVE, { input: { meetingId: m.call, participantIds: [p.tillerson] } }));
    expect(removed.removeMeetingParticipants.participants).toEqual([{ participant: { name: 'Donald Trump' } }, { participant: { name: 'Enrique Pena Nieto' } }]);
    const notThere = errorOf(await t.gql(REMOVE, { input: { meetingId: m.call, participantIds: [p.trump, p.kelly] } }));
    expect(notThere.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.participantIds.1' });
    expect(await countRows(t.dataSource, 'meeting_participant')).toBe(seats - 1);
  });

  it('refuses bad input with the fields named, and a failure late in createMeeting writes nothing', async () => {
    const rows = async () => [await countRows(t.dataSource, 'meeting'), await countRows(t.dataSource, 'meeting_topic'), await countRows(t.dataSource, 'meeting_participant'), await countRows(t.dataSource, 'source_span')];
    const before = await rows();
    const err = errorOf(await t.gql(CREATE, { input: { title: ' ', kind: 'VISIT', location: 'x'.repeat(201), participants: [{ participantId: p.kelly, role: 'x'.repeat(101) }] } }));
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.location', 'input.participants.0.role', 'input.title']);
    const base = { title: 'Kelly in Mexico City', kind: 'VISIT', topicIds: [topic.security], participants: [{ participantId: p.kelly, sideCode: 'US' }] };
    const lateParticipant = errorOf(await t.gql(CREATE, { input: { ...base, participants: [...base.participants, { participantId: '424242' }] } }));
    expect(lateParticipant.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.participants.1.participantId' });
    const lateSource = errorOf(await t.gql(CREATE, { input: { ...base, sources: [{ statementId: String(statementId), start: 10, end: 5000 }] } }));
    expect(lateSource.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.sources.0.end' }] });
    const negative = errorOf(await t.gql(CREATE, { input: { ...base, sources: [{ statementId: String(statementId), start: -1, end: 5 }] } }));
    expect(negative.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.sources.0.start' }] });
    const badQuote = errorOf(await t.gql(CREATE, { input: { ...base, sources: [{ statementId: String(statementId), start: 0, end: 9, quote: 'President Trump' }] } }));
    expect(badQuote.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.sources.0.quote' }] });
    const topicErr = errorOf(await t.gql(CREATE, { input: { ...base, topicIds: [topic.security, '424242'] } }));
    expect(topicErr.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.topicIds.1' });
    expect(errorOf(await t.gql(CREATE, { input: { ...base, dialogueId: '424242' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.dialogueId' });
    const heldTomorrow = errorOf(await t.gql(CREATE, { input: { ...base, status: 'HELD', date: TOMORROW } }));
    expect(heldTomorrow.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.date' }] });
    expect(errorOf(await t.gql(CREATE, { input: { ...base, date: '2017-13-01' } })).extensions.code).toBe('BAD_USER_INPUT');
    expect(await rows()).toEqual(before);
  });

  it('logs an outcome: the meeting is held, advanced and new commitments are tied to it', async () => {
    const talks = (await create({ title: 'Tillerson - Videgaray talks', kind: 'IN_PERSON', date: '2017-02-23', dialogueId })).id;
    const LOG = `mutation($input: LogMeetingOutcomeInput!) { logMeetingOutcome(input: $input) {
      summary decisions heldOn recordedBy recordedAt meeting { title status date } commitments { title status createdBy } } }`;
    const input = {
      meetingId: talks,
      summary: ' Agreed to work on border security. ',
      decisions: 'A joint review',
      commitmentIds: [String(commitmentId)],
      newCommitments: [{ title: 'Joint border review', text: 'Both sides will review border security together', kind: 'ACTION', topicIds: [topic.border], parties: [{ country: 'MX' }] }],
    };
    const logged = ok(await t.gql(LOG, { input }, await t.as('staff@state'))).logMeetingOutcome;
    expect(logged).toEqual({
      summary: 'Agreed to work on border security.',
      decisions: 'A joint review',
      heldOn: '2017-02-23',
      recordedBy: 'staff@state',
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      meeting: { title: 'Tillerson - Videgaray talks', status: 'HELD', date: '2017-02-23' },
      commitments: [
        { title: 'DHS review', status: 'ANNOUNCED', createdBy: 'test' },
        { title: 'Joint border review', status: 'ANNOUNCED', createdBy: 'staff@state' },
      ],
    });
    expect(ok(await t.gql(`{ commitment(id: "${commitmentId}") { meetings { title } } }`)).commitment.meetings.map((x: any) => x.title)).toEqual([
      'Trump - Pena Nieto phone call',
      'Tillerson and Kelly in Mexico City',
      'Tillerson - Videgaray talks',
    ]);

    const before = [await countRows(t.dataSource, 'meeting_outcome'), await countRows(t.dataSource, 'commitment'), await countRows(t.dataSource, 'commitment_meeting')];
    const planned = (await create({ title: 'Second round', kind: 'IN_PERSON', date: '2017-03-01' })).id;
    const unknown = errorOf(await t.gql(LOG, { input: { meetingId: planned, summary: 'x', commitmentIds: [String(commitmentId), '424242'] } }));
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.commitmentIds.1' });
    const badDraft = errorOf(await t.gql(LOG, { input: { meetingId: planned, summary: 'x', newCommitments: [{ ...input.newCommitments[0], topicIds: ['424242'] }] } }));
    expect(badDraft.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.newCommitments.0.topicIds.0' });
    const blank = errorOf(await t.gql(LOG, { input: { meetingId: planned, summary: ' ', newCommitments: [{ ...input.newCommitments[0], title: '' }] } }));
    expect(blank.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.newCommitments.0.title', 'input.summary']);
    const future = errorOf(await t.gql(LOG, { input: { meetingId: planned, summary: 'x', heldOn: TOMORROW } }));
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.heldOn' }] });
    const called = (await create({ title: 'Called off', kind: 'VISIT', status: 'CANCELLED' })).id;
    expect(errorOf(await t.gql(LOG, { input: { meetingId: called, summary: 'x' } })).extensions).toMatchObject({ code: 'CONFLICT', status: 'CANCELLED' });
    expect(errorOf(await t.gql(LOG, { input: { meetingId: '424242', summary: 'x' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.meetingId' });
    expect(ok(await t.gql(`{ meeting(id: "${planned}") { status outcomes { id } } }`)).meeting).toEqual({ status: 'PLANNED', outcomes: [] });
    expect([await countRows(t.dataSource, 'meeting_outcome'), await countRows(t.dataSource, 'commitment'), await countRows(t.dataSource, 'commitment_meeting')]).toEqual(before);
  });

  it('shows logged outcomes with their meeting, and deletes a meeting only while nothing refers to it', async () => {
    await t.dataSource.getRepository(MeetingOutcome).insert({
      meetingId: Number(m.call),
      summary: 'Agreed to keep talking',
      decisions: null,
      heldOn: '2017-01-27',
      recordedAt: new Date(),
      recordedBy: 'staff',
    });
    const outcomes = ok(await t.gql(`{ meeting(id: "${m.call}") { outcomes { summary heldOn recordedBy meeting { title } } } }`)).meeting.outcomes;
    expect(outcomes).toEqual([{ summary: 'Agreed to keep talking', heldOn: '2017-01-27', recordedBy: 'staff', meeting: { title: 'Trump - Pena Nieto phone call' } }]);
    expect(errorOf(await t.gql(`mutation { deleteMeeting(id: "${m.call}") }`)).extensions.code).toBe('CONFLICT');
    expect(errorOf(await t.gql(`mutation { deleteMeeting(id: "${m.visit}") }`)).extensions.code).toBe('CONFLICT');

    const doomed = await create({ title: 'Doomed', kind: 'OTHER', topicIds: [topic.economy], participants: [{ participantId: p.kelly }], sources: [{ statementId: String(statementId), start: 0, end: 9 }] });
    const before = [await countRows(t.dataSource, 'meeting'), await countRows(t.dataSource, 'meeting_topic'), await countRows(t.dataSource, 'meeting_participant'), await countRows(t.dataSource, 'source_span')];
    expect(ok(await t.gql(`mutation { deleteMeeting(id: "${doomed.id}") }`)).deleteMeeting).toBe(doomed.id);
    expect(ok(await t.gql(`{ meeting(id: "${doomed.id}") { id } }`)).meeting).toBeNull();
    const after = [await countRows(t.dataSource, 'meeting'), await countRows(t.dataSource, 'meeting_topic'), await countRows(t.dataSource, 'meeting_participant'), await countRows(t.dataSource, 'source_span')];
    expect(after).toEqual(before.map((n) => n - 1));
    expect(errorOf(await t.gql(`mutation { deleteMeeting(id: "${doomed.id}") }`)).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
  });
});
