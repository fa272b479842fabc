import { Commitment, CommitmentEvent, CommitmentParty, CommitmentTopic } from '../../src/commitments/commitment.entity';
import { CommitmentKind, CommitmentStatus, DatePrecision } from '../../src/commitments/commitment.enums';
import { needsEvidence, TRANSITIONS } from '../../src/commitments/commitment-lifecycle';
import { ALL_STATUSES, complianceScoreOf, isOverdue, statusAt, todayIso } from '../../src/commitments/commitment-rules';
import { TimelineBucket } from '../../src/commitments/dto/topic-progress.types';
import { timelineBuckets } from '../../src/commitments/topic-timeline';
import { Topic } from '../../src/topics/topic.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/**
 * Every figure of topicProgress, Topic.progress and topicTimeline against a brute-force recount
 * in TypeScript over random data: a seeded PRNG makes subtopics (two levels), commitments with
 * one to three topics, parties, due dates around today, and back-dated histories with party
 * events and same-day ties. The recount reads the rows back and applies the rules of
 * commitment-rules.ts (statusAt, isOverdue, complianceScoreOf) one commitment at a time.
 */

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const DAY = 86_400_000;
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const PROGRESS = 'total byStatus { status count } fulfilledShare complianceScore overdue lastActivityAt';

interface Data {
  topics: Topic[];
  commitments: Commitment[];
  tags: CommitmentTopic[];
  events: CommitmentEvent[];
}

/** The brute-force recount of one topic's progress (subtopics included, each commitment once). */
function recount(data: Data, topicId: number, asOf: string | null, dialogueId: number | null) {
  const subtree = new Set([topicId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const t of data.topics) if (t.parentId !== null && subtree.has(t.parentId) && !subtree.has(t.id)) grew = subtree.add(t.id) !== null;
  }
  const ids = new Set(data.tags.filter((x) => subtree.has(x.topicId)).map((x) => x.commitmentId));
  const counts = new Map<CommitmentStatus, number>();
  let overdue = 0;
  let last: number | null = null;
  for (const c of data.commitments) {
    if (!ids.has(c.id) || (dialogueId !== null && c.dialogueId !== dialogueId)) continue;
    const history = data.events.filter((e) => e.commitmentId === c.id);
    const status = asOf === null ? c.status : statusAt(history, asOf);
    if (status === null) continue;
    counts.set(status, (counts.get(status) ?? 0) + 1);
    if (isOverdue({ dueDate: c.dueDate, status }, asOf ?? todayIso())) overdue++;
    const instants = history.filter((e) => asOf === null || e.validFrom <= asOf).map((e) => e.recordedAt.getTime());
    if (asOf === null) instants.push(c.updatedAt.getTime());
    for (const i of instants) last = last === null ? i : Math.max(last, i);
  }
  const byStatus = ALL_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
  const total = byStatus.reduce((s, x) => s + x.count, 0);
  const assessed = byStatus.filter((x) => complianceScoreOf(x.status) !== null);
  const assessedCount = assessed.reduce((s, x) => s + x.count, 0);
  return {
    total,
    byStatus,
    fulfilledShare: total ? (counts.get(CommitmentStatus.FULFILLED) ?? 0) / total : null,
    complianceScore: assessedCount ? assessed.reduce((s, x) => s + complianceScoreOf(x.status)! * x.count, 0) / assessedCount : null,
    overdue,
    lastActivityAt: last === null ? null : new Date(last).toISOString(),
  };
}

