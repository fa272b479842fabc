import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { groupByKey } from '../loaders/loader-registry';
import { ConnectionArgs, ConnectionResult, OrderDirection } from './connection.types';
import { continueAfter, keysetOrder, pageOf, SortKey } from './paginate';

/**
 * paginate() for a connection field on MANY parents at once (Topic.statements on a list of
 * topics, Participant.meetings, ...), for a DataLoader batch: one query ranks each parent's rows
 * with ROW_NUMBER() OVER (PARTITION BY parent ORDER BY the keyset order) and keeps first+1 of
 * each, one loads those nodes, and one grouped COUNT runs only if totalCount is asked for. So N
 * parents cost as many SQL statements as one. Order, cursors and page rules are paginate()'s,
 * so a cursor from the top-level list continues a parent's list and vice versa.
 *
 * `qb` is the filtered query on the nodes, already restricted to `parentIds` and yielding one
 * row per (parent, node); `parent` is the SQL expression naming each row's parent id; `load`
 * hydrates nodes by id with whatever the sort keys read.
 */
export async function paginateGrouped<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  parent: string,
  parentIds: readonly number[],
  args: ConnectionArgs,
  sort: SortKey<T>[],
  load: (ids: number[]) => Promise<T[]>,
  /** As in paginate(): the id direction when there are no sort keys. */
  idDirection: OrderDirection = OrderDirection.ASC,
): Promise<ConnectionResult<T>[]> {
  const countQuery = qb.clone();
  const keys = keysetOrder(qb, sort, idDirection);
  continueAfter(qb, keys, args.after);

  const ranking = keys.map((k) => `${k.expression} ${k.direction}`).join(', ');
  qb.select(parent, 'parent_id')
    .addSelect(`${qb.alias}.id`, 'node_id')
    .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${parent} ORDER BY ${ranking})`, 'rn')
    .orderBy();
  // Window results can only be filtered from an outer query.
  const ranked: { parent_id: number | string; node_id: number | string }[] = await qb.connection
    .createQueryBuilder()
    .select('r.parent_id', 'parent_id')
    .addSelect('r.node_id', 'node_id')
    .from(`(${qb.getQuery()})`, 'r')
    .setParameters(qb.getParameters())
    .where('r.rn <= :pageLimit', { pageLimit: args.first + 1 })
    .orderBy('r.parent_id')
    .addOrderBy('r.rn')
    .getRawMany();

  const ids = [...new Set(ranked.map((r) => Number(r.node_id)))];
  const nodes = new Map((ids.length ? await load(ids) : []).map((n) => [n.id, n]));
  // A node deleted between the two queries is skipped rather than failing the page.
  const rowsOf = groupByKey(parentIds, ranked, (r) => Number(r.parent_id)).map((rows) =>
    rows.flatMap((r) => nodes.get(Number(r.node_id)) ?? []),
  );

  let counts: Promise<Map<number, number>> | undefined;
  const countOf = async (parentId: number) => {
    // One grouped COUNT for the whole batch, the first time any parent's totalCount is read.
    counts ??= countQuery
      .select(parent, 'parent_id')
      .addSelect('COUNT(*)', 'n')
      .groupBy(parent)
      .getRawMany<{ parent_id: number | string; n: number | string }>()
      .then((rows) => new Map(rows.map((r) => [Number(r.parent_id), Number(r.n)])));
    return (await counts).get(parentId) ?? 0;
  };

  return parentIds.map((parentId, i) => ({ ...pageOf(rowsOf[i], args, keys), totalCount: () => countOf(parentId) }));
}
