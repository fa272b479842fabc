import { BadUserInputError } from './errors/domain-errors';

/** Database ids are positive integers; clients see them as opaque GraphQL IDs. */
export function parseId(value: string | number, path: string): number {
  const n = typeof value === 'number' ? value : /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw BadUserInputError.field(path, `is not a valid id: ${JSON.stringify(value)}`);
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
