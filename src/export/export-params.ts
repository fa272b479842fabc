import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CommitmentKind, CommitmentStatus } from '../commitments/commitment.enums';
import { CommitmentFilter, CommitmentOrder, CommitmentOrderField } from '../commitments/dto/commitments.args';
import { BadUserInputError, FieldError } from '../common/errors/domain-errors';
import { OrderDirection } from '../common/pagination/connection.types';
import { isCalendarDate } from '../common/scalars/calendar-date.scalar';
import { flattenValidationErrors } from '../common/validation/graphql-validation.pipe';
import { MeetingFilter, MeetingOrder, MeetingOrderField } from '../meetings/dto/meetings.args';
import { MeetingKind, MeetingStatus } from '../meetings/meeting.entity';
import { StatementFilter, StatementOrder, StatementOrderField } from '../statements/dto/statements.args';
import { StatementKind } from '../statements/statement.entity';

export type ExportKind = 'commitments' | 'statements' | 'meetings';
export type ExportFormat = 'csv' | 'json';
export const EXPORT_KINDS: readonly ExportKind[] = ['commitments', 'statements', 'meetings'];
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** How a query-string value becomes a filter field's value (the GraphQL type of that field). */
type ScalarType = 'id' | 'string' | 'boolean' | 'date' | { enum: Record<string, string>; list: boolean };
/** A nested input (statusAt { date status }) is given as `statusAt.date=...&statusAt.status=...`. */
type FieldType = ScalarType | { fields: Record<string, ScalarType> };

interface KindParams {
  filterClass: new () => object;
  orderClass: new () => { field: string; direction: OrderDirection };
  fields: Record<string, FieldType>;
  orderFields: Record<string, string>;
}

/**
 * The query parameters of each export: exactly the fields of the API's filter input (a test
 * compares them with the GraphQL schema), plus `orderBy` (the XOrderField) and `direction`.
 */
export const EXPORT_PARAMS: Record<ExportKind, KindParams> = {
  commitments: {
    filterClass: CommitmentFilter,
    orderClass: CommitmentOrder,
    fields: {
      status: { enum: CommitmentStatus, list: true },
      topic: 'id',
      party: 'string',
      kind: { enum: CommitmentKind, list: true },
      overdue: 'boolean',
      statusAt: { fields: { date: 'date', status: { enum: CommitmentStatus, list: true } } },
      dueBefore: 'date',
      search: 'string',
      dialogue: 'id',
      briefing: 'id',
    },
    orderFields: CommitmentOrderField,
  },
  statements: {
    filterClass: StatementFilter,
    orderClass: StatementOrder,
    fields: {
      topic: 'id',
      briefing: 'id',
      speaker: 'id',
      kind: { enum: StatementKind, list: false },
      search: 'string',
      from: 'date',
      to: 'date',
    },
    orderFields: StatementOrderField,
  },
  meetings: {
    filterClass: MeetingFilter,
    orderClass: MeetingOrder,
    fields: {
      status: { enum: MeetingStatus, list: true },
      kind: { enum: MeetingKind, list: true },
      topic: 'id',
      participant: 'id',
      dialogue: 'id',
      from: 'date',
      to: 'date',
      search: 'string',
    },
    orderFields: MeetingOrderField,
  },
};

/** What an export lists: the API's filter and order, as the service's list() takes them. */
export interface ExportQuery {
  filter: Record<string, unknown>;
  orderBy: { field: string; direction: OrderDirection } | null;
}

/** A query string as Express or the CLI gives it: repeated keys are arrays. */
export type RawParams = Record<string, unknown>;

/**
 * Reads `?status=FULFILLED&status=STALLED&topic=1&orderBy=DUE_DATE&direction=DESC` into the
 * filter and order of the API, checked like the API checks them (the filter class's own
 * validators run too). A list may also be given comma-separated (`status=FULFILLED,STALLED`);
 * empty values are ignored. Anything else is BAD_USER_INPUT naming `filter.<field>` or `orderBy`.
 */
