import { PubSubEngine } from 'graphql-subscriptions';
import { Briefing } from '../../src/briefings/briefing.entity';
import { CommitmentMeeting } from '../../src/commitments/commitment.entity';
import { CommitmentMeetingRelation } from '../../src/commitments/commitment.enums';
import { todayIso } from '../../src/commitments/commitment-rules';
import { COMMITMENT_CHANGED } from '../../src/events/domain-events';
import { PUB_SUB } from '../../src/events/pub-sub.provider';
import { Meeting, MeetingKind, MeetingOutcome, MeetingStatus } from '../../src/meetings/meeting.entity';
import { Organization, OrganizationKind } from '../../src/organizations/organization.entity';
import { Statement, StatementKind } from '../../src/statements/statement.entity';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const S1 = 'On security, the Department of Homeland Security will undergo a review and provide that information back to the President.';
const S2 = 'The review was delivered to the President in March.';
const S3 = 'The two nations will work together against transnational criminal organizations.';
const DHS_QUOTE = 'the Department of Homeland Security will undergo a review and provide that information back to the President';
const NATIONS_QUOTE = 'The two nations will work together against transnational criminal organizations';

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id version parties { id } } }`;
const SET_STATUS = `mutation($input: SetCommitmentStatusInput!) {
  setCommitmentStatus(input: $input) { id status version complianceScore overdue parties { id status } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, input: $input) { id status version parties { status } } }`;
const HISTORY = `query($id: ID!) { commitment(id: $id) { history {
  fromStatus toStatus validFrom actor note party { id }
  evidence { url statement { id } meetingOutcome { id summary } } } } }`;
const STATUS_AT = `query($id: ID!, $a: Date!, $b: Date!, $c: Date!) { commitment(id: $id) {
  a: statusAt(date: $a) b: statusAt(date: $b) c: statusAt(date: $c) } }`;
const LIST = `query($filter: CommitmentFilter) { commitments(first: 100, filter: $filter) { nodes { id } totalCount } }`;
const PROGRESS = `query($asOf: Date) { topicProgress(asOf: $asOf) { topic { slug } total byStatus { status count } complianceScore overdue } }`;

/** The tables a refused change must leave as they were. */
const TABLES = ['commitment', 'commitment_party', 'commitment_event'];

describe('Commitment lifecycle (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const topic: Record<string, string> = {};
  let published: { trigger: string; payload: any }[] = [];
  const span = (statement: string, text: string, quote: string) => ({ statementId: ids[statement], start: text.indexOf(quote), end: text.indexOf(quote) + quote.length, quote });
  const counts = async () => [...(await Promise.all(TABLES.map((table) => countRows(t.dataSource, table)))), ...(await t.dataSource.query('SELECT SUM(version) AS v FROM commitment')).map((r: any) => Number(r.v))];
  const setStatus = async (input: Record<string, unknown>, actor = 'desk@state') => ok(await t.gql(SET_STATUS, { input }, await t.as(actor))).setCommitmentStatus;
  const refused = async (input: Record<string, unknown>) => {
    const before = await counts();
    published = [];
    const error = errorOf(await t.gql(SET_STATUS, { input }));
    expect(await counts()).toEqual(before);
    expect(published).toEqual([]);
    return error;
  };
  const history = async (id: string) => ok(await t.gql(HISTORY, { id })).commitment.history;
  const statusAt = async (id: string, a: string, b: string, c: string) => ok(await t.gql(STATUS_AT, { id, a, b, c })).commitment;
  const listIds = async (filter: Record<string, unknown>) => ok(await t.gql(LIST, { filter })).commitments.nodes.map((n: { id: string }) => n.id);
  const security = async (asOf?: string) => {
    const rows = ok(await t.gql(PROGRESS, { asOf })).topicProgress;
    const row = rows.find((r: { topic: { slug: string } }) => r.topic.slug === 'security');
    return { total: row.total, byStatus: Object.fromEntries(row.byStatus.filter((s: { count: number }) => s.count).map((s: { status: string; count: number }) => [s.status, s.count])), complianceScore: row.complianceScore, overdue: row.overdue };
  };

  beforeAll(async () => {
    t = await createTestApp();
    const pubSub = t.app.get<PubSubEngine>(PUB_SUB);
    const publish = pubSub.publish.bind(pubSub);
    jest.spyOn(pubSub, 'publish').mockImplementation(async (trigger: string, payload: any) => {
      published.push({ trigger, payload });
      return publish(trigger, payload);
    });
    const now = new Date();
    const orgs = t.dataSource.getRepository(Organization);
    const dhs = await orgs.save({ name: 'Department of Homeland Security', acronym: 'DHS', kind: OrganizationKind.GOVERNMENT, countryCode: 'US', createdAt: now, updatedAt: now });
    const sre = await orgs.save({ name: 'Secretaria de Relaciones Exteriores', acronym: 'SRE', kind: OrganizationKind.GOVERNMENT, countryCode: 'MX', createdAt: now, updatedAt: now });
    const base = { kind: null, location: null, medium: null, sourceUrl: null, startTime: null, endTime: null, dialogueId: 1, createdBy: 'seed', createdAt: now };
    const briefing = await t.dataSource.getRepository(Briefing).save({ ...base, title: 'Background briefing', date: '2017-02-21', text: `${S1}\n\n${S3}`, textSha256: 'a'.repeat(64) });
    const readout = await t.dataSource.getRepository(Briefing).save({ ...base, title: 'Readout', date: '2017-03-20', text: S2, textSha256: 'b'.repeat(64) });
    const statements = t.dataSource.getRepository(Statement);
    const statement = (briefingId: number, turnIndex: number, text: string) =>
      statements.save({ briefingId, speakerId: null, speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL', turnIndex, paragraphIndex: 0, kind: StatementKind.REMARK, text, textStart: null, textEnd: null });
    const meeting = await t.dataSource.getRepository(Meeting).save({
      title: 'Tillerson and Kelly meet Videgaray',
      kind: MeetingKind.IN_PERSON,
      status: MeetingStatus.HELD,
      date: '2017-02-23',
      location: 'Mexico City',
      dialogueId: 1,
      createdAt: now,
      updatedAt: now,
    });
    const outcome = await t.dataSource.getRepository(MeetingOutcome).save({
      meetingId: meeting.id,
      summary: 'Both sides agreed to share the review.',
      decisions: null,
      heldOn: '2017-02-23',
      recordedAt: now,
      recordedBy: 'staff',
    });
    Object.assign(ids, {
      dhs: String(dhs.id),
      sre: String(sre.id),
      s1: String((await statement(briefing.id, 0, S1)).id),
      s3: String((await statement(briefing.id, 1, S3)).id),
      s2: String((await statement(readout.id, 0, S2)).id),
      meeting: String(meeting.id),
      outcome: String(outcome.id),
    });
    for (const x of ok(await t.gql('{ topics { id slug } }')).topics) topic[x.slug] = x.id;
    topic.counterterrorism = ok(
      await t.gql(`mutation { createTopic(input: { slug: "counterterrorism", title: "Counterterrorism", parentId: "${topic.security}" }) { id } }`),
    ).createTopic.id;

    published = [];
    const review = await t.gql(
      CREATE,
      {
        input: {
          title: 'DHS review of border security',
          text: DHS_QUOTE,
          kind: 'ACTION',
          dueDate: '2017-06-30',
          topicIds: [topic.counterterrorism],
          parties: [{ organizationId: ids.dhs }],
          sources: [span('s1', S1, DHS_QUOTE)],
        },
      },
      await t.as('analyst@state'),
    );
    Object.assign(ids, { review: ok(review).createCommitment.id, dhsParty: ok(review).createCommitment.parties[0].id });
  });
  afterAll(async () => t.close());

  it('creates a commitment with its first event and announces it once committed', async () => {
    expect(await history(ids.review)).toEqual([
      { fromStatus: null, toStatus: 'ANNOUNCED', validFrom: '2017-02-21', actor: 'analyst@state', note: null, party: null, evidence: { url: null, statement: { id: ids.s1 }, meetingOutcome: null } },
    ]);
    const [{ id: eventId }] = (await t.dataSource.query(`SELECT id FROM commitment_event WHERE commitment_id = ${Number(ids.review)}`)) as { id: number }[];
    // topicIds: counterterrorism and its parent, security (a subscriber to either hears of it).
    expect(published).toEqual([
      { trigger: COMMITMENT_CHANGED, payload: { eventId: Number(eventId), commitmentId: Number(ids.review), topicIds: [Number(topic.security), Number(topic.counterterrorism)].sort((a, b) => a - b) } },
    ]);
  });

  it('refuses changes that make no sense, naming the field; a refused change writes and publishes nothing', async () => {
    const review = ids.review;
    expect(await refused({ id: '999999', status: 'IN_PROGRESS' })).toMatchObject({ extensions: { code: 'NOT_FOUND', path: 'input.id' } });
    expect((await refused({ id: 'x', status: 'IN_PROGRESS' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.id' }] });
    expect(await refused({ id: review, status: 'IN_PROGRESS', party: '999999' })).toMatchObject({ extensions: { code: 'NOT_FOUND', path: 'input.party' } });
    expect((await refused({ id: review, status: 'ANNOUNCED' })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.status', message: 'cannot go from ANNOUNCED to ANNOUNCED' }],
    });
    for (const status of ['FULFILLED', 'PARTIALLY_FULFILLED', 'NOT_FULFILLED']) {
      expect((await refused({ id: review, status })).extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.evidence', message: `${status} needs evidence: a statement, a meeting outcome or a url` }],
      });
      expect((await refused({ id: review, status, evidence: {} })).extensions.fields).toEqual([{ path: 'input.evidence', message: expect.stringContaining('needs evidence') }]);
    }
    expect((await refused({ id: review, status: 'FULFILLED', evidence: { url: 'not an address' } })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.evidence.url', message: 'url must be an http or https address' }],
    });
    expect(await refused({ id: review, status: 'FULFILLED', evidence: { statementId: '999999' } })).toMatchObject({
      extensions: { code: 'NOT_FOUND', path: 'input.evidence.statementId' },
    });
    expect(await refused({ id: review, status: 'FULFILLED', evidence: { outcomeId: '999999' } })).toMatchObject({
      extensions: { code: 'NOT_FOUND', path: 'input.evidence.outcomeId' },
    });
    expect((await refused({ id: review, status: 'IN_PROGRESS', validFrom: '2017-02-20' })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.validFrom', message: 'must not be before the last status change (2017-02-21)' }],
    });
    expect((await refused({ id: review, status: 'IN_PROGRESS', validFrom: '2999-01-01' })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.validFrom', message: `must not be after today (${todayIso()})` }],
    });
    expect((await refused({ id: review, status: 'IN_PROGRESS', expectedVersion: 7 })).extensions).toEqual({ code: 'CONFLICT', currentVersion: 1 });
  });

  it('moves a one-party commitment along: a party event and an overall event, each with actor, note and date', async () => {
    published = [];
    expect(await setStatus({ id: ids.review, status: 'IN_PROGRESS', validFrom: '2017-03-01', note: '  DHS has started the review.  ', expectedVersion: 1 })).toEqual({
      id: ids.review,
      status: 'IN_PROGRESS',
      version: 2,
      complianceScore: 0,
      overdue: true, // due 2017-06-30, not done
      parties: [{ id: ids.dhsParty, status: 'IN_PROGRESS' }],
    });
    const added = { fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', validFrom: '2017-03-01', actor: 'desk@state', note: 'DHS has started the review.', evidence: null };
    expect((await history(ids.review)).slice(1)).toEqual([
      { ...added, party: { id: ids.dhsParty } },
      { ...added, party: null },
    ]);
    // One COMMITMENT_CHANGED per event, after the commit, in the order written.
    const eventIds = (await t.dataSource.query(`SELECT id FROM commitment_event WHERE commitment_id = ${Number(ids.review)} ORDER BY id`)).map((r: { id: number }) => Number(r.id));
    expect(published.map((p) => [p.trigger, p.payload.eventId, p.payload.commitmentId])).toEqual([
      [COMMITMENT_CHANGED, eventIds[1], Number(ids.review)],
      [COMMITMENT_CHANGED, eventIds[2], Number(ids.review)],
    ]);
    expect(await listIds({ overdue: true })).toEqual([ids.review]);
  });

  it('answers as of a date from the history: a back-dated event changes earlier answers', async () => {
    // Before: on 1 April it was IN_PROGRESS.
    expect(await statusAt(ids.review, '2017-02-20', '2017-03-10', '2017-04-01')).toEqual({ a: null, b: 'IN_PROGRESS', c: 'IN_PROGRESS' });
    expect(await listIds({ statusAt: { date: '2017-04-01', status: ['FULFILLED'] } })).toEqual([]);
    expect(await listIds({ statusAt: { date: '2017-04-01', status: ['IN_PROGRESS'] } })).toEqual([ids.review]);
    expect(await security('2017-04-01')).toEqual({ total: 1, byStatus: { IN_PROGRESS: 1 }, complianceScore: 0, overdue: 0 });

    // Recorded today, true since 15 March, with evidence.
    const fulfilled = await setStatus({
      id: ids.review,
      party: ids.dhsParty,
      status: 'FULFILLED',
      validFrom: '2017-03-15',
      note: 'Review delivered.',
      evidence: { statementId: ids.s2, url: 'https://www.dhs.gov/review' },
    });
    expect(fulfilled).toMatchObject({ status: 'FULFILLED', version: 3, complianceScore: 1, overdue: false });
    const [partyEvent, overallEvent] = (await history(ids.review)).slice(3);
    const evidence = { url: 'https://www.dhs.gov/review', statement: { id: ids.s2 }, meetingOutcome: null };
    expect(partyEvent).toEqual({ fromStatus: 'IN_PROGRESS', toStatus: 'FULFILLED', validFrom: '2017-03-15', actor: 'desk@state', note: 'Review delivered.', party: { id: ids.dhsParty }, evidence });
    expect(overallEvent).toEqual({ ...partyEvent, party: null });

    // After: 10 March is still IN_PROGRESS; 1 April's answer has changed.
    expect(await statusAt(ids.review, '2017-02-21', '2017-03-10', '2017-04-01')).toEqual({ a: 'ANNOUNCED', b: 'IN_PROGRESS', c: 'FULFILLED' });
    expect(await listIds({ statusAt: { date: '2017-04-01', status: ['FULFILLED'] } })).toEqual([ids.review]);
    expect(await listIds({ statusAt: { date: '2017-03-10', status: ['FULFILLED'] } })).toEqual([]);
    expect(await listIds({ statusAt: { date: '2017-02-20' } })).toEqual([]);
    expect(await listIds({ statusAt: { date: '2017-02-21' } })).toEqual([ids.review]);
    expect(await security('2017-04-01')).toEqual({ total: 1, byStatus: { FULFILLED: 1 }, complianceScore: 1, overdue: 0 });
    expect(await security('2017-03-10')).toEqual({ total: 1, byStatus: { IN_PROGRESS: 1 }, complianceScore: 0, overdue: 0 });
    expect(await security('2017-02-20')).toEqual({ total: 0, byStatus: {}, complianceScore: null, overdue: 0 });
    expect(await listIds({ overdue: true })).toEqual([]);
    // Nothing may now be dated before 15 March.
    expect((await refused({ id: ids.review, status: 'INCONCLUSIVE', validFrom: '2017-03-14' })).extensions.fields).toEqual([
      { path: 'input.validFrom', message: 'must not be before the last status change (2017-03-15)' },
    ]);
  });

  it('keeps verdicts: FULFILLED can only be contested (INCONCLUSIVE, not scored), from where a new verdict needs evidence', async () => {
    expect((await refused({ id: ids.review, status: 'IN_PROGRESS' })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.status', message: 'cannot go from FULFILLED to IN_PROGRESS' }],
    });
    expect((await refused({ id: ids.review, status: 'NOT_FULFILLED', evidence: { url: 'https://example.org' } })).extensions.fields).toEqual([
      { path: 'input.status', message: 'cannot go from FULFILLED to NOT_FULFILLED' },
    ]);
    const contested = await setStatus({ id: ids.review, status: 'INCONCLUSIVE', note: 'The report was never published.', expectedVersion: 3 }, 'analyst@state');
    expect(contested).toMatchObject({ status: 'INCONCLUSIVE', version: 4, complianceScore: null, overdue: true });
    expect((await refused({ id: ids.review, status: 'FULFILLED' })).extensions.fields).toEqual([{ path: 'input.evidence', message: expect.any(String) }]);
    const settled = await setStatus({ id: ids.review, status: 'FULFILLED', evidence: { outcomeId: ids.outcome }, expectedVersion: 4 });
    expect(settled).toMatchObject({ status: 'FULFILLED', version: 5, complianceScore: 1 });
    expect((await history(ids.review)).at(-1)).toMatchObject({
      fromStatus: 'INCONCLUSIVE',
      toStatus: 'FULFILLED',
      validFrom: todayIso(),
      party: null,
      evidence: { url: null, statement: null, meetingOutcome: { id: ids.outcome, summary: 'Both sides agreed to share the review.' } },
    });
  });

  it('derives a two-party commitment status from its parties', async () => {
    const created = ok(
      await t.gql(CREATE, {
        input: { title: 'Joint work against TCOs', text: NATIONS_QUOTE, kind: 'GOAL', topicIds: [topic.security], parties: [{ country: 'US' }, { country: 'MX' }], sources: [span('s3', S3, NATIONS_QUOTE)] },
      }),
    ).createCommitment;
    const [us, mx] = created.parties.map((p: { id: string }) => p.id);
    ids.nations = created.id;
    const step = async (input: Record<string, unknown>) => {
      const c = await setStatus({ id: created.id, ...input });
      return [c.status, c.parties.map((p: { status: string }) => p.status)];
    };
    expect(await step({ party: us, status: 'IN_PROGRESS', validFrom: '2017-03-01' })).toEqual(['IN_PROGRESS', ['IN_PROGRESS', 'ANNOUNCED']]);
    expect(await step({ party: mx, status: 'STALLED', validFrom: '2017-03-05' })).toEqual(['IN_PROGRESS', ['IN_PROGRESS', 'STALLED']]);
    expect(await step({ party: us, status: 'FULFILLED', validFrom: '2017-04-01', evidence: { url: 'https://example.org/us' } })).toEqual([
      'PARTIALLY_FULFILLED',
      ['FULFILLED', 'STALLED'],
    ]);
    // A party cannot repeat its status; "every party" changes those not there yet.
    expect((await refused({ id: created.id, party: us, status: 'FULFILLED', evidence: { url: 'https://example.org' } })).extensions.fields).toEqual([
      { path: 'input.status', message: 'cannot go from FULFILLED to FULFILLED' },
    ]);
    expect(await step({ status: 'FULFILLED', validFrom: '2017-05-01', evidence: { statementId: ids.s3 } })).toEqual(['FULFILLED', ['FULFILLED', 'FULFILLED']]);
    expect((await refused({ id: created.id, status: 'FULFILLED', evidence: { url: 'https://example.org' } })).extensions.fields).toEqual([
      { path: 'input.status', message: 'cannot go from FULFILLED to FULFILLED' },
    ]);
    expect((await history(created.id)).map((e: any) => [e.validFrom, e.party?.id ?? null, e.fromStatus, e.toStatus])).toEqual([
      ['2017-02-21', null, null, 'ANNOUNCED'],
      ['2017-03-01', us, 'ANNOUNCED', 'IN_PROGRESS'],
      ['2017-03-01', null, 'ANNOUNCED', 'IN_PROGRESS'],
      ['2017-03-05', mx, 'ANNOUNCED', 'STALLED'], // the overall status stayed IN_PROGRESS: no overall event
      ['2017-04-01', us, 'IN_PROGRESS', 'FULFILLED'],
      ['2017-04-01', null, 'IN_PROGRESS', 'PARTIALLY_FULFILLED'],
      ['2017-05-01', mx, 'STALLED', 'FULFILLED'],
      ['2017-05-01', null, 'PARTIALLY_FULFILLED', 'FULFILLED'],
    ]);
    expect(await statusAt(created.id, '2017-03-04', '2017-04-15', '2017-05-01')).toEqual({ a: 'IN_PROGRESS', b: 'PARTIALLY_FULFILLED', c: 'FULFILLED' });

    // Editing the parties: one with a history stays (CONFLICT); one joining re-derives the status.
    const before = await counts();
    expect(errorOf(await t.gql(UPDATE, { id: created.id, input: { parties: [{ country: 'US' }] } })).extensions).toEqual({ code: 'CONFLICT', partyId: mx });
    expect(await counts()).toEqual(before);
    const joined = ok(await t.gql(UPDATE, { id: created.id, input: { parties: [{ country: 'US' }, { country: 'MX' }, { organizationId: ids.sre }] } }, await t.as('editor'))).updateCommitment;
    expect(joined).toEqual({ id: created.id, status: 'PARTIALLY_FULFILLED', version: 6, parties: [{ status: 'FULFILLED' }, { status: 'FULFILLED' }, { status: 'ANNOUNCED' }] });
    expect((await history(created.id)).at(-1)).toEqual({
      fromStatus: 'FULFILLED',
      toStatus: 'PARTIALLY_FULFILLED',
      validFrom: todayIso(),
      actor: 'editor',
      note: 'The obligated parties changed.',
      party: null,
      evidence: null,
    });
    // A party that withdraws is set aside: the others' FULFILLED stands.
    const sreParty = (await t.dataSource.query(`SELECT id FROM commitment_party WHERE organization_id = ${Number(ids.sre)}`))[0].id;
    expect(await step({ party: String(sreParty), status: 'WITHDRAWN' })).toEqual(['FULFILLED', ['FULFILLED', 'FULFILLED', 'WITHDRAWN']]);
  });

  it('sets a commitment without parties directly; WITHDRAWN is the end', async () => {
    const { id } = ok(await t.gql(CREATE, { input: { title: 'Meet again in the spring', text: 'We will meet again in the spring.', kind: 'MEETING' } })).createCommitment;
    expect(await setStatus({ id, status: 'WITHDRAWN', note: 'Superseded by the June meeting.' }, 'desk@state')).toMatchObject({ status: 'WITHDRAWN', version: 2, parties: [] });
    expect((await history(id)).map((e: any) => [e.fromStatus, e.toStatus, e.party, e.actor])).toEqual([
      [null, 'ANNOUNCED', null, 'test-admin'],
      ['ANNOUNCED', 'WITHDRAWN', null, 'desk@state'],
    ]);
    for (const status of ['IN_PROGRESS', 'INCONCLUSIVE', 'ANNOUNCED']) {
      expect((await refused({ id, status })).extensions.fields).toEqual([{ path: 'input.status', message: `cannot go from WITHDRAWN to ${status}` }]);
    }
  });

  it('tells the story of a commitment in one timeline, and a meeting tells its commitments apart', async () => {
    await t.dataSource.getRepository(CommitmentMeeting).insert([
      { commitmentId: Number(ids.review), meetingId: Number(ids.meeting), relation: CommitmentMeetingRelation.ADVANCED, outcomeId: Number(ids.outcome) },
      { commitmentId: Number(ids.nations), meetingId: Number(ids.meeting), relation: CommitmentMeetingRelation.DISCUSSED, outcomeId: null },
    ]);
    const { timeline } = ok(
      await t.gql(`{ commitment(id: "${ids.review}") { timeline { date kind statement { id } meeting { id title } outcome { id } event { fromStatus toStatus party { id } } } } }`),
    ).commitment;
    const none = { statement: null, meeting: null, outcome: null, event: null };
    const status = (date: string, fromStatus: string | null, toStatus: string, party: string | null) => ({
      ...none,
      date,
      kind: 'STATUS_CHANGED',
      event: { fromStatus, toStatus, party: party ? { id: party } : null },
    });
    expect(timeline).toEqual([
      { ...none, date: '2017-02-21', kind: 'ANNOUNCED_IN', statement: { id: ids.s1 } },
      status('2017-02-21', null, 'ANNOUNCED', null),
      { ...none, date: '2017-02-23', kind: 'ADVANCED_AT', meeting: { id: ids.meeting, title: 'Tillerson and Kelly meet Videgaray' }, outcome: { id: ids.outcome } },
      status('2017-03-01', 'ANNOUNCED', 'IN_PROGRESS', ids.dhsParty),
      status('2017-03-01', 'ANNOUNCED', 'IN_PROGRESS', null),
      status('2017-03-15', 'IN_PROGRESS', 'FULFILLED', ids.dhsParty),
      status('2017-03-15', 'IN_PROGRESS', 'FULFILLED', null),
      status(todayIso(), 'FULFILLED', 'INCONCLUSIVE', ids.dhsParty),
      status(todayIso(), 'FULFILLED', 'INCONCLUSIVE', null),
      status(todayIso(), 'INCONCLUSIVE', 'FULFILLED', ids.dhsParty),
      status(todayIso(), 'INCONCLUSIVE', 'FULFILLED', null),
    ]);

    const { meeting } = ok(await t.gql(`{ meeting(id: "${ids.meeting}") { commitmentLinks { relation commitment { id title } outcome { id } } } }`));
    expect(meeting.commitmentLinks).toEqual([
      { relation: 'ADVANCED', commitment: { id: ids.review, title: 'DHS review of border security' }, outcome: { id: ids.outcome } },
      { relation: 'DISCUSSED', commitment: { id: ids.nations, title: 'Joint work against TCOs' }, outcome: null },
    ]);
  });

  it("never lets a party's events pass for the commitment's: the database refuses to delete a party with a history", async () => {
    const before = await counts();
    await expect(t.dataSource.query(`DELETE FROM commitment_party WHERE id = ${Number(ids.dhsParty)}`)).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it('reads timelines and statusAt of many commitments with a fixed number of statements', async () => {
    const query = `query($first: Int) { commitments(first: $first) { nodes { id statusAt(date: "2017-04-01")
      timeline { kind statement { id } meeting { id } event { id party { id } } } } } }`;
    const run = async (first: number) => {
      t.sql.reset();
      const { nodes } = ok(await t.gql(query, { first })).commitments;
      return { nodes, statements: t.sql.count };
    };
    const one = await run(1);
    const { nodes, statements } = await run(100);
    expect(one.nodes.length).toBe(1);
    expect(nodes.length).toBe(3);
    expect(nodes.map((n: { statusAt: string }) => n.statusAt)).toEqual(['FULFILLED', 'PARTIALLY_FULFILLED', null]); // the third was first recorded today
    // The page, then one query each: source spans, meeting links, history, statements, parties.
    expect(one.statements).toBe(statements);
    expect(statements).toBe(6);
  });

  it('deletes a commitment with its parties and their whole history', async () => {
    const events = await countRows(t.dataSource, 'commitment_event');
    const own = Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM commitment_event WHERE commitment_id = ${Number(ids.nations)}`))[0].n);
    expect(ok(await t.gql(`mutation { deleteCommitment(id: "${ids.nations}") }`)).deleteCommitment).toBe(ids.nations);
    expect(await countRows(t.dataSource, 'commitment_event')).toBe(events - own);
    expect(Number((await t.dataSource.query(`SELECT COUNT(*) AS n FROM commitment_party WHERE commitment_id = ${Number(ids.nations)}`))[0].n)).toBe(0);
  });
});
