import { CommitmentEvent } from '../../src/commitments/commitment.entity';
import { CommitmentStatus } from '../../src/commitments/commitment.enums';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'NOT_FULFILLED', 'INCONCLUSIVE', 'WITHDRAWN'];
const PROGRESS = 'total byStatus { status count } fulfilledShare complianceScore overdue lastActivityAt';
const ROWS = `query($dialogue: ID, $asOf: Date) { topicProgress(dialogue: $dialogue, asOf: $asOf) { topic { slug } ${PROGRESS} } }`;

/** byStatus with every status listed in order, zeros included. */
const byStatus = (counts: Record<string, number> = {}) => STATUSES.map((status) => ({ status, count: counts[status] ?? 0 }));
const empty = { total: 0, byStatus: byStatus(), fulfilledShare: null, complianceScore: null, overdue: 0, lastActivityAt: null };

describe('Topic progress (e2e)', () => {
  let t: TestApp;
  const topic: Record<string, string> = {};
  const c: Record<string, number> = {};
  let dialogue: string;

  /** A commitment with a history: [status, validFrom, recordedAt] events after the first ANNOUNCED one. */
  async function commitment(name: string, input: Record<string, unknown>, announced: string, events: [CommitmentStatus, string, string][] = []) {
    const res = ok(
      await t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', {
        input: { title: name, text: `${name} will be done.`, kind: 'ACTION', ...input },
      }),
    );
    const id = Number(res.createCommitment.id);
    c[name] = id;
    const repo = t.dataSource.getRepository(CommitmentEvent);
    await repo.update({ commitmentId: id }, { validFrom: announced, recordedAt: new Date(`${announced}T12:00:00Z`) });
    let from = CommitmentStatus.ANNOUNCED;
    for (const [to, validFrom, recordedAt] of events) {
      await repo.insert({ commitmentId: id, partyId: null, fromStatus: from, toStatus: to, validFrom, recordedAt: new Date(recordedAt), actor: 'staff', note: null });
      from = to;
    }
    // The status change mutation is a later issue: keep the row in step with its history here.
    await t.dataSource.query(`UPDATE commitment SET status = '${from}' WHERE id = ${id}`);
  }

  const rows = async (variables: Record<string, unknown> = {}) => ok(await t.gql(ROWS, variables)).topicProgress;
  const updatedAtOf = async (...names: string[]) => {
    const stamps = await Promise.all(names.map(async (n) => ok(await t.gql(`{ commitment(id: "${c[n]}") { updatedAt } }`)).commitment.updatedAt as string));
    return stamps.sort().at(-1);
  };

  beforeAll(async () => {
    t = await createTestApp();
    for (const x of ok(await t.gql('{ topics { id slug } }')).topics) topic[x.slug] = x.id;
    dialogue = ok(await t.gql('{ dialogues { id } }')).dialogues[0].id;
    const sub = async (slug: string, parent: string) =>
      (topic[slug] = ok(await t.gql(`mutation { createTopic(input: { slug: "${slug}", title: "${slug}", parentId: "${topic[parent]}" }) { id } }`)).createTopic.id);
    await sub('counterterrorism', 'security');
    await sub('cartels', 'counterterrorism');
  });
  afterAll(async () => t.close());

  it('lists every top-level topic with zeros (all eight statuses) before there are commitments', async () => {
    expect(await rows()).toEqual(['security', 'migration', 'economy', 'border', 'foreign-policy'].map((slug) => ({ topic: { slug }, ...empty })));
  });

  it('aggregates each root over its own and its subtopics\' commitments, each counted once', async () => {
    await commitment('A', { topicIds: [topic.security], parties: [{ country: 'US' }] }, '2017-02-21', [
      [CommitmentStatus.IN_PROGRESS, '2017-04-01', '2017-04-02T09:00:00Z'],
      [CommitmentStatus.FULFILLED, '2017-06-01', '2017-06-02T09:00:00Z'],
    ]);
    await commitment('B', { topicIds: [topic.counterterrorism, topic.security], dueDate: '2017-07-01' }, '2017-02-21', [
      [CommitmentStatus.NOT_FULFILLED, '2017-08-01', '2017-08-02T09:00:00Z'],
    ]);
    await commitment('C', { topicIds: [topic.cartels], dueDate: '2017-03-01' }, '2017-02-21', [[CommitmentStatus.IN_PROGRESS, '2017-05-01', '2017-05-02T09:00:00Z']]);
    await commitment('D', { topicIds: [topic.migration], dueDate: '2999-01-01', dialogueId: dialogue }, '2018-01-01');
    await commitment('E', { topicIds: [topic.economy, topic.security], dialogueId: dialogue }, '2017-02-21', [
      [CommitmentStatus.INCONCLUSIVE, '2017-09-01', '2017-09-02T09:00:00Z'],
    ]);
    await commitment('F', { dueDate: '2000-01-01' }, '2017-02-21'); // no topic: counted nowhere
    const events = t.dataSource.getRepository(CommitmentEvent);
    // Same day as A's IN_PROGRESS, recorded later (higher id): it wins the tie for dates after it.
    await events.insert({ commitmentId: c.A, partyId: null, fromStatus: CommitmentStatus.IN_PROGRESS, toStatus: CommitmentStatus.STALLED, validFrom: '2017-04-01', recordedAt: new Date('2017-04-03T09:00:00Z'), actor: 'staff', note: null });
    // One party's own change is activity, but not the commitment's status.
    const [party] = await t.dataSource.query(`SELECT id FROM commitment_party WHERE commitment_id = ${c.A}`);
    await events.insert({ commitmentId: c.A, partyId: Number(party.id), fromStatus: CommitmentStatus.ANNOUNCED, toStatus: CommitmentStatus.WITHDRAWN, validFrom: '2017-05-10', recordedAt: new Date('2017-05-11T09:00:00Z'), actor: 'staff', note: null });

    expect(await rows()).toEqual([
      {
        topic: { slug: 'security' },
        total: 4,
        byStatus: byStatus({ IN_PROGRESS: 1, FULFILLED: 1, NOT_FULFILLED: 1, INCONCLUSIVE: 1 }),
        fulfilledShare: 0.25,
        complianceScore: 0, // (+1 - 1 + 0) / 3 assessed
        overdue: 1, // C: due 2017-03-01, in progress; B is past due but final
        lastActivityAt: await updatedAtOf('A', 'B', 'C', 'E'),
      },
      { topic: { slug: 'migration' }, total: 1, byStatus: byStatus({ ANNOUNCED: 1 }), fulfilledShare: 0, complianceScore: null, overdue: 0, lastActivityAt: await updatedAtOf('D') },
      { topic: { slug: 'economy' }, total: 1, byStatus: byStatus({ INCONCLUSIVE: 1 }), fulfilledShare: 0, complianceScore: null, overdue: 0, lastActivityAt: await updatedAtOf('E') },
      { topic: { slug: 'border' }, ...empty },
      { topic: { slug: 'foreign-policy' }, ...empty },
    ]);
  });

  it('answers topicProgress, its topics included, in exactly one SQL statement', async () => {
    for (const variables of [{}, { dialogue }, { asOf: '2017-05-15' }, { asOf: '2017-05-15', dialogue }]) {
      t.sql.reset();
      expect((await rows(variables)).map((r: any) => r.topic.slug)).toEqual(['security', 'migration', 'economy', 'border', 'foreign-policy']);
      expect(t.sql.count).toBe(1);
    }
    // The topics come from that statement, every field as topics() reads them.
    const fields = 'id slug title description keywords createdAt updatedAt';
    const { topicProgress } = ok(await t.gql(`{ topicProgress { topic { ${fields} } } }`));
    const { topics } = ok(await t.gql(`{ topics(filter: { root: true }) { ${fields} } }`));
    expect(topicProgress.map((r: any) => r.topic)).toEqual(topics);
    expect(topics[0].keywords.length).toBeGreaterThan(0);
  });

  it('restricts to one dialogue', async () => {
    const [security, migration, economy, ...rest] = await rows({ dialogue });
    expect(security).toMatchObject({ total: 1, byStatus: byStatus({ INCONCLUSIVE: 1 }), lastActivityAt: await updatedAtOf('E') });
    expect(migration).toMatchObject({ total: 1, byStatus: byStatus({ ANNOUNCED: 1 }) });
    expect(economy).toMatchObject({ total: 1, byStatus: byStatus({ INCONCLUSIVE: 1 }) });
    expect(rest.map((r: any) => r.total)).toEqual([0, 0]);
    expect((await rows({ dialogue: '424242' })).map((r: any) => r.total)).toEqual([0, 0, 0, 0, 0]);
  });

  it('reads the statuses as of a date from the history; commitments with no event by then are left out', async () => {
    const [security, migration, ...rest] = await rows({ asOf: '2017-05-15' });
    expect(security).toEqual({
      topic: { slug: 'security' },
      total: 4,
      byStatus: byStatus({ ANNOUNCED: 2, IN_PROGRESS: 1, STALLED: 1 }), // A stalled, C in progress; B and E announced
      fulfilledShare: 0,
      complianceScore: 0,
      overdue: 1, // C was due 2017-03-01
      lastActivityAt: '2017-05-11T09:00:00.000Z', // the latest event valid by then (A's party)
    });
    expect(migration).toEqual({ topic: { slug: 'migration' }, ...empty }); // D was announced in 2018
    expect(rest.map((r: any) => r.total)).toEqual([1, 0, 0]);

    const later = await rows({ asOf: '2017-08-15' });
    expect(later[0]).toMatchObject({ total: 4, byStatus: byStatus({ ANNOUNCED: 1, FULFILLED: 1, NOT_FULFILLED: 1, IN_PROGRESS: 1 }), fulfilledShare: 0.25, overdue: 1 });
    // Between A's IN_PROGRESS and STALLED of the same day, the later one counts.
    expect((await rows({ asOf: '2017-04-01' }))[0].byStatus).toEqual(byStatus({ ANNOUNCED: 3, STALLED: 1 }));
    expect((await rows({ asOf: '2017-01-01' })).map((r: any) => r.total)).toEqual([0, 0, 0, 0, 0]);
    const both = await rows({ asOf: '2017-12-31', dialogue });
    expect(both.map((r: any) => r.total)).toEqual([1, 0, 1, 0, 0]);
  });

  it('gives any topic its progress, subtopics included, batched in one query for a whole list', async () => {
    const one = ok(await t.gql(`{ topic(slug: "counterterrorism") { progress { ${PROGRESS} } past: progress(asOf: "2017-04-15") { byStatus { status count } } } }`)).topic;
    expect(one.progress).toEqual({
      total: 2,
      byStatus: byStatus({ IN_PROGRESS: 1, NOT_FULFILLED: 1 }),
      fulfilledShare: 0,
      complianceScore: -0.5,
      overdue: 1,
      lastActivityAt: await updatedAtOf('B', 'C'),
    });
    expect(one.past.byStatus).toEqual(byStatus({ ANNOUNCED: 2 }));

    t.sql.reset();
    const { topics } = ok(await t.gql(`{ topics { slug progress { total overdue } past: progress(asOf: "2017-05-15") { total } } }`));
    // One query for the topics, one per distinct asOf for the progress of all seven.
    expect(t.sql.count).toBe(3);
    expect(topics.map((x: any) => [x.slug, x.progress.total, x.progress.overdue, x.past.total])).toEqual([
      ['security', 4, 1, 4],
      ['migration', 1, 0, 0],
      ['economy', 1, 0, 1],
      ['border', 0, 0, 0],
      ['foreign-policy', 0, 0, 0],
      ['counterterrorism', 2, 1, 2],
      ['cartels', 1, 1, 1],
    ]);
  });

  it('refuses a malformed dialogue id or date with BAD_USER_INPUT', async () => {
    expect(errorOf(await t.gql(ROWS, { dialogue: 'abc' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'dialogue' }] });
    expect(errorOf(await t.gql(ROWS, { asOf: '2017-02-30' })).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(await t.gql('{ topics { progress(asOf: "soon") { total } } }')).extensions.code).toBe('BAD_USER_INPUT');
  });
});
