import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ConnectionArgs, ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { decodeCursor, encodeCursor, SortKey } from '../common/pagination/paginate';

/**
 * The same keyset pagination as common/pagination/paginate.ts, for MANY parents at once
 * (Topic.statements, Participant.statements, ...): one query numbers each parent's rows with
 * ROW_NUMBER() OVER (PARTITION BY owner ...) and keeps the first+1 of each, so a list of N
 * parents costs the same number of statements as one. Cursors are the same as paginate()'s.
 *
 * `qb` is the filtered query, already restricted to the owners; `owner` is the SQL expression
 * naming each row's parent; `load` hydrates the chosen rows (with whatever the sort keys read).
 * totalCount is left to the caller (a grouped COUNT, so it too is one statement).
 */
export async function paginateGrouped<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  owner: string,
  ownerIds: readonly number[],
  args: ConnectionArgs,
  sort: SortKey<T>[],
  load: (ids: number[]) => Promise<T[]>,
): Promise<Omit<ConnectionResult<T>, 'totalCount'>[]> {
  const first = args.first;
  const alias = qb.alias;
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
      const op = key.direction === OrderDirection.ASC ? '>' : '<';
      return [...equalities, `${key.expression} ${op} :cursor_${i}`].join(' AND ');
    });
    qb.andWhere(`(${clauses.map((c) => `(${c})`).join(' OR ')})`);
    values.forEach((v, i) => qb.setParameter(`cursor_${i}`, v));
  }

  let picked: { owner: number; id: number }[] = [];
  if (first > 0 && ownerIds.length) {
    const window = keys.map((k) => `${k.expression} ${k.direction}`).join(', ');
    qb.select(owner, 'owner')
      .addSelect(`${alias}.id`, 'id')
      .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${owner} ORDER BY ${window})`, 'rn')
      .orderBy();
    const [sql, params] = qb.getQueryAndParameters();
    const rows: { owner: unknown; id: unknown; rn: unknown }[] = await qb.connection.query(
      `SELECT g.owner AS owner, g.id AS id, g.rn AS rn FROM (${sql}) g WHERE g.rn <= ${Math.trunc(first) + 1} ORDER BY g.owner, g.rn`,
      params,
    );
    picked = rows.map((r) => ({ owner: Number(r.owner), id: Number(r.id) }));
  }

  const entities = picked.length ? await load([...new Set(picked.map((p) => p.id))]) : [];
  const byId = new Map(entities.map((e) => [e.id, e]));
  const perOwner = new Map<number, T[]>();
  for (const p of picked) {
    const row = byId.get(p.id);
    if (!row) continue;
    const list = perOwner.get(p.owner) ?? [];
    list.push(row);
    perOwner.set(p.owner, list);
  }

  return ownerIds.map((ownerId) => {
    const rows = perOwner.get(ownerId) ?? [];
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
    };
  });
}