describe('Aggregates against a brute-force recount (e2e)', () => {
  let t: TestApp;
  let data: Data;
  let dialogue: number;
  const today = todayIso();
  const rnd = prng(20170221);

  beforeAll(async () => {
    t = await createTestApp();
    dialogue = Number(ok(await t.gql('{ dialogues { id } }')).dialogues[0].id);
    const roots: Topic[] = await t.dataSource.getRepository(Topic).find({ order: { id: 'ASC' } });
    // Subtopics: up to two per root, some with a child of their own.
    const parents = [...roots];
    for (let i = 0; i < 8; i++) {
      const parent = i < 5 ? rnd.pick(roots) : rnd.pick(parents.slice(roots.length));
      const { createTopic } = ok(
        await t.gql(`mutation { createTopic(input: { slug: "sub-${i}", title: "Sub ${i}", parentId: "${parent.id}" }) { id } }`),
      );
      parents.push({ id: Number(createTopic.id), parentId: parent.id } as Topic);
    }
    const topicIds = parents.map((p) => p.id);

    const now = new Date();
    const commitments = t.dataSource.getRepository(Commitment);
    const events = t.dataSource.getRepository(CommitmentEvent);
    for (let i = 0; i < 90; i++) {
      const announced = addDays('2016-06-01', rnd.int(900));
      const dueDate = rnd.chance(0.25) ? null : addDays(today, rnd.int(1400) - 1000);
      const { identifiers } = await commitments.insert({
        title: `Commitment ${i}`,
        text: `Commitment ${i} will be done.`,
        kind: CommitmentKind.ACTION,
        status: CommitmentStatus.ANNOUNCED,
        dueDate,
        dueDatePrecision: dueDate ? DatePrecision.DAY : DatePrecision.NONE,
        dialogueId: rnd.chance(0.5) ? dialogue : null,
        version: 1,
        createdBy: 'test',
        createdAt: now,
        updatedAt: new Date(Date.parse(`${announced}T00:00:00Z`) + rnd.int(1000) * DAY),
      });
      const id = Number(identifiers[0].id);
      const tagged = new Set(Array.from({ length: rnd.int(3) + (i % 10 === 0 ? 0 : 1) }, () => rnd.pick(topicIds)));
      for (const topicId of tagged) await t.dataSource.getRepository(CommitmentTopic).insert({ commitmentId: id, topicId });
      const party = rnd.chance(0.4)
        ? Number((await t.dataSource.getRepository(CommitmentParty).insert({ commitmentId: id, organizationId: null, countryCode: rnd.pick(['US', 'MX']), status: CommitmentStatus.ANNOUNCED })).identifiers[0].id)
        : null;
      // A history: ANNOUNCED, then up to five changes, sometimes several on one day.
      let status = CommitmentStatus.ANNOUNCED;
      let day = announced;
      const add = async (partyId: number | null, from: CommitmentStatus | null, to: CommitmentStatus) =>
        events.insert({
          commitmentId: id,
          partyId,
          fromStatus: from,
          toStatus: to,
          validFrom: day,
          recordedAt: new Date(Date.parse(`${day}T00:00:00Z`) + rnd.int(60 * DAY)),
          actor: 'test',
          note: null,
        });
      await add(null, null, status);
      for (let k = rnd.int(6); k > 0; k--) {
        day = rnd.chance(0.2) ? day : addDays(day, rnd.int(200) + 1);
        if (day > today) break;
        if (party !== null && rnd.chance(0.3)) {
          await add(party, CommitmentStatus.ANNOUNCED, rnd.pick(ALL_STATUSES.slice(1)));
          continue;
        }
        const next = rnd.pick(ALL_STATUSES.filter((s) => s !== status && s !== CommitmentStatus.ANNOUNCED));
        await add(null, status, next);
        status = next;
      }
      await commitments.update(id, { status });
    }
    // Commitments with no topic and an empty subtopic are counted nowhere.
    data = {
      topics: await t.dataSource.getRepository(Topic).find({ order: { id: 'ASC' } }),
      commitments: await commitments.find({ order: { id: 'ASC' } }),
      tags: await t.dataSource.getRepository(CommitmentTopic).find(),
      events: await events.find({ order: { id: 'ASC' } }),
    };
  });
  afterAll(async () => t.close());

  const DATES = [null, '2016-01-01', '2016-09-30', '2017-03-15', '2017-12-31', '2018-06-30', today];

  it('made data that exercises every status, subtopics, both dialogues, overdue and same-day ties', () => {
    const statuses = new Set(data.commitments.map((c) => c.status));
    expect(statuses.size).toBe(ALL_STATUSES.length);
    expect(data.topics.filter((x) => x.parentId !== null && data.topics.find((p) => p.id === x.parentId)!.parentId !== null).length).toBeGreaterThan(0);
    expect(data.commitments.filter((c) => isOverdue(c, today)).length).toBeGreaterThan(3);
    const days = data.events.filter((e) => e.partyId === null).map((e) => `${e.commitmentId}:${e.validFrom}`);
    expect(new Set(days).size).toBeLessThan(days.length);
    expect(data.events.some((e) => e.partyId !== null)).toBe(true);
  });

  it.each(DATES.flatMap((asOf) => [[asOf, null] as const, [asOf, 'dialogue'] as const]))('topicProgress(asOf: %s, dialogue: %s) equals the recount', async (asOf, withDialogue) => {
    const dialogueId = withDialogue ? dialogue : null;
    const { topicProgress } = ok(
      await t.gql(`query($asOf: Date, $dialogue: ID) { topicProgress(asOf: $asOf, dialogue: $dialogue) { topic { id } ${PROGRESS} } }`, {
        asOf,
        dialogue: dialogueId === null ? null : String(dialogueId),
      }),
    );
    const roots = data.topics.filter((x) => x.parentId === null);
    expect(topicProgress).toEqual(roots.map((r) => ({ topic: { id: String(r.id) }, ...recount(data, r.id, asOf, dialogueId) })));
    expect(topicProgress.reduce((s: number, r: any) => s + r.total, 0)).toBeGreaterThan(asOf === '2016-01-01' ? -1 : 0);
  });

  it.each(DATES)('Topic.progress(asOf: %s) of every topic, subtopics too, equals the recount', async (asOf) => {
    const { topics } = ok(await t.gql(`query($asOf: Date) { topics { id progress(asOf: $asOf) { ${PROGRESS} } } }`, { asOf }));
    expect(topics).toEqual(data.topics.map((x) => ({ id: String(x.id), progress: recount(data, x.id, asOf, null) })));
  });

  it.each([TimelineBucket.WEEK, TimelineBucket.MONTH, TimelineBucket.QUARTER])('topicTimeline(bucket: %s) of every topic equals the recount at each bucket end', async (bucket) => {
    const [from, to] = bucket === TimelineBucket.WEEK ? ['2016-11-20', '2017-06-07'] : ['2016-05-15', '2019-02-10'];
    const spans = timelineBuckets(from, to, bucket);
    for (const topic of data.topics) {
      for (const dialogueId of [null, dialogue]) {
        const { topicTimeline } = ok(
          await t.gql(
            `query($topic: ID!, $from: Date!, $to: Date!, $bucket: TimelineBucket!, $dialogue: ID) {
               topicTimeline(topic: $topic, from: $from, to: $to, bucket: $bucket, dialogue: $dialogue) { start end asOf total byStatus { status count } } }`,
            { topic: String(topic.id), from, to, bucket, dialogue: dialogueId === null ? null : String(dialogueId) },
          ),
        );
        expect(topicTimeline).toEqual(
          spans.map((s) => {
            const { total, byStatus } = recount(data, topic.id, s.asOf, dialogueId);
            return { ...s, total, byStatus };
          }),
        );
      }
    }
  });
});

