import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { readOffLoop } from '../../database/read-off-loop';
import { BadUserInputError } from '../errors/domain-errors';
import { ConnectionArgs, ConnectionResult, OrderDirection } from './connection.types';

/**
 * What a sort key's values are, so that a cursor's values are checked before they reach SQL
 * (PostgreSQL refuses to compare an integer column with 'abc'): an integer, a calendar date
 * (YYYY-MM-DD), an instant (ISO 8601 date and time, as the database stores it) or text.
 */
export type CursorKind = 'number' | 'date' | 'instant' | 'string';

/** One ORDER BY key: the SQL expression, how to read the value off a row, and a stand-in for NULL. */
export interface SortKey<T> {
  expression: string;
  value: (row: T) => string | number | null;
  /** The type of value() (and of nullsAs): what a cursor must hold at this place. */
  kind: CursorKind;
  direction: OrderDirection;
  /** NULLs sort as this value (keeps keyset comparisons valid on both databases). */
  nullsAs?: string | number;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/**
 * The values of a cursor, refused with BAD_USER_INPUT on `after` unless it is one this list
 * produced: `kinds` gives the type of each value in order (or only how many there are, for a
 * caller that checks the values itself).
 */
export function decodeCursor(cursor: string, kinds: number | readonly CursorKind[]): (string | number)[] {
  const arity = typeof kinds === 'number' ? kinds : kinds.length;
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    /* refused below */
  }
  if (
    Array.isArray(values) &&
    values.length === arity &&
    values.every((v, i) => (typeof kinds === 'number' ? typeof v === 'string' || typeof v === 'number' : isOfKind(v, kinds[i])))
  ) {
    return values;
  }
  throw BadUserInputError.field('after', 'is not a cursor this list produced');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/;

function isOfKind(value: unknown, kind: CursorKind): boolean {
  switch (kind) {
    case 'number':
      return Number.isSafeInteger(value);
    case 'date': {
      const m = typeof value === 'string' ? DATE.exec(value) : null;
      if (!m) return false;
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      // A real calendar day (2017-02-30 is not): what both databases accept as a date.
      const date = new Date(Date.UTC(2000, month - 1, day));
      return year >= 1 && month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && (month !== 2 || day !== 29 || isLeap(year));
    }
    case 'instant':
      return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
    case 'string':
      return typeof value === 'string';
  }
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * Keyset pagination over a query builder: ORDER BY the sort keys then id, fetch first+1 rows
 * to learn hasNextPage, and continue strictly after the cursor's (values..., id).
 * paginateGrouped() does the same for many parents at once; both share the helpers below.
 */
export async function paginate<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  sort: SortKey<T>[] = [],
  /** Direction of the id tie-breaker when there are no sort keys (else it follows the first key). */
  idDirection: OrderDirection = OrderDirection.ASC,
): Promise<ConnectionResult<T>> {
  const countQuery = readOffLoop(qb.clone());
  const keys = keysetOrder(qb, sort, idDirection);
  continueAfter(qb, keys, args.after);
  keys.forEach((key, i) => (i === 0 ? qb.orderBy(key.expression, key.direction) : qb.addOrderBy(key.expression, key.direction)));
  const rows = await readOffLoop(qb.take(undefined).limit(args.first + 1)).getMany();
  return { ...pageOf(rows, args, keys), totalCount: () => countQuery.getCount() };
}

/**
 * paginate(), except that a single sort key with a NULL stand-in (undated last, say) is read by
 * paginateNullsApart(): the same rows, order and cursors without sorting every match.
 */
export function paginateSorted<T extends ObjectLiteral & { id: number }>(qb: SelectQueryBuilder<T>, args: ConnectionArgs, sort: SortKey<T>[]): Promise<ConnectionResult<T>> {
  if (sort.length === 1 && sort[0].nullsAs !== undefined) return paginateNullsApart(qb, args, sort[0]);
  return paginate(qb, args, sort);
}

/**
 * A page in the order of `key` with NULLs read as key.nullsAs (due dates: undated last), read
 * as two cut queries instead of one ORDER BY COALESCE(...) that sorts every match: the rows
 * with a value on the bare column (its index gives the order and the scan stops after
 * first+1), and, only when they can reach the page, the rows without one by id; merged in
 * that order. Same rows, order and cursors as paginate() with that key.
 */
export async function paginateNullsApart<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  key: SortKey<T>,
): Promise<ConnectionResult<T>> {
  const countQuery = readOffLoop(qb.clone());
  const id = `${qb.alias}.id`;
  const sentinel = String(key.nullsAs);
  const asc = key.direction === OrderDirection.ASC;
  const keys: SortKey<T>[] = [
    { ...key, value: (row) => key.value(row) ?? sentinel },
    { expression: id, value: (row) => row.id, kind: 'number', direction: key.direction },
  ];
  const before = (a: string, b: string) => (asc ? a < b : a > b);
  const limit = args.first + 1;
  const cursor = args.after ? decodeCursor(args.after, keys.map((k) => k.kind)) : null;

  const valued = qb.clone().andWhere(`${key.expression} IS NOT NULL`);
  const bare = [{ expression: key.expression, value: key.value, kind: key.kind, direction: key.direction }, keys[1]];
  continueAfter(valued, bare, args.after);
  const rows = await readOffLoop(valued.orderBy(key.expression, key.direction).addOrderBy(id, key.direction).take(undefined).limit(limit)).getMany();

  // Rows without a value sit at the sentinel: they can reach the page unless it is already full
  // of rows that come before the sentinel, or the cursor is past it.
  const full = rows.length === limit && before(String(key.value(rows[limit - 1])), sentinel);
  const pastCursor = cursor === null || before(String(cursor[0]), sentinel) ? 'all' : String(cursor[0]) === sentinel ? 'after id' : 'none';
  if (!full && pastCursor !== 'none') {
    const empty = qb.clone().andWhere(`${key.expression} IS NULL`);
    if (pastCursor === 'after id') empty.andWhere(`${id} ${asc ? '>' : '<'} :nullsApartId`, { nullsApartId: cursor![1] });
    rows.push(...(await readOffLoop(empty.orderBy(id, key.direction).take(undefined).limit(limit)).getMany()));
    const compare = (a: T, b: T) => {
      const [x, y] = [String(keys[0].value(a)), String(keys[0].value(b))];
      return x < y ? -1 : x > y ? 1 : a.id - b.id;
    };
    rows.sort((a, b) => (asc ? compare(a, b) : compare(b, a)));
  }
  return { ...pageOf(rows.slice(0, limit), args, keys), totalCount: () => countQuery.getCount() };
}

