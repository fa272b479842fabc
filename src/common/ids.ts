import { BadUserInputError } from './errors/domain-errors';

/** The largest id: ids are 32-bit `integer` columns on PostgreSQL, which refuses a larger value in a query. */
export const MAX_ID = 2_147_483_647;

/** Database ids are positive integers; clients see them as opaque GraphQL IDs. */
export function parseId(value: string | number, path: string): number {
  const n = typeof value === 'number' ? value : /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n <= 0 || n > MAX_ID) throw BadUserInputError.field(path, `is not a valid id: ${JSON.stringify(value)}`);
  return n;
}

/** For single lookups: an id that cannot exist finds nothing (null), it is not an error. */
export function tryParseId(value: string | number): number | null {
  try {
    return parseId(value, 'id');
  } catch {
    return null;
  }
}

/** Distinct ids of a list input, each validated, keeping order. */
export function parseIds(values: (string | number)[] | null | undefined, path: string): number[] {
  return [...new Set((values ?? []).map((v, i) => parseId(v, `${path}.${i}`)))];
}
