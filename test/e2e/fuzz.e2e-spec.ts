import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ApiToken } from '../../src/auth/api-token.entity';
import { createTestApp, GqlResponse, isPostgresRun, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';
import { callOf, requiredArgs, selectionOf } from '../utils/schema-walk';

/**
 * Property-based fuzzing of every mutation of the generated schema (issue 6, point 5).
 *
 * For each mutation, fast-check generates arguments from the argument types: well-typed but
 * hostile values, malformed values (wrong types, nulls for non-null, missing and extra fields),
 * the same as inline literals, and corrupted documents; a last property posts malformed HTTP
 * bodies. Every call goes over HTTP with an ADMIN token against a seeded database, so it reaches
 * the resolvers and services. Properties of every answer:
 *   - no HTTP 5xx;
 *   - every error carries a client code of docs/api-contract.md (INTERNAL_SERVER_ERROR means an
 *     unhandled exception: a failure), and no message shows SQL or a stack;
 *   - a rejected call (any error) leaves the row count of every table unchanged.
 * At the end the database passes an integrity check. Figures go to test-output/fuzz.json.
 *
 * FUZZ_SEED and FUZZ_RUNS (cases over all mutations, default 2 000) change the run; the seed is
 * fixed so that CI runs the same cases every time and a failure can be replayed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20170221);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const RAW_RUNS = Math.max(20, Math.round(RUNS / 12));

const CLIENT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'UNAUTHENTICATED', 'FORBIDDEN'];
/** What SQL, a driver error, or a stack trace looks like in a message (none of it is ever generated as input). */
const LEAK =
  /SQLITE_|QueryFailed|TypeORM|EntityNotFound|constraint failed|FOREIGN KEY|UNIQUE constraint|NOT NULL constraint|no such (table|column)|syntax error at or near|violates .*constraint|duplicate key value|invalid input syntax|\bat .+ \(.+:\d+:\d+\)|node_modules|\/src\/|\.ts:\d+|Cannot read propert|is not a function|is not iterable|TypeError|RangeError|ReferenceError|Maximum call stack/i;

const FIXTURES = join(__dirname, '..', 'fixtures', 'ingest');
const SEED_TEXT = readFileSync(join(FIXTURES, '2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
const TODAY = new Date().toISOString().slice(0, 10);
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// Values, derived from the input types of the schema
// ---------------------------------------------------------------------------------------------

const weighted = <T>(...pairs: [number, fc.Arbitrary<T>][]) => fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));

/** Strings that are valid JSON strings but hostile: empty, huge, unicode, control characters, NUL, injection-looking, enum-like. */
const hostileString: fc.Arbitrary<string> = weighted<string>(
  [
    6,
    fc.constantFrom(
      'Rex Tillerson',
      'Luis Videgaray',
      'security',
      'border-security',
      'Energy Security',
      'counterterrorism',
      'We will review the aid by March 2017.',
      'Department of Homeland Security',
      'DHS',
      'MX',
      'US',
      'https://www.state.gov/briefing',
      '10:30',
      'Mexico City',
    ),
  ],
  [
    4,
    fc.constantFrom(
      '',
      ' ',
      '   \t  ',
      '\u0000',
      'a\u0000b',
      '\u0000\u0000\u0000',
      '\r\n\r\n',
      '\u001b[31mred\u001b[0m',
      '\u202eevil\u202c',
      '\u200b\u200d\ufeff',
      '🇲🇽🇺🇸👩🏽‍💼',
      'Peña Nieto – “quotes” — Ünïcödé',
      'ǅ ẞ İ ﬁ',
      "'; DROP TABLE commitment; --",
      '" OR 1=1 --',
      '%_\\%',
      '{"a":',
      '[1,2',
      '{"__proto__": {"admin": true}}',
      '__proto__',
      'constructor',
      'null',
      'undefined',
      'NaN',
      '-1',
      '1e309',
      '<script>alert(1)</script>',
      'javascript:alert(1)',
      'http://',
      'ftp://example.com/x',
      '../../etc/passwd',
      '25:99',
      '2017-02-30',
    ),
  ],
  // Enum-like strings in String fields: right names in the wrong place, wrong case, unknown codes.
  [2, fc.constantFrom('ANNOUNCED', 'announced', 'HELD', 'ADMIN', 'GOVERNMENT', 'NEWS_OUTLET', 'DAY', 'mx', 'Mx', 'USA', 'ZZ', 'XX', 'U', 'OFFICIAL', 'PENDING')],
  [3, fc.string({ maxLength: 30 })],
  [2, fc.string({ unit: 'binary', maxLength: 30 })],
  [1, fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\u0008', '\u001f', '\u007f', '\u0085', '\u2028', '\ud800', '\udfff', '\ufffe', 'a', ' '), maxLength: 20 })],
  // Huge: tens of thousands of characters (ASCII and astral).
  [1, fc.integer({ min: 2_000, max: 60_000 }).map((n) => 'x'.repeat(n))],
  [1, fc.integer({ min: 500, max: 10_000 }).map((n) => '🇲🇽'.repeat(n))],
  // Briefing-like text: parts of the seed briefing, and a made-up transcript.
  [1, fc.tuple(fc.nat(SEED_TEXT.length), fc.nat(6_000)).map(([from, length]) => SEED_TEXT.slice(from, from + length))],
  [
    1,
    fc.constantFrom(
      'SECRETARY TILLERSON: We will review the aid by March 2017.\n\nQUESTION: When?\n\nSENIOR ADMINISTRATION OFFICIAL: The two nations will meet again next month.',
      'Background Briefing\n\nFebruary 31, 2017\n\nMODERATOR: Thank you.\n\nOFFICIAL:',
    ),
  ],
);

const idArb: fc.Arbitrary<unknown> = weighted<unknown>(
  [12, fc.integer({ min: 1, max: 50 }).map(String)],
  [3, fc.constantFrom('0', '-1', '51', '999999999', '2147483648', '9223372036854775808', '1e3', '0x1A', ' 1', '1 ', '01', '1.5', 'abc', '', 'null', 'NaN', 'Infinity', '1;DROP TABLE topic', 'MX', 'security')],
  [1, hostileString],
  // GraphQL's ID also accepts integers.
  [2, fc.integer({ min: -3, max: 60 })],
);

const intArb = weighted<number>(
  [6, fc.integer({ min: -3, max: 60 })],
  [2, fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648, 1_000_000)],
  [1, fc.integer({ min: -2_147_483_648, max: 2_147_483_647 })],
);

const dateArb = weighted<string>(
  [4, fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))],
  [
    3,
    fc.constantFrom(
      '2017-02-21',
      TODAY,
      TOMORROW,
      '0001-01-01',
      '0000-01-01',
      '9999-12-31',
      '1970-01-01',
      '2000-02-29',
      '2100-02-29',
      '2017-02-30',
      '2017-13-01',
      '2017-00-10',
      '17-02-21',
      '2017-2-1',
      '2017-02-21T10:00:00Z',
      '+275760-09-13',
      '-000001-01-01',
      '',
      'tomorrow',
      '2017/02/21',
    ),
  ],
  // Far dates: years up to ±275 760.
  [1, fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))],
  [1, hostileString],
);