/**
 * topicProgress without asOf reads a roll-up the database keeps with triggers (migration
 * 1764340000000). Random writes through the API, the paths it has (re-tagging, status changes,
 * due dates, creating and deleting commitments, moving and deleting topics), plus raw SQL for
 * what no mutation does (a commitment's dialogue, an event written directly, a deleted tag),
 * and after every few of them every figure must still equal the brute-force recount: a stale
 * roll-up shows as a difference.
 */
describe('Topic progress roll-up against a brute-force recount after random writes (e2e)', () => {
  let t: TestApp;
  let dialogue: number;
  const today = todayIso();
  const rnd = prng(20250117);
  const ids: number[] = [];
  const topicIds: number[] = [];

  const read = async (): Promise<Data> => ({
    topics: await t.dataSource.getRepository(Topic).find({ order: { id: 'ASC' } }),
    commitments: await t.dataSource.getRepository(Commitment).find({ order: { id: 'ASC' } }),
    tags: await t.dataSource.getRepository(CommitmentTopic).find(),
    events: await t.dataSource.getRepository(CommitmentEvent).find({ order: { id: 'ASC' } }),
  });

  /** What the compared data had at some point: overdue commitments, a topic two levels down. */
  const seen = { overdue: false, grandchild: false };

  async function expectRecount(step: string): Promise<void> {
    const data = await read();
    seen.overdue ||= data.commitments.some((c) => isOverdue(c, today));
    seen.grandchild ||= data.topics.some((x) => x.parentId !== null && data.topics.find((p) => p.id === x.parentId)!.parentId !== null);
    const roots = data.topics.filter((x) => x.parentId === null);
    for (const dialogueId of [null, dialogue]) {
      const { topicProgress } = ok(
        await t.gql(`query($dialogue: ID) { topicProgress(dialogue: $dialogue) { topic { id } ${PROGRESS} } }`, { dialogue: dialogueId === null ? null : String(dialogueId) }),
      );
      expect({ step, dialogueId, topicProgress }).toEqual({ step, dialogueId, topicProgress: roots.map((r) => ({ topic: { id: String(r.id) }, ...recount(data, r.id, null, dialogueId) })) });
    }
    const { topics } = ok(await t.gql(`{ topics { id progress { ${PROGRESS} } } }`));
    expect({ step, topics }).toEqual({ step, topics: data.topics.map((x) => ({ id: String(x.id), progress: recount(data, x.id, null, null) })) });
  }

  const randomTopics = () => [...new Set(Array.from({ length: rnd.int(4) }, () => String(rnd.pick(topicIds))))];
  const randomDue = () => (rnd.chance(0.2) ? null : addDays(today, rnd.int(60) - 30));

  async function create(): Promise<void> {
    const { createCommitment } = ok(
      await t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', {
        input: {
          title: `Roll-up ${ids.length}`,
          text: 'Will be done.',
          kind: 'ACTION',
          topicIds: randomTopics(),
          dueDate: randomDue(),
          dialogueId: rnd.chance(0.6) ? String(dialogue) : null,
          parties: rnd.chance(0.3) ? [{ country: rnd.pick(['US', 'MX']) }] : [],
        },
      }),
    );
    ids.push(Number(createCommitment.id));
  }

  beforeAll(async () => {
    t = await createTestApp();
    dialogue = Number(ok(await t.gql('{ dialogues { id } }')).dialogues[0].id);
    const roots: Topic[] = await t.dataSource.getRepository(Topic).find({ order: { id: 'ASC' } });
    topicIds.push(...roots.map((r) => r.id));
    for (let i = 0; i < 7; i++) {
      const parent = i < 4 ? rnd.pick(roots).id : rnd.pick(topicIds.slice(roots.length));
      const { createTopic } = ok(await t.gql(`mutation { createTopic(input: { slug: "r-${i}", title: "R ${i}", parentId: "${parent}" }) { id } }`));
      topicIds.push(Number(createTopic.id));
    }
    for (let i = 0; i < 30; i++) await create();
  });
  afterAll(async () => t.close());

  it('starts equal to the recount', async () => {
    await expectRecount('start');
  });

  it('stays equal through 200 random writes', async () => {
    const done = new Map<string, number>();
    for (let step = 0; step < 200; step++) {
      const id = rnd.pick(ids);
      const op = rnd.pick(['retag', 'retag', 'status', 'status', 'status', 'due', 'create', 'delete', 'move', 'dialogue', 'event', 'untag', 'deleteTopic'] as const);
      let applied = true;
      switch (op) {
        case 'retag':
          ok(await t.gql(`mutation($id: ID!, $topics: [ID!]) { updateCommitment(id: $id, input: { topicIds: $topics }) { id } }`, { id: String(id), topics: randomTopics() }));
          break;
        case 'status': {
          const { commitment } = ok(await t.gql(`query($id: ID!) { commitment(id: $id) { status } }`, { id: String(id) }));
          const options = TRANSITIONS[commitment.status as CommitmentStatus];
          if (!options.length) {
            applied = false;
            break;
          }
          const status = rnd.pick(options);
          const evidence = needsEvidence(status) ? { url: 'https://example.org/evidence' } : null;
          ok(await t.gql(`mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id } }`, { input: { id: String(id), status, evidence } }));
          break;
        }
        case 'due':
          ok(await t.gql(`mutation($id: ID!, $due: Date) { updateCommitment(id: $id, input: { dueDate: $due }) { id } }`, { id: String(id), due: randomDue() }));
          break;
        case 'create':
          await create();
          break;
        case 'delete':
          ok(await t.gql(`mutation($id: ID!) { deleteCommitment(id: $id) }`, { id: String(id) }));
          ids.splice(ids.indexOf(id), 1);
          break;
        case 'move': {
          // A subtopic under another topic, or up to the top; a cycle is refused and changes nothing.
          const topic = rnd.pick(topicIds.slice(5));
          const parent = rnd.chance(0.2) ? null : String(rnd.pick(topicIds.filter((x) => x !== topic)));
          const res = await t.gql(`mutation($id: ID!, $parent: ID) { updateTopic(id: $id, input: { parentId: $parent }) { id } }`, { id: String(topic), parent });
          applied = !res.errors;
          break;
        }
        case 'dialogue':
          await t.dataSource.query(`UPDATE commitment SET dialogue_id = ${rnd.chance(0.5) ? dialogue : 'NULL'} WHERE id = ${id}`);
          break;
        case 'event': {
          // An event recorded later than anything else: activity, and not a status change.
          const recordedAt = new Date(Date.now() + rnd.int(1000) * 60_000);
          await t.dataSource.getRepository(CommitmentEvent).insert({ commitmentId: id, partyId: null, fromStatus: null, toStatus: CommitmentStatus.ANNOUNCED, validFrom: '2016-01-01', recordedAt, actor: 'test', note: null });
          break;
        }
        case 'untag':
          await t.dataSource.getRepository(CommitmentTopic).delete({ commitmentId: id });
          break;
        case 'deleteTopic': {
          // A topic without subtopics can go; its tags go with it.
          const data = await read();
          const leaves = data.topics.filter((x) => x.id > topicIds[4] && !data.topics.some((y) => y.parentId === x.id));
          if (!leaves.length || topicIds.length < 9) {
            applied = false;
            break;
          }
          const leaf = rnd.pick(leaves).id;
          ok(await t.gql(`mutation($id: ID!) { deleteTopic(id: $id) }`, { id: String(leaf) }));
          topicIds.splice(topicIds.indexOf(leaf), 1);
          break;
        }
      }
      if (applied) done.set(op, (done.get(op) ?? 0) + 1);
      if (step % 10 === 9) await expectRecount(`${step}: ${op}`);
    }
    // Every kind of write happened.
    expect([...done.keys()].sort()).toEqual(['create', 'delete', 'deleteTopic', 'dialogue', 'due', 'event', 'move', 'retag', 'status', 'untag']);
    expect(seen).toEqual({ overdue: true, grandchild: true });
  });

  it('takes concurrent status changes on commitments of the same topics: every one succeeds, the counts stay equal to the recount', async () => {
    // Opposite changes at once move the same counters in opposite orders (on PostgreSQL, writers take turns on them).
    const shared = [String(topicIds[0]), String(topicIds[5])];
    const batch: string[] = [];
    for (let i = 0; i < 12; i++) {
      const { createCommitment } = ok(
        await t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', {
          input: { title: `Concurrent ${i}`, text: 'Will be done.', kind: 'ACTION', topicIds: shared, dueDate: addDays(today, -i), dialogueId: String(dialogue) },
        }),
      );
      batch.push(createCommitment.id);
    }
    for (const round of ['IN_PROGRESS', 'STALLED', 'IN_PROGRESS']) {
      const results = await Promise.all(
        batch.map((id, i) =>
          t.gql('mutation($input: SetCommitmentStatusInput!) { setCommitmentStatus(input: $input) { id status } }', {
            input: { id, status: i % 2 === 0 ? round : round === 'STALLED' ? 'IN_PROGRESS' : 'STALLED' },
          }),
        ),
      );
      expect(results.map((r) => r.errors ?? null)).toEqual(batch.map(() => null));
      await expectRecount(`concurrent ${round}`);
    }
  });
});
