import { CommitmentEvent } from '../../src/commitments/commitment.entity';
import { CommitmentStatus } from '../../src/commitments/commitment.enums';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'NOT_FULFILLED', 'INCONCLUSIVE', 'WITHDRAWN'];
const byStatus = (counts: Record<string, number> = {}) => STATUSES.map((status) => ({ status, count: counts[status] ?? 0 }));
const TIMELINE = `query($topic: ID!, $from: Date!, $to: Date!, $bucket: TimelineBucket!, $dialogue: ID) {
  topicTimeline(topic: $topic, from: $from, to: $to, bucket: $bucket, dialogue: $dialogue) { start end asOf total byStatus { status count } } }`;

describe('Topic timeline (e2e)', () => {
  let t: TestApp;
  const topic: Record<string, string> = {};
  let dialogue: string;

  /** A commitment announced on `announced`, then [status, validFrom] whole-commitment changes. */
  async function commitment(input: Record<string, unknown>, announced: string, changes: [CommitmentStatus, string][] = []) {
    const { createCommitment } = ok(
      await t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', { input: { title: 'X', text: 'X will be done.', kind: 'ACTION', ...input } }),
    );
    const id = Number(createCommitment.id);
    const events = t.dataSource.getRepository(CommitmentEvent);
    await events.update({ commitmentId: id }, { validFrom: announced });
    let from = CommitmentStatus.ANNOUNCED;
    for (const [to, validFrom] of changes) {
      await events.insert({ commitmentId: id, partyId: null, fromStatus: from, toStatus: to, validFrom, recordedAt: new Date(), actor: 'staff', note: null });
      from = to;
    }
    await t.dataSource.query(`UPDATE commitment SET status = '${from}' WHERE id = ${id}`);
  }
  const timeline = async (variables: Record<string, unknown>) => ok(await t.gql(TIMELINE, variables)).topicTimeline;

  beforeAll(async () => {
    t = await createTestApp();
    for (const x of ok(await t.gql('{ topics { id slug } }')).topics) topic[x.slug] = x.id;
    dialogue = ok(await t.gql('{ dialogues { id } }')).dialogues[0].id;
    topic.counterterrorism = ok(await t.gql(`mutation { createTopic(input: { slug: "counterterrorism", title: "CT", parentId: "${topic.security}" }) { id } }`)).createTopic.id;

    await commitment({ topicIds: [topic.security] }, '2017-01-10', [
      [CommitmentStatus.IN_PROGRESS, '2017-02-15'],
      [CommitmentStatus.FULFILLED, '2017-03-31'],
    ]);
    await commitment({ topicIds: [topic.counterterrorism, topic.security], dialogueId: dialogue }, '2017-02-01', [[CommitmentStatus.STALLED, '2017-04-01']]);
    await commitment({ topicIds: [topic.migration] }, '2017-01-05');
  });
  afterAll(async () => t.close());

  it('counts the topic\'s commitments, subtopics included and each once, by the status each had at the end of every month', async () => {
    expect(await timeline({ topic: topic.security, from: '2016-12-15', to: '2017-04-10', bucket: 'MONTH' })).toEqual([
      { start: '2016-12-01', end: '2016-12-31', asOf: '2016-12-31', total: 0, byStatus: byStatus() },
      { start: '2017-01-01', end: '2017-01-31', asOf: '2017-01-31', total: 1, byStatus: byStatus({ ANNOUNCED: 1 }) },
      { start: '2017-02-01', end: '2017-02-28', asOf: '2017-02-28', total: 2, byStatus: byStatus({ ANNOUNCED: 1, IN_PROGRESS: 1 }) },
      // The fulfilment valid from the 31st counts at the end of March; the stall of 1 April does not.
      { start: '2017-03-01', end: '2017-03-31', asOf: '2017-03-31', total: 2, byStatus: byStatus({ ANNOUNCED: 1, FULFILLED: 1 }) },
      { start: '2017-04-01', end: '2017-04-30', asOf: '2017-04-10', total: 2, byStatus: byStatus({ STALLED: 1, FULFILLED: 1 }) },
    ]);
  });

  it('cuts weeks and quarters, and restricts to a dialogue', async () => {
    expect((await timeline({ topic: topic.security, from: '2017-02-12', to: '2017-02-21', bucket: 'WEEK' })).map((p: any) => [p.asOf, p.byStatus[0].count, p.byStatus[1].count])).toEqual([
      ['2017-02-12', 2, 0],
      ['2017-02-19', 1, 1],
      ['2017-02-21', 1, 1],
    ]);
    expect((await timeline({ topic: topic.security, from: '2017-01-01', to: '2017-12-31', bucket: 'QUARTER' })).map((p: any) => p.total)).toEqual([2, 2, 2, 2]);
    const own = await timeline({ topic: topic.counterterrorism, from: '2017-03-01', to: '2017-04-30', bucket: 'MONTH', dialogue });
    expect(own.map((p: any) => p.byStatus.filter((s: any) => s.count))).toEqual([[{ status: 'ANNOUNCED', count: 1 }], [{ status: 'STALLED', count: 1 }]]);
    expect((await timeline({ topic: topic.migration, from: '2017-01-01', to: '2017-01-31', bucket: 'MONTH', dialogue })).map((p: any) => p.total)).toEqual([0]);
  });

  it('answers in two SQL statements whatever the number of buckets (the topic check and the counts)', async () => {
    for (const [from, bucket] of [['2017-01-01', 'QUARTER'], ['2012-01-01', 'WEEK']]) {
      t.sql.reset();
      await timeline({ topic: topic.security, from, to: '2017-12-31', bucket });
      expect(t.sql.count).toBe(2);
    }
  });

  it('refuses bad arguments: unknown topic NOT_FOUND, malformed ids and dates, reversed or too long ranges BAD_USER_INPUT', async () => {
    expect(errorOf(await t.gql(TIMELINE, { topic: '424242', from: '2017-01-01', to: '2017-02-01', bucket: 'MONTH' })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'topic' });
    expect(errorOf(await t.gql(TIMELINE, { topic: 'x', from: '2017-01-01', to: '2017-02-01', bucket: 'MONTH' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'topic' }] });
    expect(errorOf(await t.gql(TIMELINE, { topic: topic.security, from: '2017-01-01', to: '2017-02-01', bucket: 'MONTH', dialogue: 'x' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'dialogue' }] });
    expect(errorOf(await t.gql(TIMELINE, { topic: topic.security, from: '2017-02-30', to: '2017-03-01', bucket: 'MONTH' })).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(await t.gql(TIMELINE, { topic: topic.security, from: '2017-01-01', to: '2017-02-01', bucket: 'DAY' })).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(await t.gql(TIMELINE, { topic: topic.security, from: '2017-03-01', to: '2017-02-01', bucket: 'MONTH' })).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'to', message: 'must not be before from (2017-03-01)' }],
    });
    expect(errorOf(await t.gql(TIMELINE, { topic: topic.security, from: '1990-01-01', to: '2017-02-01', bucket: 'WEEK' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'to' }] });
  });
});