const dateTimeArb = weighted<string>(
  [3, fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString())],
  [2, fc.constantFrom('2017-02-21T00:00:00Z', '2099-01-01T00:00:00Z', '2001-01-01T00:00:00Z', '2017-02-21', '2017-02-21T25:00:00Z', '2017-02-21T10:00:00+25:00', '9999-12-31T23:59:59.999Z', 'now', '')],
  [1, fc.date({ noInvalidDate: true }).map((d) => d.toISOString())],
  [1, hostileString],
);

/** A value of the wrong JSON type for anything. */
const wrongTypeArb: fc.Arbitrary<unknown> = fc.constantFrom<unknown>('not-a-number', 'true', 12, -1, 1.5, 2 ** 31, 2 ** 53, true, false, {}, [], [[1]], { a: 1 }, { id: '1' }, '{"a":1}', '[1]');

/** Plausible strings: names, codes, slugs, words; most inputs made of them are accepted. */
const tameString = weighted<string>(
  [3, fc.constantFrom('Rex Tillerson', 'Luis Videgaray', 'security', 'migration', 'MX', 'US', 'DHS', 'Mexico City', '10:30', '11:45', 'https://www.state.gov/briefing', 'We will review the aid by March 2017.')],
  [3, fc.stringMatching(/^[a-z]{3,10}(-[a-z]{2,8})?$/)],
  [2, fc.stringMatching(/^[A-Z][a-z]{2,9}( [a-z]{2,9}){0,4}\.?$/)],
);

