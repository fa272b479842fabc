import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ConnectionArgs, ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { decodeCursor, encodeCursor, SortKey } from '../common/pagination/paginate';

/**
 * Keyset pagination for a connection field on many parents at once (Topic.commitments on a
 * list of topics): ONE query ranks the rows of every parent with ROW_NUMBER() OVER
 * (PARTITION BY parent ...) and keeps first+1 of each, then the nodes are loaded by id.
 * Same ordering, cursors and page rules as paginate() (common/pagination/paginate.ts).
 *
 * `qb` is the filtered query on the node alias, already joined to the parent link and
 * restricted to the parents; `parentExpression` is the parent id column of that link.
 */
export async function paginateByParent<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  parentExpression: string,
  parentIds: readonly number[],
  args: ConnectionArgs,
  sort: SortKey<T>[],
  loadByIds: (ids: number[]) => Promise<T[]>,
): Promise<Omit<ConnectionResult<T>, 'totalCount'>[]> {
  const first = args.first;
  const alias = qb.alias;
  const direction = sort[0]?.direction ?? OrderDirection.ASC;
  const keys: SortKey<T>[] = [
    ...sort.map((k, i) => ({ ...k, expression: k.nullsAs !== undefined ? `COALESCE(${k.expression}, :nullsAs_${i})` : k.expression })),
    { expression: `${alias}.id`, value: (row: T) => row.id, direction },
  ];
  const ranked = qb.clone();
  sort.forEach((k, i) => k.nullsAs !== undefined && ranked.setParameter(`nullsAs_${i}`, k.nullsAs));

  if (args.after) {
    const values = decodeCursor(args.after, keys.length);
    const clauses = keys.map((key, i) => {
      const equalities = keys.slice(0, i).map((prev, j) => `${prev.expression} = :cursor_${j}`);
      return [...equalities, `${key.expression} ${key.direction === OrderDirection.ASC ? '>' : '<'} :cursor_${i}`].join(' AND ');
    });
    ranked.andWhere(`(${clauses.map((c) => `(${c})`).join(' OR ')})`);
    values.forEach((v, i) => ranked.setParameter(`cursor_${i}`, v));
  }

  const empty = () => parentIds.map(() => ({ edges: [], nodes: [], pageInfo: pageInfo([], false, args) }));
  if (first === 0 || !parentIds.length) return empty();

  const orderSql = keys.map((k) => `${k.expression} ${k.direction}`).join(', ');
  ranked
    .select(parentExpression, 'parent_id')
    .addSelect(`${alias}.id`, 'node_id')
    .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${parentExpression} ORDER BY ${orderSql})`, 'rn')
    .orderBy();
  const rows: { parent_id: number | string; node_id: number | string }[] = await qb.connection
    .createQueryBuilder()
    .select('x.parent_id', 'parent_id')
    .addSelect('x.node_id', 'node_id')
    .from(`(${ranked.getQuery()})`, 'x')
    .setParameters(ranked.getParameters())
    .where('x.rn <= :pageLimit', { pageLimit: first + 1 })
    .orderBy('x.parent_id')
    .addOrderBy('x.rn')
    .getRawMany();

  const ids = [...new Set(rows.map((r) => Number(r.node_id)))];
  const nodeById = new Map((ids.length ? await loadByIds(ids) : []).map((n) => [n.id, n]));
  const byParent = new Map<number, T[]>();
  for (const row of rows) {
    const node = nodeById.get(Number(row.node_id));
    if (!node) continue;
    const parent = Number(row.parent_id);
    const list = byParent.get(parent);
    if (list) list.push(node);
    else byParent.set(parent, [node]);
  }
  return parentIds.map((parent) => {
    const all = byParent.get(parent) ?? [];
    const page = all.slice(0, first);
    const edges = page.map((node) => ({
      node,
      cursor: encodeCursor(keys.map((k, i) => (i < sort.length ? (k.value(node) ?? sort[i].nullsAs ?? null) : node.id))),
    }));
    return { edges, nodes: page, pageInfo: pageInfo(edges, all.length > first, args) };
  });
}

function pageInfo(edges: { cursor: string }[], hasNextPage: boolean, args: ConnectionArgs) {
  return {
    hasNextPage,
    hasPreviousPage: Boolean(args.after),
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
}
