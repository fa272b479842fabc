import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { Role } from '../../src/common/security/role';
import { Briefing } from '../../src/briefings/briefing.entity';
import { CommitmentEvent } from '../../src/commitments/commitment.entity';
import { CommitmentStatus } from '../../src/commitments/commitment.enums';
import { Dialogue } from '../../src/dialogues/dialogue.entity';
import { COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { Meeting, MeetingKind, MeetingStatus } from '../../src/meetings/meeting.entity';
import { Statement, StatementKind } from '../../src/statements/statement.entity';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/** Polls until cond() holds (the bus and the socket are asynchronous), failing after 5 s. */
async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One subscription as the client sees it: every message, in order, and whether it ended. */
interface Feed {
  messages: unknown[];
  ended: boolean;
  take(n: number): Promise<unknown[]>;
  stop(): void;
}

function subscribe(client: Client, query: string, variables?: Record<string, unknown>): Feed {
  const feed: Feed = {
    messages: [],
    ended: false,
    async take(n) {
      await until(() => feed.messages.length >= n || feed.ended, `${n} message(s)`);
      return feed.messages;
    },
    stop: () => {},
  };
  feed.stop = client.subscribe(
    { query, variables },
    {
      next: (message) => feed.messages.push(message),
      error: (error) => {
        feed.messages.push(Array.isArray(error) ? { errors: error } : { closed: String(error) });
        feed.ended = true;
      },
      complete: () => {
        feed.ended = true;
      },
    },
  );
  return feed;
}

const EVENT_FIELDS = 'id fromStatus toStatus validFrom actor note party { id status country { code } } evidence { url }';
const CHANGED = `subscription($topic: ID) { commitmentChanged(topic: $topic) { ${EVENT_FIELDS} } }`;
const SET_STATUS = `mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id status version } }`;
const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id parties { id country { code } } } }`;
const QUOTE = 'we will set up a joint task force on counterterrorism';
const STATEMENT = `On security, ${QUOTE} before the summer.`;
const LOGGED = `subscription($dialogue: ID) { meetingOutcomeLogged(dialogue: $dialogue) {
  id summary heldOn recordedBy state meeting { id title status } } }`;
const LOG = `mutation($input: LogMeetingOutcomeInput!) { logMeetingOutcome(input: $input) { id } }`;

describe('Subscriptions (e2e)', () => {
  let t: TestApp;
  let events: EventsService;
  let url: string;
  const clients: Client[] = [];
  const topic: Record<string, number> = {};
  const ids: Record<string, string> = {};

  /** A graphql-ws client of the app; the token goes in the connection parameters (the admin token by default). */
  const connect = (connectionParams: Record<string, unknown> = { authorization: `Bearer ${t.adminToken}` }) => {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };
  /** Waits until this instance holds `n` open subscriptions to the trigger: then they hear what follows. */
  const live = (trigger: string, n: number) => until(() => events.subscriberCount(trigger) === n, `${n} subscriber(s) of ${trigger}`);
  const setStatus = async (input: Record<string, unknown>, actor = 'analyst@example.org') =>
    ok(await t.gql(SET_STATUS, { input }, await t.as(actor))).setCommitmentStatus;
  /** A commitment's history as a query shows it, to compare with what subscribers received. */
  const history = async (id: string) => ok(await t.gql(`query($id: ID!) { commitment(id: $id) { history { ${EVENT_FIELDS} } } }`, { id })).commitment.history;
  const changed = (event: unknown) => ({ data: { commitmentChanged: event } });
  const idsOf = async (feed: Feed, n: number) => (await feed.take(n)).map((m) => (m as { data: { commitmentChanged: { id: string } } }).data.commitmentChanged.id);
  /** Nothing more arrives: anything published before would have come by now (delivery is in order). */
  const settle = () => new Promise((r) => setTimeout(r, 150));

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    events = t.app.get(EventsService);

    for (const x of ok(await t.gql('{ topics { id slug } }')).topics) topic[x.slug] = Number(x.id);
    topic.counterterrorism = Number(
      ok(await t.gql(`mutation { createTopic(input: { slug: "counterterrorism", title: "Counterterrorism", parentId: "${topic.security}" }) { id } }`)).createTopic
        .id,
    );
    const now = new Date();
    const dialogue = Number(ok(await t.gql('{ dialogues { id } }')).dialogues[0].id);
    const briefing = await t.dataSource.getRepository(Briefing).save({
      title: 'Background briefing',
      kind: null,
      date: '2017-02-21',
      location: null,
      medium: null,
      sourceUrl: null,
      startTime: null,
      endTime: null,
      text: STATEMENT,
      textSha256: 'a'.repeat(64),
      dialogueId: dialogue,
      createdBy: 'seed',
      createdAt: now,
    });
    const statement = await t.dataSource.getRepository(Statement).save({
      briefingId: briefing.id,
      speakerId: null,
      speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL',
      turnIndex: 0,
      paragraphIndex: 0,
      kind: StatementKind.REMARK,
      text: STATEMENT,
      textStart: 0,
      textEnd: STATEMENT.length,
    });
    const span = { statementId: String(statement.id), start: STATEMENT.indexOf(QUOTE), end: STATEMENT.indexOf(QUOTE) + QUOTE.length, quote: QUOTE };
    const create = async (input: Record<string, unknown>) => ok(await t.gql(CREATE, { input: { text: 'What was said.', kind: 'ACTION', ...input } })).createCommitment;
    const taskForce = await create({ title: 'Joint task force', topicIds: [topic.counterterrorism], parties: [{ country: 'US' }, { country: 'MX' }], sources: [span] });
    const other = await t.dataSource.getRepository(Dialogue).save({ title: 'United States - Canada', createdAt: now });
    const meeting = (title: string, dialogueId: number) =>
      t.dataSource
        .getRepository(Meeting)
        .save({ title, kind: MeetingKind.IN_PERSON, status: MeetingStatus.HELD, date: '2017-02-23', location: null, dialogueId, createdAt: now, updatedAt: now });
    Object.assign(ids, {
      statement: String(statement.id),
      taskForce: taskForce.id,
      usParty: taskForce.parties.find((p: { country: { code: string } }) => p.country.code === 'US').id,
      mxParty: taskForce.parties.find((p: { country: { code: string } }) => p.country.code === 'MX').id,
      ct: (await create({ title: 'Counterterrorism dialogue', topicIds: [topic.counterterrorism] })).id,
      eco: (await create({ title: 'Trade talks', topicIds: [topic.economy] })).id,
      dialogue: String(dialogue),
      otherDialogue: String(other.id),
      meeting: String((await meeting('Mexico City meeting', dialogue)).id),
      otherMeeting: String((await meeting('Ottawa meeting', other.id)).id),
    });
    Object.assign(ids, { span: JSON.stringify(span) });
  });

  afterEach(async () => {
    // Close every socket and wait until the server has let go of the subscriptions.
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await live(COMMITMENT_CHANGED, 0);
    await live(MEETING_OUTCOME_LOGGED, 0);
  });
  afterAll(async () => t.close());

  it('uses the in-process bus unless REDIS_URL is set', () => {
    expect(events.transport).toBe(process.env.REDIS_URL ? 'redis' : 'in-process');
  });

  it('sends a subscriber exactly the events a committed status change recorded, with their fields resolved', async () => {
    const all = subscribe(connect(), CHANGED);
    const security = subscribe(connect(), CHANGED, { topic: String(topic.security) });
    await live(COMMITMENT_CHANGED, 2);
    const before = (await history(ids.taskForce)).length;
    await setStatus({ id: ids.taskForce, party: ids.usParty, status: 'IN_PROGRESS', note: 'The task force met.', evidence: { url: 'https://www.dhs.gov/task-force' } });
    const recorded = (await history(ids.taskForce)).slice(before);
    // One event for the party, one for the commitment (its derived status moved too).
    const today = recorded[0].validFrom;
    const common = { validFrom: today, actor: 'analyst@example.org', note: 'The task force met.', evidence: { url: 'https://www.dhs.gov/task-force' } };
    expect(recorded).toEqual([
      { id: expect.any(String), fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', party: { id: ids.usParty, status: 'IN_PROGRESS', country: { code: 'US' } }, ...common },
      { id: expect.any(String), fromStatus: 'ANNOUNCED', toStatus: 'IN_PROGRESS', party: null, ...common },
    ]);
    expect(await all.take(2)).toEqual(recorded.map(changed));
    expect(await security.take(2)).toEqual(recorded.map(changed));
    await settle();
    expect([all.messages.length, security.messages.length, all.ended]).toEqual([2, 2, false]);
  });

  it('publishes nothing for mutations that fail', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    const tables = ['commitment', 'commitment_party', 'commitment_event', 'source_span'];
    const counts = () => Promise.all(tables.map((table) => countRows(t.dataSource, table)));
    const before = await counts();
    const span = JSON.parse(ids.span);
    // The first source is written before the second is found wrong: all of it rolls back.
    const bad = await t.gql(CREATE, { input: { title: 'Half written', text: 'x', kind: 'ACTION', topicIds: [topic.counterterrorism], sources: [span, { ...span, quote: 'something else' }] } });
    expect(errorOf(bad).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.sources.1.quote' }] });
    const noEvidence = await t.gql(SET_STATUS, { input: { id: ids.ct, status: 'FULFILLED' } });
    expect(errorOf(noEvidence).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.evidence' }] });
    const stale = await t.gql(SET_STATUS, { input: { id: ids.ct, status: 'IN_PROGRESS', expectedVersion: 1000 } });
    expect(errorOf(stale).extensions.code).toBe('CONFLICT');
    expect(await counts()).toEqual(before);

    await setStatus({ id: ids.ct, status: 'IN_PROGRESS' });
    const [last] = (await history(ids.ct)).slice(-1);
    expect(await feed.take(1)).toEqual([changed(last)]);
    await settle();
    expect(feed.messages).toHaveLength(1);
  });

  it('drops the events raised in a transaction that rolls back after raising them', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    const before = await countRows(t.dataSource, 'commitment_event');
    await expect(
      events.transaction(async (em, pending) => {
        const event = await em.save(
          em.create(CommitmentEvent, {
            commitmentId: Number(ids.ct),
            partyId: null,
            fromStatus: CommitmentStatus.IN_PROGRESS,
            toStatus: CommitmentStatus.STALLED,
            validFrom: '2017-05-01',
            recordedAt: new Date(),
            actor: 'analyst',
            note: 'written, then rolled back',
            evidenceStatementId: null,
            evidenceOutcomeId: null,
            evidenceUrl: null,
          }),
        );
        pending.add(COMMITMENT_CHANGED, { eventId: event.id, commitmentId: Number(ids.ct), topicIds: [topic.security] });
        throw new Error('the second write failed');
      }),
    ).rejects.toThrow('the second write failed');
    expect(await countRows(t.dataSource, 'commitment_event')).toBe(before);
    // Delivery is in order: had the rolled-back event gone out, it would arrive before this one.
    await setStatus({ id: ids.ct, status: 'STALLED', note: 'committed' });
    const [last] = (await history(ids.ct)).slice(-1);
    expect(await feed.take(1)).toEqual([changed(last)]);
    expect(last.note).toBe('committed');
  });

  it('filters commitmentChanged by topic, subtopics included', async () => {
    const all = subscribe(connect(), CHANGED);
    const security = subscribe(connect(), CHANGED, { topic: String(topic.security) });
    const counterterrorism = subscribe(connect(), CHANGED, { topic: String(topic.counterterrorism) });
    const economy = subscribe(connect(), CHANGED, { topic: String(topic.economy) });
    await live(COMMITMENT_CHANGED, 4);
    await setStatus({ id: ids.ct, status: 'IN_PROGRESS' });
    await setStatus({ id: ids.eco, status: 'IN_PROGRESS' });
    const [underCt] = (await history(ids.ct)).slice(-1);
    const [underEconomy] = (await history(ids.eco)).slice(-1);
    expect(await idsOf(all, 2)).toEqual([underCt.id, underEconomy.id]);
    expect(await idsOf(security, 1)).toEqual([underCt.id]);
    expect(await idsOf(counterterrorism, 1)).toEqual([underCt.id]);
    expect(await idsOf(economy, 1)).toEqual([underEconomy.id]);
    await settle();
    expect([all, security, counterterrorism, economy].map((f) => f.messages.length)).toEqual([2, 1, 1, 1]);
  });

  it('matches a payload that lists only the commitment topics themselves against the subscribed subtree', async () => {
    const security = subscribe(connect(), CHANGED, { topic: String(topic.security) });
    await live(COMMITMENT_CHANGED, 1);
    const [event] = (await history(ids.ct)).slice(-1);
    await events.transaction(async (_em, pending) => {
      pending.add(COMMITMENT_CHANGED, { eventId: Number(event.id), commitmentId: Number(ids.ct), topicIds: [topic.counterterrorism] });
    });
    expect(await security.take(1)).toEqual([changed(event)]);
  });

  it('resolves each event with fresh DataLoaders, not rows cached for an earlier event', async () => {
    const feed = subscribe(connect(), `subscription { commitmentChanged { toStatus party { id status } } }`);
    await live(COMMITMENT_CHANGED, 1);
    await setStatus({ id: ids.taskForce, party: ids.usParty, status: 'STALLED' });
    await feed.take(2);
    await setStatus({ id: ids.taskForce, party: ids.usParty, status: 'IN_PROGRESS' });
    expect(await feed.take(4)).toEqual(
      [
        { toStatus: 'STALLED', party: { id: ids.usParty, status: 'STALLED' } },
        { toStatus: 'STALLED', party: null },
        { toStatus: 'IN_PROGRESS', party: { id: ids.usParty, status: 'IN_PROGRESS' } },
        { toStatus: 'IN_PROGRESS', party: null },
      ].map(changed),
    );
  });

  it('skips an event whose row is gone by the time it is read', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    await events.transaction(async (_em, pending) => {
      pending.add(COMMITMENT_CHANGED, { eventId: 999999, commitmentId: Number(ids.ct), topicIds: [topic.security] });
    });
    await setStatus({ id: ids.ct, status: 'STALLED' });
    const [last] = (await history(ids.ct)).slice(-1);
    expect(await feed.take(1)).toEqual([changed(last)]);
  });

  it('filters meetingOutcomeLogged by dialogue, and sends an outcome again when it is finalized', async () => {
    const all = subscribe(connect(), LOGGED);
    const ours = subscribe(connect(), LOGGED, { dialogue: ids.dialogue });
    const theirs = subscribe(connect(), LOGGED, { dialogue: ids.otherDialogue });
    await live(MEETING_OUTCOME_LOGGED, 3);
    const log = async (meetingId: string, summary: string) =>
      ok(await t.gql(LOG, { input: { meetingId, summary, heldOn: '2017-02-23' } }, await t.as('staff@example.org'))).logMeetingOutcome.id;
    const mexico = await log(ids.meeting, 'Agreed to a joint review.');
    const ottawa = await log(ids.otherMeeting, 'Talked about lumber.');
    ok(await t.gql(`mutation { finalizeMeetingOutcome(id: "${mexico}") { id } }`));
    const message = (id: string, summary: string, state: string, meeting: { id: string; title: string }) => ({
      data: { meetingOutcomeLogged: { id, summary, heldOn: '2017-02-23', recordedBy: 'staff@example.org', state, meeting: { ...meeting, status: 'HELD' } } },
    });
    const mx = { id: ids.meeting, title: 'Mexico City meeting' };
    const ca = { id: ids.otherMeeting, title: 'Ottawa meeting' };
    const logged = message(mexico, 'Agreed to a joint review.', 'DRAFT', mx);
    const finalized = message(mexico, 'Agreed to a joint review.', 'FINAL', mx);
    const lumber = message(ottawa, 'Talked about lumber.', 'DRAFT', ca);
    expect(await all.take(3)).toEqual([logged, lumber, finalized]);
    expect(await ours.take(2)).toEqual([logged, finalized]);
    expect(await theirs.take(1)).toEqual([lumber]);
    await settle();
    expect([all, ours, theirs].map((f) => f.messages.length)).toEqual([3, 2, 1]);
  });

  it('sends a logged outcome and the status changes it made after the commit, and nothing when it fails', async () => {
    const outcomes = subscribe(connect(), LOGGED);
    const changes = subscribe(connect(), `subscription { commitmentChanged { id toStatus actor evidence { meetingOutcome { id summary } } } }`);
    await live(MEETING_OUTCOME_LOGGED, 1);
    await live(COMMITMENT_CHANGED, 1);
    const today = new Date().toISOString().slice(0, 10);
    const current = ok(await t.gql(`{ commitment(id: "${ids.ct}") { status } }`)).commitment.status;
    const next = current === 'IN_PROGRESS' ? 'STALLED' : 'IN_PROGRESS';
    const tables = ['meeting_outcome', 'commitment_event', 'commitment_meeting'];
    const counts = () => Promise.all(tables.map((table) => countRows(t.dataSource, table)));
    const before = await counts();
    // The first change is recorded (and its event raised) before the second is refused: all of it rolls back.
    const failed = await t.gql(LOG, {
      input: { meetingId: ids.meeting, summary: 'Half logged.', heldOn: today, statusChanges: [{ commitmentId: ids.ct, status: next }, { commitmentId: ids.eco, status: 'ANNOUNCED' }] },
    });
    expect(errorOf(failed).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.statusChanges.1.status' }] });
    expect(await counts()).toEqual(before);

    const logged = await t.gql(LOG, { input: { meetingId: ids.meeting, summary: 'Task force agreed.', heldOn: today, statusChanges: [{ commitmentId: ids.ct, status: next }] } }, await t.as('staff@example.org'));
    const outcome = ok(logged).logMeetingOutcome.id;
    const [event] = (await history(ids.ct)).slice(-1);
    expect(await changes.take(1)).toEqual([
      changed({ id: event.id, toStatus: next, actor: 'staff@example.org', evidence: { meetingOutcome: { id: outcome, summary: 'Task force agreed.' } } }),
    ]);
    expect(await outcomes.take(1)).toEqual([
      {
        data: {
          meetingOutcomeLogged: { id: outcome, summary: 'Task force agreed.', heldOn: today, recordedBy: 'staff@example.org', state: 'DRAFT', meeting: { id: ids.meeting, title: 'Mexico City meeting', status: 'HELD' } },
        },
      },
    ]);
    await settle();
    expect([changes.messages.length, outcomes.messages.length]).toEqual([1, 1]);
  });

  it('refuses a malformed or unknown topic or dialogue', async () => {
    const client = connect();
    const cases: [string, Record<string, unknown>, unknown][] = [
      [CHANGED, { topic: 'abc' }, { message: 'topic: is not a valid id: "abc"', code: 'BAD_USER_INPUT', fields: [{ path: 'topic', message: 'is not a valid id: "abc"' }] }],
      [CHANGED, { topic: '999' }, { message: 'Topic 999 was not found', code: 'NOT_FOUND', entity: 'Topic', id: '999', path: 'topic' }],
      [LOGGED, { dialogue: '999' }, { message: 'Dialogue 999 was not found', code: 'NOT_FOUND', entity: 'Dialogue', id: '999', path: 'dialogue' }],
    ];
    for (const [query, variables, expected] of cases) {
      const feed = subscribe(client, query, variables);
      const [message] = await feed.take(1);
      await until(() => feed.ended, 'the subscription to end');
      const { message: text, extensions } = (message as { errors: { message: string; extensions: Record<string, unknown> }[] }).errors[0];
      expect({ message: text, ...extensions }).toEqual(expected);
    }
    expect(events.subscriberCount(COMMITMENT_CHANGED)).toBe(0);
  });

  it('answers an invalid document with BAD_USER_INPUT, as over HTTP', async () => {
    const feed = subscribe(connect(), 'subscription { commitmentChanged { nope } }');
    expect(await feed.take(1)).toEqual([
      {
        errors: [
          {
            message: 'Cannot query field "nope" on type "CommitmentEvent". Did you mean "note"?',
            locations: [{ line: 1, column: 36 }],
            extensions: { code: 'BAD_USER_INPUT', fields: [], reason: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      },
    ]);
  });

  it('takes the token of operations on the socket from the connection parameters, else the upgrade Authorization header, and its name as the actor', async () => {
    const watcher = subscribe(connect(), `subscription { commitmentChanged { actor toStatus } }`);
    await live(COMMITMENT_CHANGED, 1);
    const mutation = (status: string) => `mutation { setCommitmentStatus(input: { id: "${ids.ct}", status: ${status} }) { status } }`;
    // Back and forth between the two open statuses, from wherever the commitment is now.
    const current = ok(await t.gql(`{ commitment(id: "${ids.ct}") { status } }`)).commitment.status;
    const [first, second] = current === 'IN_PROGRESS' ? ['STALLED', 'IN_PROGRESS'] : ['IN_PROGRESS', 'STALLED'];
    const byParam = subscribe(connect({ token: await t.tokenFor('staff@example.org', Role.STAFF) }), mutation(first));
    expect(await byParam.take(1)).toEqual([{ data: { setCommitmentStatus: { status: first } } }]);
    const byAdmin = subscribe(connect(), mutation(second));
    expect(await byAdmin.take(1)).toEqual([{ data: { setCommitmentStatus: { status: second } } }]);
    const headers = await t.as('header@example.org', Role.STAFF);
    class WithHeader extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers });
      }
    }
    const withHeader = createClient({ url, webSocketImpl: WithHeader, retryAttempts: 0, lazy: true });
    clients.push(withHeader);
    const byHeader = subscribe(withHeader, mutation(first));
    expect(await byHeader.take(1)).toEqual([{ data: { setCommitmentStatus: { status: first } } }]);
    expect(await watcher.take(3)).toEqual(
      [
        { actor: 'staff@example.org', toStatus: first },
        { actor: 'test-admin', toStatus: second },
        { actor: 'header@example.org', toStatus: first },
      ].map(changed),
    );
  });

  it('lets go of a subscription when the client unsubscribes', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    feed.stop();
    await live(COMMITMENT_CHANGED, 0);
  });
});
