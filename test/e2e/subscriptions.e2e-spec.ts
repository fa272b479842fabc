import { createClient, Client } from 'graphql-ws';
import { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { Commitment, CommitmentEvent, CommitmentParty } from '../../src/commitments/commitment.entity';
import { CommitmentKind, CommitmentStatus, DatePrecision } from '../../src/commitments/commitment.enums';
import { Dialogue } from '../../src/dialogues/dialogue.entity';
import { COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { Meeting, MeetingKind, MeetingOutcome, MeetingStatus } from '../../src/meetings/meeting.entity';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

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

const CHANGED = `subscription($topic: ID) { commitmentChanged(topic: $topic) {
  id fromStatus toStatus validFrom actor note party { id status country { code } } evidence { url } } }`;
const LOGGED = `subscription($dialogue: ID) { meetingOutcomeLogged(dialogue: $dialogue) {
  id summary heldOn recordedBy meeting { id title status } } }`;

describe('Subscriptions (e2e)', () => {
  let t: TestApp;
  let events: EventsService;
  let url: string;
  const clients: Client[] = [];
  const topic: Record<string, number> = {};
  const ids: Record<string, number> = {};

  /** A graphql-ws client of the app; `actor` goes in the connection parameters. */
  const connect = (connectionParams: Record<string, unknown> = {}) => {
    const client = createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
    clients.push(client);
    return client;
  };
  /** Waits until this instance holds `n` open subscriptions to the trigger: then they hear what follows. */
  const live = (trigger: string, n: number) => until(() => events.subscriberCount(trigger) === n, `${n} subscriber(s) of ${trigger}`);

  /** Appends a status event to a commitment and raises COMMITMENT_CHANGED, in one transaction (as the commitments service does). */
  const recordEvent = (commitmentId: number, to: CommitmentStatus, extra: Partial<CommitmentEvent> = {}, topicIds = [topic.counterterrorism, topic.security]) =>
    events.transaction(async (em, pending) => {
      const event = await em.save(
        em.create(CommitmentEvent, {
          commitmentId,
          partyId: null,
          fromStatus: CommitmentStatus.ANNOUNCED,
          toStatus: to,
          validFrom: '2017-03-01',
          recordedAt: new Date(),
          actor: 'analyst',
          note: null,
          evidenceStatementId: null,
          evidenceOutcomeId: null,
          evidenceUrl: null,
          ...extra,
        }),
      );
      pending.add(COMMITMENT_CHANGED, { eventId: event.id, commitmentId, topicIds });
      return event;
    });

  const logOutcome = (meetingId: number, dialogueId: number | null, summary: string) =>
    events.transaction(async (em, pending) => {
      const outcome = await em.save(em.create(MeetingOutcome, { meetingId, summary, decisions: null, heldOn: '2017-02-23', recordedAt: new Date(), recordedBy: 'staff' }));
      pending.add(MEETING_OUTCOME_LOGGED, { outcomeId: outcome.id, meetingId, dialogueId });
      return outcome;
    });

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
    const commitment = await t.dataSource.getRepository(Commitment).save({
      title: 'Review of aid',
      text: 'DHS will review the aid and report back.',
      kind: CommitmentKind.ACTION,
      status: CommitmentStatus.ANNOUNCED,
      dueDate: null,
      dueDatePrecision: DatePrecision.NONE,
      dialogueId: null,
      version: 1,
      createdBy: 'seed',
      createdAt: now,
      updatedAt: now,
    });
    const party = await t.dataSource.getRepository(CommitmentParty).save({
      commitmentId: commitment.id,
      organizationId: null,
      countryCode: 'US',
      status: CommitmentStatus.ANNOUNCED,
    });
    const dialogue = Number(ok(await t.gql('{ dialogues { id } }')).dialogues[0].id);
    const other = await t.dataSource.getRepository(Dialogue).save({ title: 'United States - Canada', createdAt: now });
    const meeting = (title: string, dialogueId: number) =>
      t.dataSource
        .getRepository(Meeting)
        .save({ title, kind: MeetingKind.IN_PERSON, status: MeetingStatus.HELD, date: '2017-02-23', location: null, dialogueId, createdAt: now, updatedAt: now });
    Object.assign(ids, {
      commitment: commitment.id,
      party: party.id,
      dialogue,
      otherDialogue: other.id,
      meeting: (await meeting('Mexico City meeting', dialogue)).id,
      otherMeeting: (await meeting('Ottawa meeting', other.id)).id,
    });
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

  it('sends a subscriber exactly the events of a committed change, with their fields resolved', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    const a = await recordEvent(ids.commitment, CommitmentStatus.IN_PROGRESS, { note: 'review started', evidenceUrl: 'https://www.dhs.gov/review' });
    const b = await recordEvent(ids.commitment, CommitmentStatus.FULFILLED, { fromStatus: CommitmentStatus.IN_PROGRESS, partyId: ids.party, validFrom: '2017-04-01' });
    expect(await feed.take(2)).toEqual([
      {
        data: {
          commitmentChanged: {
            id: String(a.id),
            fromStatus: 'ANNOUNCED',
            toStatus: 'IN_PROGRESS',
            validFrom: '2017-03-01',
            actor: 'analyst',
            note: 'review started',
            party: null,
            evidence: { url: 'https://www.dhs.gov/review' },
          },
        },
      },
      {
        data: {
          commitmentChanged: {
            id: String(b.id),
            fromStatus: 'IN_PROGRESS',
            toStatus: 'FULFILLED',
            validFrom: '2017-04-01',
            actor: 'analyst',
            note: null,
            party: { id: String(ids.party), status: 'ANNOUNCED', country: { code: 'US' } },
            evidence: null,
          },
        },
      },
    ]);
    expect(feed.ended).toBe(false);
  });

  it('publishes nothing for a transaction that rolls back', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    const before = await countRows(t.dataSource, 'commitment_event');
    await expect(
      events.transaction(async (em, pending) => {
        const event = await em.save(
          em.create(CommitmentEvent, {
            commitmentId: ids.commitment,
            partyId: null,
            fromStatus: CommitmentStatus.ANNOUNCED,
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
        pending.add(COMMITMENT_CHANGED, { eventId: event.id, commitmentId: ids.commitment, topicIds: [topic.security] });
        throw new Error('the second write failed');
      }),
    ).rejects.toThrow('the second write failed');
    expect(await countRows(t.dataSource, 'commitment_event')).toBe(before);
    // Delivery is in order: had the rolled-back event gone out, it would arrive before this one.
    const committed = await recordEvent(ids.commitment, CommitmentStatus.IN_PROGRESS, { note: 'committed' });
    const messages = await feed.take(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([{ data: { commitmentChanged: expect.objectContaining({ id: String(committed.id), note: 'committed' }) } }]);
  });

  it('filters commitmentChanged by topic, subtopics included', async () => {
    const all = subscribe(connect(), CHANGED);
    const security = subscribe(connect(), CHANGED, { topic: String(topic.security) });
    const counterterrorism = subscribe(connect(), CHANGED, { topic: String(topic.counterterrorism) });
    const economy = subscribe(connect(), CHANGED, { topic: String(topic.economy) });
    await live(COMMITMENT_CHANGED, 4);
    // A commitment under counterterrorism (payload: its topic and the ancestors), then one under economy only.
    const underCt = await recordEvent(ids.commitment, CommitmentStatus.IN_PROGRESS);
    const underEconomy = await recordEvent(ids.commitment, CommitmentStatus.STALLED, {}, [topic.economy]);
    // A payload listing only a subtopic still reaches the parent's subscribers.
    const childOnly = await recordEvent(ids.commitment, CommitmentStatus.IN_PROGRESS, {}, [topic.counterterrorism]);
    const idsOf = async (feed: Feed, n: number) =>
      (await feed.take(n)).map((m) => (m as { data: { commitmentChanged: { id: string } } }).data.commitmentChanged.id);
    expect(await idsOf(all, 3)).toEqual([underCt, underEconomy, childOnly].map((e) => String(e.id)));
    expect(await idsOf(security, 2)).toEqual([underCt, childOnly].map((e) => String(e.id)));
    expect(await idsOf(counterterrorism, 2)).toEqual([underCt, childOnly].map((e) => String(e.id)));
    expect(await idsOf(economy, 1)).toEqual([String(underEconomy.id)]);
  });

  it('resolves each event with fresh DataLoaders, not rows cached for an earlier event', async () => {
    const feed = subscribe(connect(), `subscription { commitmentChanged { id party { id status } } }`);
    await live(COMMITMENT_CHANGED, 1);
    await recordEvent(ids.commitment, CommitmentStatus.IN_PROGRESS, { partyId: ids.party });
    await feed.take(1);
    await t.dataSource.getRepository(CommitmentParty).update(ids.party, { status: CommitmentStatus.FULFILLED });
    await recordEvent(ids.commitment, CommitmentStatus.FULFILLED, { partyId: ids.party });
    const statuses = (await feed.take(2)).map((m) => (m as { data: { commitmentChanged: { party: { status: string } } } }).data.commitmentChanged.party.status);
    expect(statuses).toEqual(['ANNOUNCED', 'FULFILLED']);
    await t.dataSource.getRepository(CommitmentParty).update(ids.party, { status: CommitmentStatus.ANNOUNCED });
  });

  it('skips an event whose row is gone by the time it is read', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    await events.transaction(async (_em, pending) => {
      pending.add(COMMITMENT_CHANGED, { eventId: 999999, commitmentId: ids.commitment, topicIds: [topic.security] });
    });
    const next = await recordEvent(ids.commitment, CommitmentStatus.IN_PROGRESS);
    expect(await feed.take(1)).toEqual([{ data: { commitmentChanged: expect.objectContaining({ id: String(next.id) }) } }]);
  });

  it('filters meetingOutcomeLogged by dialogue', async () => {
    const all = subscribe(connect(), LOGGED);
    const ours = subscribe(connect(), LOGGED, { dialogue: String(ids.dialogue) });
    const theirs = subscribe(connect(), LOGGED, { dialogue: String(ids.otherDialogue) });
    await live(MEETING_OUTCOME_LOGGED, 3);
    const mexico = await logOutcome(ids.meeting, ids.dialogue, 'Agreed to a joint review.');
    const ottawa = await logOutcome(ids.otherMeeting, ids.otherDialogue, 'Talked about lumber.');
    const message = (o: MeetingOutcome, meeting: { id: number; title: string }) => ({
      data: {
        meetingOutcomeLogged: {
          id: String(o.id),
          summary: o.summary,
          heldOn: '2017-02-23',
          recordedBy: 'staff',
          meeting: { id: String(meeting.id), title: meeting.title, status: 'HELD' },
        },
      },
    });
    const mx = { id: ids.meeting, title: 'Mexico City meeting' };
    const ca = { id: ids.otherMeeting, title: 'Ottawa meeting' };
    expect(await all.take(2)).toEqual([message(mexico, mx), message(ottawa, ca)]);
    expect(await ours.take(1)).toEqual([message(mexico, mx)]);
    expect(await theirs.take(1)).toEqual([message(ottawa, ca)]);
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

  it('takes the actor of operations on the socket from the connection parameters, else the upgrade X-Actor header', async () => {
    const mutation = (title: string) => `mutation { createCommitment(input: { title: "${title}", text: "Text.", kind: ACTION }) { title createdBy } }`;
    const byParam = subscribe(connect({ actor: 'staff@example.org' }), mutation('by param'));
    expect(await byParam.take(1)).toEqual([{ data: { createCommitment: { title: 'by param', createdBy: 'staff@example.org' } } }]);
    const anonymous = subscribe(connect(), mutation('anonymous'));
    expect(await anonymous.take(1)).toEqual([{ data: { createCommitment: { title: 'anonymous', createdBy: 'anonymous' } } }]);
    const withHeader = createClient({ url, webSocketImpl: class extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols, { headers: { 'X-Actor': 'header@example.org' } });
      }
    }, retryAttempts: 0, lazy: true });
    clients.push(withHeader);
    const byHeader = subscribe(withHeader, mutation('by header'));
    expect(await byHeader.take(1)).toEqual([{ data: { createCommitment: { title: 'by header', createdBy: 'header@example.org' } } }]);
    // Over HTTP nothing changed: the X-Actor header.
    expect(ok(await t.gql(`${mutation('over http')}`, {}, { 'X-Actor': 'http@example.org' })).createCommitment).toEqual({ title: 'over http', createdBy: 'http@example.org' });
  });

  it('lets go of a subscription when the client unsubscribes', async () => {
    const feed = subscribe(connect(), CHANGED);
    await live(COMMITMENT_CHANGED, 1);
    feed.stop();
    await live(COMMITMENT_CHANGED, 0);
  });
});
