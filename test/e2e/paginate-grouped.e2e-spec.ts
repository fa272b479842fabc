import { In } from 'typeorm';
import { BadUserInputError } from '../../src/common/errors/domain-errors';
import { ConnectionArgs, ConnectionResult, OrderDirection } from '../../src/common/pagination/connection.types';
import { paginate, SortKey } from '../../src/common/pagination/paginate';
import { paginateGrouped } from '../../src/common/pagination/paginate-grouped';
import { Meeting, MeetingKind, MeetingStatus, MeetingTopic } from '../../src/meetings/meeting.entity';
import { Topic } from '../../src/topics/topic.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';

/**
 * paginateGrouped() (one page for MANY parents in one go) must give every parent exactly the
 * page paginate() gives on that parent's own query: same nodes, cursors, pageInfo and
 * totalCount, for every order, page size and cursor, so cursors pass freely between the two.
 * Meetings per topic are the sample: dates with ties and NULLs exercise nullsAs.
 */
describe('paginateGrouped (e2e on the real schema)', () => {
  let t: TestApp;
  const topics: Record<'crowded' | 'few' | 'empty', number> = { crowded: 0, few: 0, empty: 0 };

  const ORDERS: [string, SortKey<Meeting>[]][] = [
    ['id (no sort keys)', []],
    ['id DESC', [{ expression: 'm.id', value: (m) => m.id, kind: 'number', direction: OrderDirection.DESC }]],
    ['date ASC, undated last', [{ expression: 'm.date', value: (m) => m.date, kind: 'date', direction: OrderDirection.ASC, nullsAs: '9999-12-31' }]],
    ['date DESC, undated last', [{ expression: 'm.date', value: (m) => m.date, kind: 'date', direction: OrderDirection.DESC, nullsAs: '0001-01-01' }]],
    ['title DESC then date', [
      { expression: 'm.title', value: (m) => m.title, kind: 'string', direction: OrderDirection.DESC },
      { expression: 'm.date', value: (m) => m.date, kind: 'date', direction: OrderDirection.DESC, nullsAs: '0001-01-01' },
    ]],
  ];

  const repo = () => t.dataSource.getRepository(Meeting);
  const load = (ids: number[]) => repo().findBy({ id: In(ids) });

  /** The pages of several topics in one call; a meeting belongs to each topic it is tagged with. */
  function grouped(topicIds: number[], args: ConnectionArgs, sort: SortKey<Meeting>[]) {
    const qb = repo()
      .createQueryBuilder('m')
      .innerJoin(MeetingTopic, 'mt', 'mt.meetingId = m.id')
      .where('mt.topicId IN (:...topicIds)', { topicIds });
    return paginateGrouped(qb, 'mt.topicId', topicIds, args, sort, load);
  }

  /** The same page for one topic, the way a top-level list filtered by topic would do it. */
  function single(topicId: number, args: ConnectionArgs, sort: SortKey<Meeting>[]) {
    const qb = repo()
      .createQueryBuilder('m')
      .where('EXISTS (SELECT 1 FROM meeting_topic f WHERE f.meeting_id = m.id AND f.topic_id = :topicId)', { topicId });
    return paginate(qb, args, sort);
  }

  async function plain(page: ConnectionResult<Meeting>) {
    const totalCount = typeof page.totalCount === 'function' ? await page.totalCount() : page.totalCount;
    return { ids: page.nodes.map((n) => n.id), cursors: page.edges.map((e) => e.cursor), pageInfo: page.pageInfo, totalCount };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const now = new Date();
    const [crowded, few, empty] = await t.dataSource.getRepository(Topic).save(
      ['pg-crowded', 'pg-few', 'pg-empty'].map((slug) => ({ slug, title: slug, description: null, parentId: null, keywords: [], createdAt: now, updatedAt: now })),
    );
    Object.assign(topics, { crowded: crowded.id, few: few.id, empty: empty.id });
    const dates = ['2017-03-01', null, '2017-02-21', '2017-03-01', null, '2017-01-15', '2017-03-01', '2017-02-21', null, '2017-04-30', '2017-01-15'];
    const meetings = await repo().save(
      dates.map((date, i) => ({
        title: `Meeting ${i % 4}`,
        kind: MeetingKind.PHONE_CALL,
        status: MeetingStatus.HELD,
        date,
        location: null,
        dialogueId: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // Every meeting on the crowded topic, every third also on the few one.
    await t.dataSource.getRepository(MeetingTopic).insert([
      ...meetings.map((m) => ({ meetingId: m.id, topicId: crowded.id })),
      ...meetings.filter((_, i) => i % 3 === 0).map((m) => ({ meetingId: m.id, topicId: few.id })),
    ]);
  });

  afterAll(() => t?.close());

  it.each(ORDERS)('gives each parent the page paginate() gives, page after page (%s)', async (_label, sort) => {
    const ids = [topics.crowded, topics.few, topics.empty];
    for (const first of [0, 1, 3, 100]) {
      for (const [i, topicId] of ids.entries()) {
        let after: string | null = null;
        const seen: number[] = [];
        for (let pageNo = 0; pageNo < 20; pageNo++) {
          const args = { first, after };
          const mine = await plain((await grouped(ids, args, sort))[i]);
          expect(mine).toEqual(await plain(await single(topicId, args, sort)));
          seen.push(...mine.ids);
          if (!mine.pageInfo.hasNextPage || first === 0) break;
          after = mine.pageInfo.endCursor;
        }
        if (first > 0) {
          // Walking the pages lists the whole topic, in paginate()'s order.
          const all = await plain(await single(topicId, { first: 100 }, sort));
          expect(seen).toEqual(all.ids);
        }
      }
    }
  });

  it('reports hasNextPage for first: 0 like paginate(), and an empty page for a parent with nothing', async () => {
    const [crowded, few, empty] = await grouped([topics.crowded, topics.few, topics.empty], { first: 0 }, []);
    expect(await plain(crowded)).toEqual({ ids: [], cursors: [], pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 11 });
    expect(await plain(few)).toMatchObject({ ids: [], pageInfo: { hasNextPage: true }, totalCount: 4 });
    expect(await plain(empty)).toEqual({ ids: [], cursors: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 });
  });

  it('costs the same SQL statements for many parents as for one, counting only when totalCount is read', async () => {
    const statementsFor = async (topicIds: number[]) => {
      t.sql.reset();
      const pages = await grouped(topicIds, { first: 2 }, ORDERS[2][1]);
      const forPages = t.sql.count;
      await Promise.all(pages.map((p) => (p.totalCount as () => Promise<number>)()));
      return [forPages, t.sql.count];
    };
    expect(await statementsFor([topics.crowded])).toEqual([2, 3]);
    expect(await statementsFor([topics.crowded, topics.few, topics.empty])).toEqual([2, 3]);
  });

  it('refuses a cursor of another order with BAD_USER_INPUT on `after`', async () => {
    const [page] = await grouped([topics.crowded], { first: 1 }, []);
    const error = await grouped([topics.crowded], { first: 1, after: page.pageInfo.endCursor }, ORDERS[2][1]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
  });
});