export async function parseExportParams(kind: ExportKind, raw: RawParams): Promise<ExportQuery> {
  const spec = EXPORT_PARAMS[kind];
  const errors: FieldError[] = [];
  const filter: Record<string, unknown> = {};
  let orderField: string | null = null;
  let direction: OrderDirection | null = null;

  for (const [key, given] of flatten(raw)) {
    const values = valuesOf(given);
    if (values === null) {
      errors.push({ path: key, message: 'must be a plain value' });
      continue;
    }
    if (!values.length) continue;
    if (key === 'orderBy' || key === 'direction') {
      const allowed = key === 'orderBy' ? Object.values(spec.orderFields) : Object.values(OrderDirection);
      if (values.length > 1) errors.push({ path: key, message: 'give it once' });
      else if (!allowed.includes(values[0])) errors.push({ path: key, message: `must be one of ${allowed.join(', ')}` });
      else if (key === 'orderBy') orderField = values[0];
      else direction = values[0] as OrderDirection;
      continue;
    }
    const [name, sub] = key.split('.', 2);
    const type = own(spec.fields, name);
    const nested = type && typeof type === 'object' && 'fields' in type ? type : null;
    const scalar = nested ? (sub !== undefined ? own(nested.fields, sub) : undefined) : sub === undefined ? (type as ScalarType | undefined) : undefined;
    if (!scalar) {
      const known = Object.entries(spec.fields).flatMap(([n, t]) => (typeof t === 'object' && 'fields' in t ? Object.keys(t.fields).map((f) => `${n}.${f}`) : [n]));
      errors.push({ path: key, message: `is not a filter of ${kind}; use ${[...known, 'orderBy', 'direction'].join(', ')}` });
      continue;
    }
    const parsed = coerce(scalar, values, `filter.${key}`, errors);
    if (parsed === undefined) continue;
    if (nested) ((filter[name] ??= {}) as Record<string, unknown>)[sub] = parsed;
    else filter[name] = parsed;
  }
  if (!errors.length) {
    const instance = plainToInstance(spec.filterClass, filter);
    errors.push(...flattenValidationErrors(await validate(instance), 'filter'));
  }
  if (errors.length) throw new BadUserInputError(`Invalid export parameters: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);

  const orderBy = orderField || direction ? Object.assign(new spec.orderClass(), orderField ? { field: orderField } : {}, direction ? { direction } : {}) : null;
  return { filter, orderBy };
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** `{ statusAt: { date } }` (an extended query parser's nesting) as `statusAt.date`; other keys as they are. */
function flatten(raw: RawParams): [string, unknown][] {
  return Object.entries(raw).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>).map(([sub, v]): [string, unknown] => [`${key}.${sub}`, v])
      : [[key, value] as [string, unknown]],
  );
}

/** The values of one parameter; null when it is not a string or a list of strings. */
function valuesOf(given: unknown): string[] | null {
  const list = Array.isArray(given) ? given : [given];
  if (!list.every((v) => typeof v === 'string')) return null;
  return (list as string[]).map((v) => v.trim()).filter((v) => v !== '');
}

function coerce(type: ScalarType, values: string[], path: string, errors: FieldError[]): unknown {
  if (typeof type === 'object') {
    const allowed = Object.values(type.enum);
    if (type.list) values = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    const bad = values.find((v) => !allowed.includes(v));
    if (bad !== undefined) return void errors.push({ path, message: `${JSON.stringify(bad)} is not one of ${allowed.join(', ')}` });
    if (!type.list && values.length > 1) return void errors.push({ path, message: 'takes one value' });
    return type.list ? [...new Set(values)] : values[0];
  }
  if (values.length > 1) return void errors.push({ path, message: 'takes one value' });
  const [value] = values;
  switch (type) {
    case 'boolean':
      if (value !== 'true' && value !== 'false') return void errors.push({ path, message: 'must be true or false' });
      return value === 'true';
    case 'date':
      if (!isCalendarDate(value)) return void errors.push({ path, message: 'must be a calendar day written YYYY-MM-DD' });
      return value;
    default:
      // ids stay strings: the service parses them as the API does (BAD_USER_INPUT on `filter.<field>`).
      return value;
  }
}