/**
 * How a case's values are chosen: `tame` mostly plausible (to reach the writes), `hostile`
 * well-typed but hostile, `bad` hostile and now and then of the wrong type, null for a
 * non-null, a required field missing or an unknown field added, anywhere in the tree.
 */
type Style = 'tame' | 'hostile' | 'bad';

/** Tame values for fields whose name says what they hold (the schema's names, not a list of mutations). */
const TAME_BY_NAME: [RegExp, fc.Arbitrary<unknown>][] = [
  [/^(country|countryCode|sideCode|party)$/, fc.constantFrom('MX', 'US')],
  [/^slug$/, fc.stringMatching(/^[a-z]{3,10}(-[a-z]{2,8})?$/)],
  [/url$/i, fc.constantFrom('https://www.state.gov/briefing', 'http://example.org/readout')],
  [/Time$/, fc.constantFrom('09:00', '10:30', '17:45')],
];

function scalarArb(name: string, style: Style, fieldName = ''): fc.Arbitrary<unknown> {
  if (style === 'tame') {
    const byName = TAME_BY_NAME.find(([pattern]) => pattern.test(fieldName));
    if (byName && name === 'String') return byName[1];
    const tame: Record<string, fc.Arbitrary<unknown>> = {
      String: tameString,
      // Small ids exist in every table; larger ones in the big tables (statements, candidates).
      ID: weighted<number>([4, fc.integer({ min: 1, max: 3 })], [3, fc.integer({ min: 1, max: 10 })], [1, fc.integer({ min: 1, max: 40 })]).map(String),
      Int: fc.integer({ min: 0, max: 60 }),
      Float: fc.double({ min: 0, max: 1, noNaN: true }),
      Boolean: fc.boolean(),
      Date: fc.date({ min: new Date('2015-01-01'), max: new Date(), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      DateTime: fc.date({ min: new Date(Date.now() + 86_400_000), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString()),
    };
    if (name in tame) return tame[name];
  }
  switch (name) {
    case 'String':
      return hostileString;
    case 'ID':
      return idArb;
    case 'Int':
      return style === 'bad' ? weighted<unknown>([4, intArb], [1, fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1.5, '1', '')]) : intArb;
    case 'Float':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'Boolean':
      return fc.boolean();
    case 'Date':
      return dateArb;
    case 'DateTime':
      return dateTimeArb;
    default:
      throw new Error(`No values for scalar ${name}: add some to the fuzzer`);
  }
}

/** Values of an input type, in the given style. */
function valueArb(type: GraphQLInputType, style: Style, depth = 0, name = ''): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) {
    const inner = ofNullable(type.ofType, style, depth, name);
    return style === 'bad' ? weighted<unknown>([15, inner], [1, fc.constant(null)]) : inner;
  }
  return weighted<unknown>([style === 'tame' ? 20 : 8, ofNullable(type, style, depth, name)], [1, fc.constant(null)]);
}

function ofNullable(type: GraphQLInputType, style: Style, depth: number, name: string): fc.Arbitrary<unknown> {
  let arb: fc.Arbitrary<unknown>;
  if (isListType(type)) {
    const item = valueArb(type.ofType, style, depth + 1, name);
    arb = style === 'tame' ? fc.array(item, { maxLength: 3 }) : weighted<unknown>([10, fc.array(item, { maxLength: 4 })], [1, fc.array(item, { minLength: 20, maxLength: depth > 1 ? 20 : 60 })]);
  } else if (isEnumType(type)) {
    const names = type.getValues().map((v) => v.name);
    arb = style === 'bad' ? weighted<unknown>([6, fc.constantFrom(...names)], [1, fc.constantFrom(names[0].toLowerCase(), 'UNKNOWN', '', 'ANNOUNCED', 'HELD')]) : fc.constantFrom(...names);
  } else if (isInputObjectType(type)) {
    arb = objectArb(type, style, depth);
  } else if (isScalarType(type)) {
    arb = scalarArb(type.name, style, name);
  } else {
    throw new Error(`Unexpected input type ${String(type)}`);
  }
  return style === 'bad' ? weighted<unknown>([12, arb], [1, wrongTypeArb]) : arb;
}

function objectArb(type: GraphQLInputObjectType, style: Style, depth: number): fc.Arbitrary<unknown> {
  return fieldsArb(Object.values(type.getFields()), style, depth + 1);
}

