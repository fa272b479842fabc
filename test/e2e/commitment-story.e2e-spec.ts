import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/**
 * The lifecycle story of issue 4, end to end through the public API: ingest the seed, accept
 * its candidates, log the outcome of the Mexico City meeting with the foreign secretary, mark
 * the DHS aid review fulfilled (back-dated), and read it all back - timeline, statusAt, topic
 * progress as of both dates - with every subscription message the changes produced.
 */
const SEED = readFileSync(`${__dirname}/../fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt`, 'utf8');

async function until(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function collect(client: Client, query: string, variables?: Record<string, unknown>) {
  const messages: any[] = [];
  const stop = client.subscribe({ query, variables }, { next: (m) => messages.push(m), error: (e) => messages.push({ error: String(e) }), complete: () => {} });
  return { messages, stop };
}

describe('Commitment lifecycle story (e2e)', () => {
  let t: TestApp;
  let client: Client;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${t.adminToken}` }, retryAttempts: 0 });
  });
  afterAll(async () => {
    await client.dispose();
    await t.close();
  });

  it('follows what was said to what was done', async () => {
    const topics = Object.fromEntries(ok(await t.gql('{ topics { id slug } }')).topics.map((x: any) => [x.slug, x.id]));
    const everything = collect(client, 'subscription { commitmentChanged { id toStatus fromStatus validFrom actor party { id } commitment { id } } }');
    const security = collect(client, 'subscription($topic: ID) { commitmentChanged(topic: $topic) { id toStatus } }', { topic: topics.security });
    const outcomes = collect(client, 'subscription($d: ID) { meetingOutcomeLogged(dialogue: $d) { id summary state meeting { id status date } } }', { d: '1' });
    const bus = t.app.get(EventsService);
    await until(() => bus.subscriberCount(COMMITMENT_CHANGED) >= 2 && bus.subscriberCount(MEETING_OUTCOME_LOGGED) >= 1, 'the subscriptions to register');

    // 1. Ingest the seed and accept every candidate (the aid review with a topic staff add).
    const ingest = ok(await t.gql('mutation($t: String!) { ingestBriefing(input: { text: $t }) { candidates { id span { quote } } } }', { t: SEED }, await t.as('staff'))).ingestBriefing;
    const aidCandidate = ingest.candidates.find((c: any) => c.span.quote.includes('Department of Homeland Security will undergo a review'));
    const ctCandidate = ingest.candidates.find((c: any) => c.span.quote.includes('collaboration in the area of counterterrorism'));
    expect(aidCandidate && ctCandidate).toBeTruthy();
    for (const c of ingest.candidates) {
      const input = c.id === aidCandidate.id ? { topicIds: [topics['foreign-policy']] } : null;
      ok(await t.gql('mutation($id: ID!, $input: ReviseCandidateInput) { acceptCommitmentCandidate(id: $id, input: $input) { id } }', { id: c.id, input }, await t.as('staff')));
    }
    const accepted = ok(await t.gql('{ commitmentCandidates(briefing: "1", state: ACCEPTED) { id commitment { id } } }')).commitmentCandidates;
    expect(accepted).toHaveLength(ingest.candidates.length);
    const commitmentOf = (candidateId: string) => accepted.find((c: any) => c.id === candidateId).commitment.id;
    const aid = commitmentOf(aidCandidate.id);
    const ct = commitmentOf(ctCandidate.id);

    // 2. The Mexico City meeting with the foreign secretary happens: log its outcome.
    const videgaray = ok(await t.gql('{ participants(filter: { search: "Videgaray" }) { nodes { id } } }')).participants.nodes[0].id;
    const meeting = ok(await t.gql('query($p: ID) { meetings(filter: { participant: $p, status: [PLANNED] }) { nodes { id title } } }', { p: videgaray })).meetings.nodes[0];
    expect(meeting.title).toContain('Videgaray');
    const outcome = ok(
      await t.gql(
        `mutation($input: LogMeetingOutcomeInput!) { logMeetingOutcome(input: $input) { id state recordedBy commitments { id title } } }`,
        {
          input: {
            meetingId: meeting.id,
            summary: 'Agreed to deepen counterterrorism cooperation and to review southern border cooperation jointly.',
            heldOn: '2017-02-23',
            statusChanges: [{ commitmentId: ct, status: 'IN_PROGRESS', note: 'Working group on counterterrorism set up' }],
            newCommitments: [
              {
                title: 'Joint review of cooperation on Mexico\'s southern border',
                text: 'Both governments will review their cooperation on Mexico\'s southern border.',
                kind: 'ACTION',
                topicIds: [topics.migration],
                parties: [{ country: 'US' }, { country: 'MX' }],
              },
            ],
          },
        },
        await t.as('desk.officer'),
      ),
    ).logMeetingOutcome;
    expect(outcome.state).toBe('DRAFT');
    expect(outcome.recordedBy).toBe('desk.officer');
    const created = outcome.commitments.find((c: any) => c.title.startsWith('Joint review'));
    expect(created).toBeDefined();

    // 3. DHS completes the aid review: FULFILLED for DHS, back-dated to 15 March 2017.
    const aidBefore = ok(await t.gql(`{ commitment(id: "${aid}") { version parties { id organization { acronym } } } }`)).commitment;
    const dhs = aidBefore.parties.find((p: any) => p.organization?.acronym === 'DHS');
    ok(
      await t.gql(
        'mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id } }',
        { input: { id: aid, party: dhs.id, status: 'FULFILLED', validFrom: '2017-03-15', note: 'Review of aid to Mexico delivered to the President', evidence: { url: 'https://www.dhs.gov/aid-review' }, expectedVersion: aidBefore.version } },
        await t.as('analyst'),
      ),
    );

    // The aid review's lineage, as-of answers and score.
    const story = ok(
      await t.gql(`{ commitment(id: "${aid}") {
        status complianceScore
        before: statusAt(date: "2017-03-14") on: statusAt(date: "2017-03-15") never: statusAt(date: "2017-02-20")
        timeline { kind date statement { speakerLabel } event { fromStatus toStatus validFrom actor party { organization { acronym } } evidence { url } } }
      } }`),
    ).commitment;
    expect(story).toEqual({
      status: 'FULFILLED',
      complianceScore: 1,
      before: 'ANNOUNCED',
      on: 'FULFILLED',
      never: null,
      timeline: [
        { kind: 'ANNOUNCED_IN', date: '2017-02-21', statement: { speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL TWO' }, event: null },
        expect.objectContaining({ kind: 'STATUS_CHANGED', date: '2017-02-21', event: expect.objectContaining({ fromStatus: null, toStatus: 'ANNOUNCED', actor: 'staff', party: null }) }),
        {
          kind: 'STATUS_CHANGED',
          date: '2017-03-15',
          statement: null,
          event: { fromStatus: 'ANNOUNCED', toStatus: 'FULFILLED', validFrom: '2017-03-15', actor: 'analyst', party: { organization: { acronym: 'DHS' } }, evidence: { url: 'https://www.dhs.gov/aid-review' } },
        },
        {
          kind: 'STATUS_CHANGED',
          date: '2017-03-15',
          statement: null,
          event: { fromStatus: 'ANNOUNCED', toStatus: 'FULFILLED', validFrom: '2017-03-15', actor: 'analyst', party: null, evidence: { url: 'https://www.dhs.gov/aid-review' } },
        },
      ],
    });

    // The counterterrorism commitment: announced, then advanced at the meeting.
    const ctStory = ok(
      await t.gql(`{ commitment(id: "${ct}") { status before: statusAt(date: "2017-02-22") after: statusAt(date: "2017-02-23")
        timeline { kind date meeting { id } outcome { id } event { toStatus evidence { meetingOutcome { id } } } } } }`),
    ).commitment;
    expect(ctStory.status).toBe('IN_PROGRESS');
    expect([ctStory.before, ctStory.after]).toEqual(['ANNOUNCED', 'IN_PROGRESS']);
    expect(ctStory.timeline.map((e: any) => [e.kind, e.date])).toEqual([
      ['ANNOUNCED_IN', '2017-02-21'],
      ['STATUS_CHANGED', '2017-02-21'],
      ['ADVANCED_AT', '2017-02-23'],
      ['STATUS_CHANGED', '2017-02-23'], // the State Department's own obligation
      ['STATUS_CHANGED', '2017-02-23'], // the commitment's status, derived from its parties
    ]);
    expect(ctStory.timeline[2]).toMatchObject({ meeting: { id: meeting.id }, outcome: { id: outcome.id } });
    for (const entry of ctStory.timeline.slice(3)) expect(entry.event).toEqual({ toStatus: 'IN_PROGRESS', evidence: { meetingOutcome: { id: outcome.id } } });
    const links = ok(await t.gql(`{ meeting(id: "${meeting.id}") { status date commitmentLinks { relation commitment { id } } } }`)).meeting;
    expect(links.status).toBe('HELD');
    expect(links.date).toBe('2017-02-23');
    expect(links.commitmentLinks.map((l: any) => [l.relation, l.commitment.id]).sort()).toEqual([['ADVANCED', ct], ['CREATED', created.id]].sort());

    // Topic progress as of both dates, from the event history.
    const progress = async (asOf: string) =>
      Object.fromEntries(
        ok(await t.gql(`{ topicProgress(asOf: "${asOf}") { topic { slug } byStatus { status count } } }`)).topicProgress.map((row: any) => [
          row.topic.slug,
          Object.fromEntries(row.byStatus.filter((b: any) => b.count > 0).map((b: any) => [b.status, b.count])),
        ]),
      );
    const early = await progress('2017-02-22');
    const late = await progress('2017-03-20');
    const moved = (row: Record<string, number>, from: string, to: string) => {
      const out = { ...row, [to]: (row[to] ?? 0) + 1 };
      if (from) out[from] -= 1;
      if (out[from] === 0) delete out[from];
      return out;
    };
    expect(early['foreign-policy'].FULFILLED).toBeUndefined();
    expect(early.security.IN_PROGRESS).toBeUndefined();
    expect(late).toEqual({
      ...early,
      'foreign-policy': moved(early['foreign-policy'], 'ANNOUNCED', 'FULFILLED'),
      security: moved(early.security, 'ANNOUNCED', 'IN_PROGRESS'),
      migration: moved(early.migration, '', 'ANNOUNCED'), // the joint review, announced at the meeting on 2017-02-23
    });

    // Every event reached the unfiltered subscriber exactly once, in order; the security
    // subscriber got exactly the events of security commitments; one outcome was announced.
    const events: { id: number; commitment_id: number }[] = await t.dataSource.query('SELECT id, commitment_id FROM commitment_event ORDER BY id');
    await until(() => everything.messages.length >= events.length, `${events.length} commitmentChanged messages`);
    await new Promise((r) => setTimeout(r, 200));
    expect(everything.messages.map((m) => [Number(m.data.commitmentChanged.id), Number(m.data.commitmentChanged.commitment.id)])).toEqual(
      events.map((e) => [Number(e.id), Number(e.commitment_id)]),
    );
    const securityCommitments = new Set(
      (await t.dataSource.query('SELECT commitment_id FROM commitment_topic WHERE topic_id = $1'.replace('$1', String(topics.security)))).map((r: any) => Number(r.commitment_id)),
    );
    const securityEvents = events.filter((e) => securityCommitments.has(Number(e.commitment_id))).map((e) => Number(e.id));
    await until(() => security.messages.length >= securityEvents.length, 'security events');
    expect(security.messages.map((m) => Number(m.data.commitmentChanged.id))).toEqual(securityEvents);
    await until(() => outcomes.messages.length >= 1, 'the outcome message');
    expect(outcomes.messages).toEqual([{ data: { meetingOutcomeLogged: { id: outcome.id, summary: expect.stringContaining('counterterrorism'), state: 'DRAFT', meeting: { id: meeting.id, status: 'HELD', date: '2017-02-23' } } } }]);
    everything.stop();
    security.stop();
    outcomes.stop();
  });
});