/** The full keyset order: the sort keys (NULLs read as nullsAs) then the id as tie-breaker. */
export function keysetOrder<T extends ObjectLiteral & { id: number }>(
  qb: SelectQueryBuilder<T>,
  sort: SortKey<T>[],
  idDirection: OrderDirection = OrderDirection.ASC,
): SortKey<T>[] {
  sort.forEach((k, i) => k.nullsAs !== undefined && qb.setParameter(`nullsAs_${i}`, k.nullsAs));
  return [
    ...sort.map((k, i) => ({ ...k, expression: k.nullsAs !== undefined ? `COALESCE(${k.expression}, :nullsAs_${i})` : k.expression })),
    { expression: `${qb.alias}.id`, value: (row: T) => row.id, kind: 'number' as const, direction: sort[0]?.direction ?? idDirection },
  ];
}

/** Keeps only the rows strictly after the cursor in that order (no-op without a cursor). */
export function continueAfter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, keys: SortKey<T>[], after: string | null | undefined): void {
  if (!after) return;
  const values = decodeCursor(after, keys.map((k) => k.kind));
  const clauses = keys.map((key, i) => {
    const equalities = keys.slice(0, i).map((prev, j) => `${prev.expression} = :cursor_${j}`);
    const op = key.direction === OrderDirection.ASC ? '>' : '<';
    return [...equalities, `${key.expression} ${op} :cursor_${i}`].join(' AND ');
  });
  qb.andWhere(`(${clauses.map((c) => `(${c})`).join(' OR ')})`);
  values.forEach((v, i) => qb.setParameter(`cursor_${i}`, v));
}

/** One page from up to first+1 rows in keyset order: the extra row only tells hasNextPage. */
export function pageOf<T>(rows: T[], args: ConnectionArgs, keys: SortKey<T>[]): Omit<ConnectionResult<T>, 'totalCount'> {
  const page = rows.slice(0, args.first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keys.map((k) => k.value(node) ?? k.nullsAs ?? null)) }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > args.first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