/** Values for named fields (of an input object, or a field's arguments): the required ones always there. */
function fieldsArb(fields: readonly { name: string; type: GraphQLInputType; defaultValue?: unknown }[], style: Style, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const required = fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => f.name);
  if (style === 'tame') {
    // Fewer optional fields: each one is another chance to be refused.
    const sparse = Object.fromEntries(
      fields.map((f) => {
        const value = valueArb(f.type, style, depth, f.name);
        return [f.name, required.includes(f.name) ? value : weighted<unknown>([3, fc.constant(undefined)], [1, value])];
      }),
    );
    return fc.record(sparse).map((value) => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
  }
  const record = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueArb(f.type, style, depth, f.name)])), { requiredKeys: required });
  if (style !== 'bad') return record;
  // Now and then drop a required field or add an unknown one.
  return fc.tuple(record, fc.nat(20), fc.constantFrom('unknownField', '__proto__', 'id', 'status', 'actor', 'createdBy')).map(([value, roll, extra]) => {
    const out: Record<string, unknown> = { ...value };
    if (roll === 0 && required.length) delete out[required[0]];
    if (roll === 1) Object.defineProperty(out, extra, { value: 'x', enumerable: true, configurable: true, writable: true });
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Cases: one call of a mutation
// ---------------------------------------------------------------------------------------------

type Mode = 'tame' | 'hostile' | 'malformed' | 'literal' | 'document';
interface Case {
  mode: Mode;
  query: string;
  variables: Record<string, unknown>;
}

/** The GraphQL literal of a JS value for the given type (enum names bare; anything else as JSON would write it). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (isListType(type)) return Array.isArray(value) ? `[${value.map((v) => literal(v, type.ofType)).join(', ')}]` : literal(value, type.ofType);
  if (isEnumType(type) && typeof value === 'string' && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value)) return value;
  if (isInputObjectType(type) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = type.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type ?? type)}`)
      .join(', ')} }`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, type)).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${literal(v, type)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/** Ways to break a document's text. */
const CORRUPTIONS = ['truncate', 'insert', 'query', 'subscription', 'wrongVariableType', 'unknownSelection', 'twoOperations', 'undeclaredVariable', 'duplicateArgument'] as const;

function corrupt(query: string, how: (typeof CORRUPTIONS)[number], at: number, char: string): string {
  const i = at % (query.length + 1);
  switch (how) {
    case 'truncate':
      return query.slice(0, i);
    case 'insert':
      return query.slice(0, i) + char + query.slice(i);
    case 'query':
      return query.replace(/^mutation/, 'query');
    case 'subscription':
      return query.replace(/^mutation/, 'subscription');
    case 'wrongVariableType':
      return query.replace(/: (\[?)[A-Za-z]+(!?\]?!?)([,)])/, ': $1String$2$3');
    case 'unknownSelection':
      return query.replace(/\{ __typename/, '{ __typename noSuchField').replace(/\)\s*$/, ') { id }');
    case 'twoOperations':
      return `${query} ${query}`;
    case 'undeclaredVariable':
      return query.replace(/\(([a-zA-Z]+): /, '($1: $undeclared, ignored: ');
    case 'duplicateArgument':
      return query.replace(/\(([a-zA-Z]+): ([^,)]+)/, '($1: $2, $1: $2');
  }
}

function caseArb(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Case> {
  const selection = selectionOf(field.type);
  const argsArb = (style: Style) => fieldsArb(field.args, style, 0);
  const withVariables = (mode: Mode, args: Record<string, unknown>, withhold?: string): Case => {
    const present = field.args.filter((a) => a.name in args);
    const declared = present.length ? `(${present.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
    const passed = present.length ? `(${present.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
    const variables = { ...args };
    if (withhold) delete variables[withhold];
    return { mode, query: `mutation Fuzz${declared} { ${field.name}${passed} ${selection} }`, variables };
  };
  const withLiterals = (args: Record<string, unknown>): Case => {
    const present = field.args.filter((a) => a.name in args);
    const passed = present.length ? `(${present.map((a) => `${a.name}: ${literal(args[a.name], a.type)}`).join(', ')})` : '';
    return { mode: 'literal', query: `mutation { ${field.name}${passed} ${selection} }`, variables: {} };
  };
  const cases = weighted<Case>(
    [3, argsArb('tame').map((args) => withVariables('tame', args))],
    [4, argsArb('hostile').map((args) => withVariables('hostile', args))],
    [
      3,
      fc
        .tuple(argsArb('bad'), fc.nat(10), fc.constantFrom('', ...field.args.map((a) => a.name)))
        // Now and then a declared variable is not sent at all.
        .map(([args, roll, name]) => withVariables('malformed', args, roll === 0 && name ? name : undefined)),
    ],
    [2, fc.oneof(argsArb('tame'), argsArb('hostile'), argsArb('bad')).map(withLiterals)],
    [
      1,
      fc
        .tuple(argsArb('hostile'), fc.boolean(), fc.constantFrom(...CORRUPTIONS), fc.nat(), fc.constantFrom('{', '}', '(', ')', '$', '"', '!', ':', '@', '#', '\\', '\u0000', '…'))
        .map(([args, inline, how, at, char]) => {
          const base = inline ? withLiterals(args) : withVariables('document', args);
          return { mode: 'document' as const, query: corrupt(base.query, how, at, char), variables: base.variables };
        }),
    ],
  );
  // Bodies up to 95 kB: room for huge strings, and a short run (the body limit has its own test).
  return cases.filter((c) => Buffer.byteLength(JSON.stringify(c)) < 95_000);
}

/** Mutations that use records up run late, destructive ones last, so that the others find the seeded records. */
const lastly = (name: string) => (/^(delete|merge|remove|revoke)/.test(name) ? 2 : /^(accept|reject|finalize)/.test(name) ? 1 : 0);

// ---------------------------------------------------------------------------------------------

describe('Fuzzing every mutation (e2e, fast-check)', () => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let countRowsSql: string;
  let headers: Record<string, string>;
  let fuzzTokenName = 'fuzz-admin';
  const started = Date.now();
  const figures = {
    seed: SEED,
    driver: isPostgresRun() ? 'postgres' : 'sqlite',
    cases: 0,
    accepted: 0,
    rejected: 0,
    rejectedByCode: {} as Record<string, number>,
    rejectedByReason: {} as Record<string, number>,
    byMode: {} as Record<string, { cases: number; accepted: number }>,
    byMutation: {} as Record<string, { cases: number; accepted: number; rejected: number; ms?: number }>,
    rawHttpCases: 0,
    rawRejectedByCode: {} as Record<string, number>,
    tables: 0,
    readBacks: 0,
    readBackErrors: {} as Record<string, number>,
    writesAfterRejects: 0,
    integrityCheck: '' as string,
    seconds: 0,
  };
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);

  /** Every table's row count, in one statement. */
  const rowCounts = async (): Promise<Record<string, number>> => Object.fromEntries((await t.dataSource.query(countRowsSql)).map((r: { t: string; n: unknown }) => [r.t, Number(r.n)]));

  /** The properties every answer must have; returns the response's first error code, or undefined when accepted. */
  function checkAnswer(res: { status: number; body: unknown }, label: string): string | undefined {
    if (res.status >= 500) throw new Error(`${label}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
    const body = res.body as Partial<GqlResponse<unknown>> | undefined;
    const errors = body?.errors;
    if (!errors?.length) {
      if (res.status >= 400) throw new Error(`${label}: HTTP ${res.status} without a GraphQL error: ${JSON.stringify(res.body).slice(0, 300)}`);
      return undefined;
    }
    for (const error of errors) {
      const code = error.extensions?.code;
      if (!CLIENT_CODES.includes(code as string)) throw new Error(`${label}: error code ${code}: ${JSON.stringify(error).slice(0, 500)}`);
      if (LEAK.test(error.message) || LEAK.test(JSON.stringify(error.extensions))) throw new Error(`${label}: the error leaks internals: ${JSON.stringify(error).slice(0, 500)}`);
      for (const key of ['stacktrace', 'exception', 'originalError', 'query', 'sql']) {
        if (key in (error.extensions ?? {})) throw new Error(`${label}: the error carries extensions.${key}`);
      }
    }
    return String(errors[0].extensions.code);
  }

  /** Sends one case and checks every property; counts before, and after when it was rejected. */
  async function run(mutation: string, c: Case): Promise<void> {
    const before = await rowCounts();
    const res = await request(t.app.getHttpServer()).post('/graphql').set(headers).send({ query: c.query, variables: c.variables });
    const label = `${mutation} (${c.mode})`;
    const code = checkAnswer(res, label);
    figures.cases++;
    const m = (figures.byMutation[mutation] ??= { cases: 0, accepted: 0, rejected: 0 });
    const mode = (figures.byMode[c.mode] ??= { cases: 0, accepted: 0 });
    m.cases++;
    mode.cases++;
    if (code === undefined) {
      figures.accepted++;
      m.accepted++;
      mode.accepted++;
      if (mutation === 'revokeApiToken') await keepOwnToken();
      return;
    }
    figures.rejected++;
    m.rejected++;
    bump(figures.rejectedByCode, code);
    const first = res.body.errors[0];
    bump(figures.rejectedByReason, `${code}${first.extensions.reason ? `/${first.extensions.reason}` : ''}`);
    const after = await rowCounts();
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    if (changed.length) {
      figures.writesAfterRejects++;
      throw new Error(`${label}: rejected with ${code} (${first.message}) but wrote: ${changed.map((tb) => `${tb} ${before[tb]} -> ${after[tb]}`).join(', ')}`);
    }
  }

  /** The fuzzer may revoke its own token (any id from 1 to 50 is fair game): then it makes another. */
  async function keepOwnToken() {
    const own = await t.dataSource.getRepository(ApiToken).findOneBy({ name: fuzzTokenName });
    if (own?.revokedAt) {
      fuzzTokenName = `fuzz-admin-${Date.now()}`;
      headers = await t.as(fuzzTokenName);
    }
  }

  beforeAll(async () => {
    // Thousands of calls in a minute from one token: the rate limit (tested on its own) is lifted.
    t = await createTestApp({ RATE_LIMIT: '0' });
    headers = await t.as(fuzzTokenName);
    schema = t.app.get(GraphQLSchemaHost).schema;
    const q = (name: string) => t.dataSource.driver.escape(name);
    // Every table of the database (not only the entities': full-text indexes, rollups, migrations too).
    const tables: string[] = (
      isPostgresRun()
        ? await t.dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
        : await t.dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
    ).map((r: { name: string }) => r.name);
    expect(tables).toEqual(expect.arrayContaining(t.dataSource.entityMetadatas.map((m) => m.tableName)));
    countRowsSql = tables.map((name) => `SELECT '${name}' AS t, COUNT(*) AS n FROM ${q(name)}`).join(' UNION ALL ');
    figures.tables = tables.length;

    // Realistic data, so that ids 1..50 mostly exist: the variants of the seed briefing with their
    // candidates left to review (the low candidate ids), the seed briefing ingested with its
    // candidates accepted, and a few records made by hand.
    for (const [text, acceptAll] of [
      ...readdirSync(join(FIXTURES, 'variants')).map((f) => [readFileSync(join(FIXTURES, 'variants', f), 'utf8'), false] as const),
      [SEED_TEXT, true],
    ] as const) {
      ok(await t.gql('mutation($t: String!, $a: Boolean!) { ingestBriefing(input: { text: $t, acceptAll: $a }) { alreadyIngested } }', { t: text, a: acceptAll }));
    }
    const data = ok(await t.gql('{ topics { id slug } dialogues { id } participants(first: 10) { nodes { id } } commitments(first: 5) { nodes { id } } }'));
    const topic = Object.fromEntries(data.topics.map((x: { id: string; slug: string }) => [x.slug, x.id]));
    const dialogueId = data.dialogues[0].id;
    const [p1, p2, p3] = data.participants.nodes.map((n: { id: string }) => n.id);
    const commitments = data.commitments.nodes.map((n: { id: string }) => n.id);
    ok(await t.gql(`mutation { createTopic(input: { slug: "counterterrorism", title: "Counterterrorism", parentId: "${topic.security}", keywords: ["terrorism"] }) { id } }`));
    const dhs = ok(await t.gql('mutation { createOrganization(input: { name: "Department of Homeland Security", acronym: "DHS", kind: GOVERNMENT, countryCode: "US" }) { id } }')).createOrganization.id;
    ok(await t.gql(`mutation { createParticipant(input: { name: "John Kelly", countryCode: "US", role: OFFICIAL, organizationId: "${dhs}", aliases: ["Secretary Kelly"] }) { id } }`));
    const commitment = (input: Record<string, unknown>) => t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', { input }).then(ok);
    await commitment({ title: 'DHS aid review', text: 'DHS will review the aid.', kind: 'ACTION', dialogueId, dueDate: '2017-06-30', topicIds: [topic.security], parties: [{ organizationId: dhs }, { country: 'MX' }] });
    await commitment({ title: 'Meet again', text: 'We will meet again in the spring.', kind: 'MEETING', dialogueId, parties: [{ country: 'US' }, { country: 'MX' }] });
    const meeting = async (input: Record<string, unknown>) =>
      ok(await t.gql('mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }', { input })).createMeeting.id as string;
    const planned = await meeting({ title: 'Tillerson - Videgaray meeting', kind: 'IN_PERSON', date: '2017-02-23', dialogueId, participants: [{ participantId: p1, sideCode: 'US' }, { participantId: p2, sideCode: 'MX' }] });
    const call = await meeting({ title: 'Phone call', kind: 'PHONE_CALL', date: '2017-03-01', dialogueId, topicIds: [topic.security] });
    await meeting({ title: 'Next visit', kind: 'VISIT', dialogueId });
    const log = (input: Record<string, unknown>) => t.gql('mutation($input: LogMeetingOutcomeInput!) { logMeetingOutcome(input: $input) { id } }', { input }).then(ok);
    const outcome = (await log({ meetingId: planned, summary: 'Agreed to cooperate.', attendees: [p1, p2, p3], advancedCommitmentIds: commitments.slice(0, 2), statusChanges: [{ commitmentId: commitments[2], status: 'IN_PROGRESS' }] })).logMeetingOutcome.id;
    ok(await t.gql(`mutation { finalizeMeetingOutcome(id: "${outcome}") { id } }`));
    await log({ meetingId: call, summary: 'Talked.', newCommitments: [{ title: 'Joint review', text: 'Both sides will review border security.', kind: 'ACTION', dialogueId }] });
    ok(await t.gql(`mutation { setCommitmentStatus(input: { id: "${commitments[3]}", status: STALLED, note: "No news" }) { id } }`));
  });

  afterAll(async () => {
    figures.seconds = Math.round((Date.now() - started) / 100) / 10;
    mkdirSync(join(__dirname, '..', '..', 'test-output'), { recursive: true });
    writeFileSync(join(__dirname, '..', '..', 'test-output', 'fuzz.json'), JSON.stringify(figures, null, 2) + '\n');
    const codes = Object.entries(figures.rejectedByCode)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    process.stdout.write(
      `fuzz (${figures.driver}, seed ${SEED}): ${figures.cases} mutation cases, ${figures.accepted} accepted, ${figures.rejected} rejected (${codes}); ` +
        `${figures.rawHttpCases} raw HTTP bodies; ${figures.writesAfterRejects} writes after rejects; integrity ${figures.integrityCheck}; ${figures.seconds} s\n`,
    );
    await t.close();
  });

  it('derives cases for every mutation of the schema', () => {
    const mutations = Object.values(schema.getMutationType()!.getFields());
    expect(mutations.length).toBeGreaterThan(30);
    // Every argument type has values: a new scalar would throw here, not silently go unfuzzed.
    for (const field of mutations) expect(() => caseArb(field)).not.toThrow();
  });

  it('holds its properties for every mutation: no 5xx, only client error codes, no leaks, nothing written when rejected', async () => {
    // In schema order, those that use records up late and the destructive ones last; every mutation gets its share of the runs.
    const mutations = Object.values(schema.getMutationType()!.getFields()).sort((a, b) => lastly(a.name) - lastly(b.name) || a.name.localeCompare(b.name));
    const runs = Math.ceil(RUNS / mutations.length);
    const failures: string[] = [];
    for (const [i, field] of mutations.entries()) {
      const began = Date.now();
      const details = await fc.check(
        fc.asyncProperty(caseArb(field), (c) => run(field.name, c)),
        // No shrinking: the database changes with every accepted case, so a smaller case would not
        // replay the failure; FUZZ_SEED replays the whole run.
        { seed: SEED + i, numRuns: runs, endOnFailure: true },
      );
      figures.byMutation[field.name] && (figures.byMutation[field.name].ms = Date.now() - began);
      if (details.failed) {
        failures.push(`${field.name} (seed ${SEED + i}, path ${details.counterexamplePath}): ${String(details.errorInstance).slice(0, 1500)}\n  counterexample: ${JSON.stringify(details.counterexample).slice(0, 4000)}`);
      }
    }
    expect(failures).toEqual([]);
    for (const field of mutations) expect({ mutation: field.name, cases: figures.byMutation[field.name]?.cases }).toEqual({ mutation: field.name, cases: expect.any(Number) });
  }, 600_000);

  it('answers malformed HTTP bodies with a coded 4xx, writing nothing', async () => {
    const bodies = weighted<[string, string]>(
      [
        3,
        fc.constantFrom<[string, string]>(
          ['application/json', 'not json'],
          ['application/json', '{"query": '],
          ['application/json', '{"query": 1}'],
          ['application/json', '{"query": null}'],
          ['application/json', '{}'],
          ['application/json', '[]'],
          ['application/json', 'null'],
          ['application/json', '"mutation { deleteTopic(id: \\"1\\") }"'],
          ['application/json', '[{"query":"mutation { deleteTopic(id: \\"1\\") }"},{"query":"mutation { deleteTopic(id: \\"2\\") }"}]'],
          ['application/json', '{"query":"mutation($id: ID!) { deleteTopic(id: $id) }","variables":"{bad"}'],
          ['application/json', '{"query":"mutation($id: ID!) { deleteTopic(id: $id) }","variables":[1]}'],
          ['application/json', '{"query":"mutation($id: ID!) { deleteTopic(id: $id) }","variables":{"id":{"$gt":""}}}'],
          ['application/json', '{"query":"mutation A { deleteTopic(id: \\"1\\") }","operationName":"B"}'],
          ['application/json', '{"query":"mutation { deleteTopic(id: \\"1\\") }","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}'],
          ['application/json', `{"query":"${'['.repeat(5000)}"}`],
          ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
          ['application/json', '{"query":"mutation { createTopic(input: {slug: \\"x\\", title: \\"\\u0000\\"}) { id } }"'],
          ['text/plain', 'mutation { deleteTopic(id: "1") }'],
          ['application/x-www-form-urlencoded', 'query=mutation%20%7B%20deleteTopic(id%3A%20%221%22)%20%7D'],
          ['application/graphql', 'mutation { deleteTopic(id: "1") }'],
        ),
      ],
      [1, fc.string({ unit: 'binary', maxLength: 200 }).map((s): [string, string] => ['application/json', s])],
      [1, fc.json({ maxDepth: 3 }).map((s): [string, string] => ['application/json', s])],
      [1, fc.object({ maxDepth: 2 }).map((o): [string, string] => ['application/json', JSON.stringify({ query: 'mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }', variables: { input: o } })])],
    );
    await fc.assert(
      fc.asyncProperty(bodies, async ([contentType, body]) => {
        const before = await rowCounts();
        const res = await request(t.app.getHttpServer()).post('/graphql').set(headers).set('content-type', contentType).send(body);
        figures.rawHttpCases++;
        const code = checkAnswer(res, `raw body ${JSON.stringify(body).slice(0, 100)}`);
        if (code !== undefined) {
          bump(figures.rawRejectedByCode, code);
          expect(await rowCounts()).toEqual(before);
        }
      }),
      { seed: SEED, numRuns: RAW_RUNS },
    );
  });

  it('reads back what the fuzzing left: every query answers with data or a client error', async () => {
    const queries = Object.values(schema.getQueryType()!.getFields());
    let reads = 0;
    for (const field of queries) {
      const ids = requiredArgs(field).length ? ['1', '2', '3', '5', '8', '13', '21', '34', '55', '89'] : ['1'];
      for (const id of ids) {
        const res = await request(t.app.getHttpServer())
          .post('/graphql')
          .set(headers)
          .send({ query: `{ ${callOf(field, id, selectionOf(field.type))} }` });
        const code = checkAnswer(res, `query ${field.name}(${id})`);
        if (code) bump(figures.readBackErrors, code);
        reads++;
      }
    }
    figures.readBacks = reads;
  });

  it('leaves a database that passes its integrity check', async () => {
    if (isPostgresRun()) {
      // PostgreSQL has no PRAGMA integrity_check; its constraints are checked on every write, so the
      // row-count invariant above is the check here.
      figures.integrityCheck = 'skipped (postgres)';
    } else {
      const rows = await t.dataSource.query('PRAGMA integrity_check');
      figures.integrityCheck = rows.map((r: { integrity_check: string }) => r.integrity_check).join('; ');
      expect(figures.integrityCheck).toBe('ok');
      expect(await t.dataSource.query('PRAGMA foreign_key_check')).toEqual([]);
      // The full-text indexes still match the rows they index.
      for (const { name } of await t.dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'`)) {
        await t.dataSource.query(`INSERT INTO ${name}(${name}) VALUES ('integrity-check')`);
      }
    }
    expect(figures.writesAfterRejects).toBe(0);
    expect(figures.cases).toBeGreaterThanOrEqual(RUNS);
    // The cases reach the services: a good share is accepted, for most mutations.
    expect(figures.accepted).toBeGreaterThan(figures.cases / 20);
  });
});

