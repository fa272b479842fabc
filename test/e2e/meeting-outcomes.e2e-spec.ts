import { COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const OUTCOME = `id state summary decisions heldOn recordedBy recordedAt editedAt editedBy finalizedAt finalizedBy
  supersedes { id } supersededBy { id } attendees { name } commitments { title }
  meeting { title status date }`;
const LOG = `mutation($input: LogMeetingOutcomeInput!) { logMeetingOutcome(input: $input) { ${OUTCOME} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateMeetingOutcomeInput!) { updateMeetingOutcome(id: $id, input: $input) { ${OUTCOME} } }`;
const FINALIZE = `mutation($id: ID!) { finalizeMeetingOutcome(id: $id) { ${OUTCOME} } }`;
const HISTORY = `query($id: ID!) { commitment(id: $id) { status version
  history { fromStatus toStatus validFrom actor note party { id } evidence { meetingOutcome { id } statement { id } } } } }`;
const CT_TEXT = 'The two nations will deepen counterterrorism cooperation.';
const DHS_TEXT = 'The Department of Homeland Security will review the aid.';
const SPRING_TEXT = 'We will meet again in the spring.';
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const TODAY = new Date().toISOString().slice(0, 10);

/** Every table a failed outcome mutation must leave as it was. */
const TABLES = ['meeting', 'meeting_participant', 'meeting_outcome', 'meeting_outcome_attendee', 'commitment', 'commitment_party', 'commitment_event', 'commitment_meeting', 'commitment_topic'];

describe('Meeting outcomes (e2e)', () => {
  let t: TestApp;
  const p: Record<string, string> = {};
  const c: Record<string, string> = {};
  const topic: Record<string, string> = {};
  let dialogueId: string;
  let talks: string;
  let outcomeId: string;
  /** Messages published on the bus, in order: [trigger, payload]. */
  const published: [string, any][] = [];

  const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (table) => [table, await countRows(t.dataSource, table)])));
  const createMeeting = async (input: Record<string, unknown>) =>
    ok(await t.gql('mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }', { input })).createMeeting.id as string;
  const createCommitment = async (input: Record<string, unknown>) =>
    ok(await t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id parties { id } } }', { input })).createCommitment;
  const history = async (id: string) => ok(await t.gql(HISTORY, { id })).commitment;
  const links = async (meetingId: string) =>
    (await t.dataSource.query(`SELECT commitment_id, relation, outcome_id FROM commitment_meeting WHERE meeting_id = ${Number(meetingId)} ORDER BY commitment_id`)).map(
      (r: any) => [String(r.commitment_id), r.relation, r.outcome_id === null ? null : String(r.outcome_id)],
    );
  /** Events recorded for a commitment after a given event id, as the COMMITMENT_CHANGED payloads they published. */
  const eventIdsOf = async (commitmentId: string, afterId = 0): Promise<number[]> =>
    (await t.dataSource.query(`SELECT id FROM commitment_event WHERE commitment_id = ${Number(commitmentId)} AND id > ${afterId} ORDER BY id`)).map((r: any) => Number(r.id));
  const maxEventId = async () => Number((await t.dataSource.query('SELECT MAX(id) AS n FROM commitment_event'))[0].n ?? 0);
  /** Waits for the bus (Redis delivers asynchronously) and returns what arrived since the last call. */
  const drain = async (expected: number) => {
    for (let waited = 0; published.length < expected && waited < 3000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 60));
    return published.splice(0);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const bus = t.app.get(EventsService).pubSub;
    for (const trigger of [COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED]) await bus.subscribe(trigger, (payload: unknown) => published.push([trigger, payload]), {});

    const data = ok(await t.gql('{ topics { id slug } dialogues { id } }'));
    for (const x of data.topics) topic[x.slug] = x.id;
    dialogueId = data.dialogues[0].id;
    topic.counterterrorism = ok(
      await t.gql(`mutation { createTopic(input: { slug: "counterterrorism", title: "Counterterrorism", parentId: "${topic.security}" }) { id } }`),
    ).createTopic.id;
    for (const [key, name, countryCode] of [
      ['tillerson', 'Rex Tillerson', 'US'],
      ['videgaray', 'Luis Videgaray', 'MX'],
      ['kelly', 'John Kelly', 'US'],
      ['osorio', 'Miguel Angel Osorio Chong', 'MX'],
    ]) {
      const input = { name, countryCode, role: 'OFFICIAL' };
      p[key] = ok(await t.gql('mutation($input: CreateParticipantInput!) { createParticipant(input: $input) { id } }', { input })).createParticipant.id;
    }
    const dhs = ok(
      await t.gql('mutation { createOrganization(input: { name: "Department of Homeland Security", acronym: "DHS", kind: GOVERNMENT, countryCode: "US" }) { id } }'),
    ).createOrganization.id;
    const briefing = ok(
      await t.gql('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { statements(first: 3) { nodes { id } } } }', {
        input: {
          title: 'Background briefing',
          date: '2017-02-21',
          dialogueId,
          statements: [CT_TEXT, DHS_TEXT, SPRING_TEXT].map((text) => ({ speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL', text })),
        },
      }),
    ).createBriefing;
    const [ctStatement, dhsStatement, springStatement] = briefing.statements.nodes.map((n: { id: string }) => n.id);
    const source = (statementId: string, text: string) => [{ statementId, start: 0, end: text.length - 1 }];

    c.ct = (
      await createCommitment({
        title: 'Counterterrorism cooperation',
        text: CT_TEXT,
        kind: 'GOAL',
        dialogueId,
        topicIds: [topic.counterterrorism],
        parties: [{ country: 'US' }, { country: 'MX' }],
        sources: source(ctStatement, CT_TEXT),
      })
    ).id;
    const dhsCommitment = await createCommitment({
      title: 'DHS aid review',
      text: DHS_TEXT,
      kind: 'ACTION',
      dialogueId,
      topicIds: [topic.migration],
      parties: [{ organizationId: dhs }],
      sources: source(dhsStatement, DHS_TEXT),
    });
    c.dhs = dhsCommitment.id;
    c.dhsParty = dhsCommitment.parties[0].id;
    c.spring = (await createCommitment({ title: 'Meet again in the spring', text: SPRING_TEXT, kind: 'MEETING', dialogueId, sources: source(springStatement, SPRING_TEXT) })).id;
    talks = await createMeeting({
      title: 'Tillerson - Videgaray meeting',
      kind: 'IN_PERSON',
      date: '2017-02-23',
      location: 'Mexico City',
      dialogueId,
      participants: [{ participantId: p.tillerson, sideCode: 'US', role: 'head of delegation' }, { participantId: p.videgaray, sideCode: 'MX' }],
    });
    await drain(0);
  });
  afterAll(async () => t.close());

  it('logs an outcome as a DRAFT: the meeting is held; attendees, new, advanced and status-changed commitments; published after commit', async () => {
    const before = await maxEventId();
    const input = {
      meetingId: talks,
      summary: ' Agreed to deepen counterterrorism cooperation and to review border security jointly. ',
      decisions: 'A joint border review',
      heldOn: '2017-02-23',
      attendees: [p.videgaray, p.tillerson, p.kelly],
      advancedCommitmentIds: [c.ct],
      newCommitments: [
        { title: 'Joint border security review', text: 'Both sides will review border security together', kind: 'ACTION', dialogueId, topicIds: [topic.border], parties: [{ country: 'US' }, { country: 'MX' }] },
      ],
      statusChanges: [{ commitmentId: c.spring, status: 'IN_PROGRESS', note: 'A date is being set' }],
    };
    const logged = ok(await t.gql(LOG, { input }, await t.as('staff@state'))).logMeetingOutcome;
    outcomeId = logged.id;
    expect(logged).toEqual({
      id: expect.any(String),
      state: 'DRAFT',
      summary: 'Agreed to deepen counterterrorism cooperation and to review border security jointly.',
      decisions: 'A joint border review',
      heldOn: '2017-02-23',
      recordedBy: 'staff@state',
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      editedAt: null,
      editedBy: null,
      finalizedAt: null,
      finalizedBy: null,
      supersedes: null,
      supersededBy: null,
      attendees: [{ name: 'John Kelly' }, { name: 'Luis Videgaray' }, { name: 'Rex Tillerson' }],
      commitments: [{ title: 'Counterterrorism cooperation' }, { title: 'Meet again in the spring' }, { title: 'Joint border security review' }],
      meeting: { title: 'Tillerson - Videgaray meeting', status: 'HELD', date: '2017-02-23' },
    });
    c.review = String((await t.dataSource.query("SELECT id FROM commitment WHERE title = 'Joint border security review'"))[0].id);

    // Kelly attended without being listed: he joins the meeting's participants.
    const meeting = ok(await t.gql(`{ meeting(id: "${talks}") { participants { participant { name } side { code } role } outcomes { id state } } }`)).meeting;
    expect(meeting).toEqual({
      participants: [
        { participant: { name: 'Rex Tillerson' }, side: { code: 'US' }, role: 'head of delegation' },
        { participant: { name: 'Luis Videgaray' }, side: { code: 'MX' }, role: null },
        { participant: { name: 'John Kelly' }, side: null, role: null },
      ],
      outcomes: [{ id: outcomeId, state: 'DRAFT' }],
    });
    expect(await links(talks)).toEqual([
      [c.ct, 'ADVANCED', outcomeId],
      [c.spring, 'ADVANCED', outcomeId],
      [c.review, 'CREATED', outcomeId],
    ]);

    // The new commitment's first event: valid from the meeting, the outcome as its evidence.
    const review = await history(c.review);
    expect(review.status).toBe('ANNOUNCED');
    expect(review.history.filter((e: any) => e.party === null)).toEqual([
      { fromStatus: null, toStatus: 'ANNOUNCED', validFrom: '2017-02-23', actor: 'staff@state', note: null, party: null, evidence: { meetingOutcome: { id: outcomeId }, statement: null } },
    ]);
    for (const event of review.history) expect(event).toMatchObject({ validFrom: '2017-02-23', evidence: { meetingOutcome: { id: outcomeId } } });
    // The status change: an event valid from heldOn with the outcome as evidence.
    const spring = await history(c.spring);
    expect(spring.status).toBe('IN_PROGRESS');
    expect(spring.history).toEqual([
      { fromStatus: null, toStatus: 'ANNOUNCED', validFrom: '2017-02-21', actor: 'test-admin', note: null, party: null, evidence: { meetingOutcome: null, statement: { id: expect.any(String) } } },
      { fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', validFrom: '2017-02-23', actor: 'staff@state', note: 'A date is being set', party: null, evidence: { meetingOutcome: { id: outcomeId }, statement: null } },
    ]);
    // Advancing alone writes no event.
    expect((await history(c.ct)).history.map((e: any) => e.toStatus)).toEqual(['ANNOUNCED']);

    const reviewEvents = await eventIdsOf(c.review, before);
    const springEvents = await eventIdsOf(c.spring, before);
    expect(await drain(reviewEvents.length + springEvents.length + 1)).toEqual([
      ...reviewEvents.map((eventId) => [COMMITMENT_CHANGED, { eventId, commitmentId: Number(c.review), topicIds: [Number(topic.border)] }]),
      ...springEvents.map((eventId) => [COMMITMENT_CHANGED, { eventId, commitmentId: Number(c.spring), topicIds: [] }]),
      [MEETING_OUTCOME_LOGGED, { outcomeId: Number(outcomeId), meetingId: Number(talks), dialogueId: Number(dialogueId) }],
    ]);
    expect(ok(await t.gql(`{ meetingOutcome(id: "${outcomeId}") { id summary meeting { id } } }`)).meetingOutcome).toEqual({
      id: outcomeId,
      summary: logged.summary,
      meeting: { id: talks },
    });
    expect(ok(await t.gql('{ a: meetingOutcome(id: "424242") { id } b: meetingOutcome(id: "x") { id } }'))).toEqual({ a: null, b: null });
  });

  it('edits the draft: only the fields given change, attendees are replaced, effects are added', async () => {
    const before = await maxEventId();
    const edited = ok(await t.gql(UPDATE, { id: outcomeId, input: { decisions: 'A joint border review by June' } }, await t.as('editor@state'))).updateMeetingOutcome;
    expect(edited).toMatchObject({
      state: 'DRAFT',
      summary: 'Agreed to deepen counterterrorism cooperation and to review border security jointly.',
      decisions: 'A joint border review by June',
      heldOn: '2017-02-23',
      recordedBy: 'staff@state',
      editedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      editedBy: 'editor@state',
      attendees: [{ name: 'John Kelly' }, { name: 'Luis Videgaray' }, { name: 'Rex Tillerson' }],
    });

    // The day it was held moves, and the meeting's date (which came from it) follows.
    const moved = ok(await t.gql(UPDATE, { id: outcomeId, input: { heldOn: '2017-02-22', attendees: [p.tillerson, p.videgaray] } })).updateMeetingOutcome;
    expect(moved).toMatchObject({ heldOn: '2017-02-22', editedBy: 'test-admin', attendees: [{ name: 'Luis Videgaray' }, { name: 'Rex Tillerson' }], meeting: { date: '2017-02-22' } });
    const back = ok(await t.gql(UPDATE, { id: outcomeId, input: { heldOn: '2017-02-23' } })).updateMeetingOutcome;
    expect(back).toMatchObject({ heldOn: '2017-02-23', meeting: { status: 'HELD', date: '2017-02-23' } });
    expect(await drain(0)).toEqual([]);

    // DHS fulfilled its review, as the meeting heard: a party status change with the outcome as evidence.
    const fulfilled = ok(
      await t.gql(
        UPDATE,
        {
          id: outcomeId,
          input: { statusChanges: [{ commitmentId: c.dhs, party: c.dhsParty, status: 'FULFILLED', validFrom: '2017-02-22', note: 'Review delivered' }] },
        },
        await t.as('staff@state'),
      ),
    ).updateMeetingOutcome;
    expect(fulfilled.commitments).toEqual([
      { title: 'Counterterrorism cooperation' },
      { title: 'DHS aid review' },
      { title: 'Meet again in the spring' },
      { title: 'Joint border security review' },
    ]);
    const dhs = await history(c.dhs);
    expect(dhs.status).toBe('FULFILLED');
    // DHS's own event, then the commitment's (its only party fulfilled), both citing the outcome.
    const fulfilledEvent = { fromStatus: 'ANNOUNCED', toStatus: 'FULFILLED', validFrom: '2017-02-22', actor: 'staff@state', note: 'Review delivered', evidence: { meetingOutcome: { id: outcomeId }, statement: null } };
    expect(dhs.history.slice(1)).toEqual([
      { ...fulfilledEvent, party: { id: c.dhsParty } },
      { ...fulfilledEvent, party: null },
    ]);
    const dhsEvents = await eventIdsOf(c.dhs, before);
    expect(await drain(dhsEvents.length)).toEqual(dhsEvents.map((eventId) => [COMMITMENT_CHANGED, { eventId, commitmentId: Number(c.dhs), topicIds: [Number(topic.migration)] }]));
    expect(await links(talks)).toEqual(
      [
        [c.ct, 'ADVANCED', outcomeId],
        [c.dhs, 'ADVANCED', outcomeId],
        [c.spring, 'ADVANCED', outcomeId],
        [c.review, 'CREATED', outcomeId],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );

    const rows = await counts();
    const nullSummary = errorOf(await t.gql(UPDATE, { id: outcomeId, input: { summary: null } }));
    expect(nullSummary.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.summary' }] });
    const future = errorOf(await t.gql(UPDATE, { id: outcomeId, input: { summary: 'Changed', heldOn: TOMORROW } }));
    expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.heldOn' }] });
    const stranger = errorOf(await t.gql(UPDATE, { id: outcomeId, input: { summary: 'Changed', attendees: [p.kelly, '424242'] } }));
    expect(stranger.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.attendees.1' });
    expect(errorOf(await t.gql(UPDATE, { id: '424242', input: { summary: 'x' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect(await counts()).toEqual(rows);
    expect(ok(await t.gql(`{ meetingOutcome(id: "${outcomeId}") { summary heldOn attendees { name } } }`)).meetingOutcome).toEqual({
      summary: 'Agreed to deepen counterterrorism cooperation and to review border security jointly.',
      heldOn: '2017-02-23',
      attendees: [{ name: 'Luis Videgaray' }, { name: 'Rex Tillerson' }],
    });
    expect(await drain(0)).toEqual([]);
  });

  it('finalizes the draft: FINAL is immutable', async () => {
    const final = ok(await t.gql(FINALIZE, { id: outcomeId }, await t.as('lead@state'))).finalizeMeetingOutcome;
    expect(final).toMatchObject({ id: outcomeId, state: 'FINAL', finalizedBy: 'lead@state', finalizedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/), editedBy: 'staff@state' });
    expect(await drain(1)).toEqual([[MEETING_OUTCOME_LOGGED, { outcomeId: Number(outcomeId), meetingId: Number(talks), dialogueId: Number(dialogueId) }]]);

    const rows = await counts();
    const edit = errorOf(await t.gql(UPDATE, { id: outcomeId, input: { summary: 'Rewritten' } }));
    expect(edit.extensions).toMatchObject({ code: 'CONFLICT', state: 'FINAL' });
    const addMore = errorOf(await t.gql(UPDATE, { id: outcomeId, input: { advancedCommitmentIds: [c.dhs] } }));
    expect(addMore.extensions).toMatchObject({ code: 'CONFLICT', state: 'FINAL' });
    expect(errorOf(await t.gql(FINALIZE, { id: outcomeId })).extensions).toMatchObject({ code: 'CONFLICT', state: 'FINAL' });
    expect(errorOf(await t.gql(FINALIZE, { id: '424242' })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect(errorOf(await t.gql(FINALIZE, { id: 'abc' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'id' }] });
    expect(await counts()).toEqual(rows);
    expect(ok(await t.gql(`{ meetingOutcome(id: "${outcomeId}") { summary state finalizedBy } }`)).meetingOutcome).toEqual({
      summary: 'Agreed to deepen counterterrorism cooperation and to review border security jointly.',
      state: 'FINAL',
      finalizedBy: 'lead@state',
    });
    expect(await drain(0)).toEqual([]);
  });

  it('corrects a final outcome with a new one that supersedes it once finalized', async () => {
    const other = await createMeeting({ title: 'Kelly - Osorio Chong meeting', kind: 'IN_PERSON', date: '2017-02-23', dialogueId });
    const otherOutcome = ok(await t.gql(LOG, { input: { meetingId: other, summary: 'Talked about migration' } })).logMeetingOutcome.id;
    await drain(1);

    const rows = await counts();
    const fromElsewhere = errorOf(await t.gql(LOG, { input: { meetingId: talks, summary: 'Correction', supersedesId: otherOutcome } }));
    expect(fromElsewhere.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.supersedesId' }] });
    const draft = errorOf(await t.gql(LOG, { input: { meetingId: other, summary: 'Correction', supersedesId: otherOutcome } }));
    expect(draft.extensions).toMatchObject({ code: 'CONFLICT', state: 'DRAFT' });
    expect(errorOf(await t.gql(LOG, { input: { meetingId: talks, summary: 'Correction', supersedesId: '424242' } })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      path: 'input.supersedesId',
    });
    expect(await counts()).toEqual(rows);
    expect(await drain(0)).toEqual([]);

    const input = {
      meetingId: talks,
      summary: 'Agreed to deepen counterterrorism cooperation; the border review is to be joint and public.',
      decisions: 'A public joint border review',
      attendees: [p.tillerson, p.videgaray, p.osorio],
      advancedCommitmentIds: [c.ct],
      supersedesId: outcomeId,
    };
    const correction = ok(await t.gql(LOG, { input }, await t.as('staff@state'))).logMeetingOutcome;
    expect(correction).toMatchObject({
      state: 'DRAFT',
      heldOn: '2017-02-23',
      supersedes: { id: outcomeId },
      supersededBy: null,
      attendees: [{ name: 'Luis Videgaray' }, { name: 'Miguel Angel Osorio Chong' }, { name: 'Rex Tillerson' }],
      // The commitment was already advanced at this meeting by the final outcome: that link stays its own.
      commitments: [],
      meeting: { status: 'HELD', date: '2017-02-23' },
    });
    expect(await drain(1)).toEqual([[MEETING_OUTCOME_LOGGED, { outcomeId: Number(correction.id), meetingId: Number(talks), dialogueId: Number(dialogueId) }]]);
    // Until the correction is final, the corrected outcome stands, with its own record unchanged.
    const original = `{ meetingOutcome(id: "${outcomeId}") { state supersededBy { id } attendees { name } commitments { title } } }`;
    expect(ok(await t.gql(original)).meetingOutcome).toEqual({
      state: 'FINAL',
      supersededBy: { id: correction.id },
      attendees: [{ name: 'Luis Videgaray' }, { name: 'Rex Tillerson' }],
      commitments: [{ title: 'Counterterrorism cooperation' }, { title: 'DHS aid review' }, { title: 'Meet again in the spring' }, { title: 'Joint border security review' }],
    });
    const again = errorOf(await t.gql(LOG, { input: { ...input, summary: 'Another correction' } }));
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', state: 'FINAL' });

    const final = ok(await t.gql(FINALIZE, { id: correction.id }, await t.as('lead@state'))).finalizeMeetingOutcome;
    expect(final).toMatchObject({ state: 'FINAL', supersedes: { id: outcomeId }, finalizedBy: 'lead@state' });
    expect(await drain(1)).toEqual([[MEETING_OUTCOME_LOGGED, { outcomeId: Number(correction.id), meetingId: Number(talks), dialogueId: Number(dialogueId) }]]);
    expect(ok(await t.gql(original)).meetingOutcome).toMatchObject({ state: 'SUPERSEDED', supersededBy: { id: correction.id } });
    expect(ok(await t.gql(`{ meeting(id: "${talks}") { outcomes { id state supersedes { id } } } }`)).meeting.outcomes).toEqual([
      { id: outcomeId, state: 'SUPERSEDED', supersedes: null },
      { id: correction.id, state: 'FINAL', supersedes: { id: outcomeId } },
    ]);
    const superseded = errorOf(await t.gql(LOG, { input: { ...input, summary: 'Yet another' } }));
    expect(superseded.extensions).toMatchObject({ code: 'CONFLICT', state: 'SUPERSEDED' });
    expect(errorOf(await t.gql(UPDATE, { id: outcomeId, input: { summary: 'x' } })).extensions).toMatchObject({ code: 'CONFLICT', state: 'SUPERSEDED' });

    // A correction of the correction may move the day it was held: the meeting's date follows.
    const second = ok(await t.gql(LOG, { input: { meetingId: talks, summary: 'It was the 22nd', heldOn: '2017-02-22', supersedesId: correction.id } })).logMeetingOutcome;
    expect(second).toMatchObject({ heldOn: '2017-02-22', supersedes: { id: correction.id }, meeting: { date: '2017-02-22' } });
    await drain(1);
  });

  it('rolls the whole outcome back when one part fails: nothing written, nothing published', async () => {
    const planned = await createMeeting({ title: 'Second round', kind: 'IN_PERSON', date: '2017-03-09', dialogueId, participants: [{ participantId: p.kelly, sideCode: 'US' }] });
    const { version } = await history(c.ct);
    const rows = await counts();
    const base = {
      meetingId: planned,
      summary: 'Second round',
      heldOn: '2017-03-09',
      attendees: [p.kelly, p.osorio],
      advancedCommitmentIds: [c.review],
      newCommitments: [{ title: 'Exchange of liaison officers', text: 'Liaison officers will be exchanged', kind: 'ACTION', topicIds: [topic.security] }],
    };
    const fail = async (input: Record<string, unknown>) => errorOf(await t.gql(LOG, { input: { ...base, ...input } }));

    // The second status change is refused by the transition table after the first was written.
    const refused = await fail({ statusChanges: [{ commitmentId: c.ct, status: 'IN_PROGRESS' }, { commitmentId: c.dhs, status: 'IN_PROGRESS' }] });
    expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.statusChanges.1.status', message: 'cannot go from FULFILLED to IN_PROGRESS' }] });
    const stale = await fail({ statusChanges: [{ commitmentId: c.ct, status: 'IN_PROGRESS', expectedVersion: version + 1 }] });
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version });
    const unknown = await fail({ statusChanges: [{ commitmentId: c.ct, status: 'IN_PROGRESS' }, { commitmentId: '424242', status: 'IN_PROGRESS' }] });
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.statusChanges.1.commitmentId' });
    expect((await fail({ attendees: [p.kelly, '424242'] })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.attendees.1' });
    expect((await fail({ attendees: [p.kelly, p.kelly] })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.attendees.1' }] });
    expect((await fail({ advancedCommitmentIds: [c.ct, '424242'] })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.advancedCommitmentIds.1' });
    expect((await fail({ commitmentIds: ['424242'] })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.commitmentIds.0' });
    expect((await fail({ newCommitments: [{ ...base.newCommitments[0], topicIds: ['424242'] }] })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      path: 'input.newCommitments.0.topicIds.0',
    });
    expect((await fail({ heldOn: TOMORROW })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.heldOn' }] });
    const shape = await fail({ summary: ' ', statusChanges: [{ commitmentId: c.ct, status: 'DONE' }] });
    expect(shape.extensions.code).toBe('BAD_USER_INPUT');
    const blank = await fail({ summary: ' ', statusChanges: [{ commitmentId: c.ct, status: 'IN_PROGRESS', expectedVersion: 0 }] });
    expect(blank.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.statusChanges.0.expectedVersion', 'input.summary']);
    expect((await fail({ meetingId: '424242' })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.meetingId' });
    const called = await createMeeting({ title: 'Called off', kind: 'VISIT', status: 'CANCELLED' });
    const after = await counts();
    expect((await fail({ meetingId: called })).extensions).toMatchObject({ code: 'CONFLICT', status: 'CANCELLED' });

    expect(await counts()).toEqual({ ...rows, meeting: rows.meeting + 1 });
    expect(after).toEqual(await counts());
    expect(ok(await t.gql(`{ meeting(id: "${planned}") { status date outcomes { id } participants { participant { name } } } }`)).meeting).toEqual({
      status: 'PLANNED',
      date: '2017-03-09',
      outcomes: [],
      participants: [{ participant: { name: 'John Kelly' } }],
    });
    expect(await history(c.ct)).toMatchObject({ status: 'ANNOUNCED', version });
    expect(await drain(0)).toEqual([]);

    // The same outcome without the failing part goes through.
    const lastEvent = await maxEventId();
    const logged = ok(await t.gql(LOG, { input: { ...base, statusChanges: [{ commitmentId: c.ct, status: 'IN_PROGRESS', expectedVersion: version }] } })).logMeetingOutcome;
    expect(logged).toMatchObject({
      state: 'DRAFT',
      attendees: [{ name: 'John Kelly' }, { name: 'Miguel Angel Osorio Chong' }],
      commitments: [{ title: 'Counterterrorism cooperation' }, { title: 'Joint border security review' }, { title: 'Exchange of liaison officers' }],
      meeting: { status: 'HELD', date: '2017-03-09' },
    });
    const ct = await history(c.ct);
    expect(ct.status).toBe('IN_PROGRESS');
    // Both parties move (two party events), then the commitment (one overall event), valid from heldOn.
    expect(ct.history.slice(1).map((e: any) => [e.toStatus, e.validFrom, e.party === null, e.evidence.meetingOutcome?.id])).toEqual([
      ['IN_PROGRESS', '2017-03-09', false, logged.id],
      ['IN_PROGRESS', '2017-03-09', false, logged.id],
      ['IN_PROGRESS', '2017-03-09', true, logged.id],
    ]);
    const liaison = String((await t.dataSource.query("SELECT id FROM commitment WHERE title = 'Exchange of liaison officers'"))[0].id);
    const [liaisonEvents, ctEvents] = [await eventIdsOf(liaison, lastEvent), await eventIdsOf(c.ct, lastEvent)];
    expect(ctEvents).toHaveLength(3);
    expect(await drain(5)).toEqual([
      ...liaisonEvents.map((eventId) => [COMMITMENT_CHANGED, { eventId, commitmentId: Number(liaison), topicIds: [Number(topic.security)] }]),
      ...ctEvents.map((eventId) => [COMMITMENT_CHANGED, { eventId, commitmentId: Number(c.ct), topicIds: [Number(topic.security), Number(topic.counterterrorism)].sort((a, b) => a - b) }]),
      [MEETING_OUTCOME_LOGGED, { outcomeId: Number(logged.id), meetingId: Number(planned), dialogueId: Number(dialogueId) }],
    ]);
  });

  it('holds a postponed meeting when its outcome is logged; commitmentIds still advance', async () => {
    const trip = await createMeeting({ title: 'Videgaray in Washington', kind: 'VISIT', date: '2017-03-01' });
    expect(ok(await t.gql(`mutation { setMeetingStatus(input: { id: "${trip}", status: POSTPONED, date: "2017-03-15" }) { status date } }`)).setMeetingStatus).toEqual({
      status: 'POSTPONED',
      date: '2017-03-15',
    });
    const logged = ok(await t.gql(LOG, { input: { meetingId: trip, summary: 'Held at last', heldOn: '2017-03-16', commitmentIds: [c.spring] } })).logMeetingOutcome;
    expect(logged).toMatchObject({ heldOn: '2017-03-16', meeting: { status: 'HELD', date: '2017-03-16' }, commitments: [{ title: 'Meet again in the spring' }], attendees: [] });
    expect(await links(trip)).toEqual([[c.spring, 'ADVANCED', logged.id]]);
    // Undated and held today when nothing says otherwise.
    const undated = await createMeeting({ title: 'A call', kind: 'PHONE_CALL' });
    expect(ok(await t.gql(LOG, { input: { meetingId: undated, summary: 'Spoke' } })).logMeetingOutcome).toMatchObject({ heldOn: null, meeting: { status: 'HELD', date: null } });
    expect(ok(await t.gql(LOG, { input: { meetingId: undated, summary: 'Spoke again', heldOn: TODAY } })).logMeetingOutcome).toMatchObject({ meeting: { date: TODAY } });
    await drain(3);
  });

  it('reads outcomes with their attendees and corrections in a constant number of statements', async () => {
    const QUERY = `{ meetings(first: 100) { nodes { outcomes { state attendees { name } supersedes { id } supersededBy { id } meeting { id } commitments { id } } } } }`;
    t.sql.reset();
    ok(await t.gql(QUERY));
    const few = t.sql.count;
    for (let i = 0; i < 3; i++) {
      const meetingId = await createMeeting({ title: `Working group ${i}`, kind: 'VIDEO_CALL', date: '2017-04-0' + (i + 1) });
      const first = ok(await t.gql(LOG, { input: { meetingId, summary: 'Met', attendees: [p.kelly, p.osorio], advancedCommitmentIds: [c.ct] } })).logMeetingOutcome.id;
      await t.gql(FINALIZE, { id: first });
      await t.gql(LOG, { input: { meetingId, summary: 'Met (corrected)', attendees: [p.kelly], supersedesId: first } });
    }
    await drain(9);
    t.sql.reset();
    const data = ok(await t.gql(QUERY));
    expect(t.sql.count).toBe(few);
    expect(data.meetings.nodes.flatMap((m: any) => m.outcomes).length).toBeGreaterThan(10);
  });
});
