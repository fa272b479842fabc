import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ConnectionArgs, ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { decodeCursor, encodeCursor, SortKey } from '../common/pagination/paginate';

/**
 * Keyset pages of one list for many owners at once (a participant's meetings, a topic's
 * meetings): one query ranks the rows per owner with ROW_NUMBER() and keeps first+1 of each,
 * so a list of N owners costs the same as one. Cursors are those of paginate(): the sort
 * values then the id, so a page continues with `after` exactly as the top-level list does.
 *
 * `pairsSql` selects (owner_id, node_id) rows, at most one per pair.
 */
export async function pageByOwner<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  pairsSql: string,
  ownerIds: readonly number[],
  args: ConnectionArgs,
  sort: SortKey<T>[],
  load: (ids: number[]) => Promise<T[]>,
): Promise<ConnectionResult<T>[]> {
  const first = args.first;
  const alias = qb.alias;
  qb.innerJoin(`(${pairsSql})`, 'o', `o.node_id = ${alias}.id`);
  const countQuery = qb.clone();
  const direction = sort[0]?.direction ?? OrderDirection.ASC;
  const keys: SortKey<T>[] = [
    ...sort.map((k, i) => ({ ...k, expression: k.nullsAs !== undefined ? `COALESCE(${k.expression}, :nullsAs_${i})` : k.expression })),
    { expression: `${alias}.id`, value: (row: T) => row.id, direction },
  ];
  sort.forEach((k, i) => k.nullsAs !== undefined && qb.setParameter(`nullsAs_${i}`, k.nullsAs));

  if (args.after) {
    const values = decodeCursor(args.after, keys.length);
    const clauses = keys.map((key, i) => {
      const equalities = keys.slice(0, i).map((prev, j) => `${prev.expression} = :cursor_${j}`);
      return [...equalities, `${key.expression} ${key.direction === OrderDirection.ASC ? '>' : '<'} :cursor_${i}`].join(' AND ');
    });
    qb.andWhere(`(${clauses.map((c) => `(${c})`).join(' OR ')})`);
    values.forEach((v, i) => qb.setParameter(`cursor_${i}`, v));
  }

  const order = keys.map((k) => `${k.expression} ${k.direction}`).join(', ');
  qb.select(`${alias}.id`, 'node_id')
    .addSelect('o.owner_id', 'owner_id')
    .addSelect(`ROW_NUMBER() OVER (PARTITION BY o.owner_id ORDER BY ${order})`, 'rn');
  const [sql, parameters] = qb.getQueryAndParameters();
  const ranked: { node_id: number | string; owner_id: number | string }[] = await qb.connection.query(
    `SELECT ranked.node_id, ranked.owner_id FROM (${sql}) ranked WHERE ranked.rn <= ${first + 1} ORDER BY ranked.owner_id, ranked.rn`,
    parameters,
  );
  const nodes = new Map((ranked.length ? await load([...new Set(ranked.map((r) => Number(r.node_id)))]) : []).map((n) => [n.id, n]));

  let counts: Promise<Map<number, number>> | undefined;
  const countOf = (ownerId: number) => {
    counts ??= countQuery
      .select('o.owner_id', 'owner_id')
      .addSelect('COUNT(*)', 'n')
      .groupBy('o.owner_id')
      .getRawMany<{ owner_id: number | string; n: number | string }>()
      .then((rows) => new Map(rows.map((r) => [Number(r.owner_id), Number(r.n)])));
    return counts.then((map) => map.get(ownerId) ?? 0);
  };

  return ownerIds.map((ownerId) => {
    const rows = ranked.filter((r) => Number(r.owner_id) === ownerId).map((r) => nodes.get(Number(r.node_id))!);
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({
      node,
      cursor: encodeCursor(keys.map((k, i) => (i < sort.length ? (k.value(node) ?? sort[i].nullsAs ?? null) : node.id))),
    }));
    return {
      edges,
      nodes: page,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(args.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      totalCount: () => countOf(ownerId),
    };
  });
}
