import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModule } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { ApiTokensService } from '../../src/auth/api-tokens.service';
import { Role } from '../../src/common/security/role';
import { SqlStatementCounter } from '../../src/database/sql-statement-counter';
import { createHttpApp, HTTP_APP_OPTIONS } from '../../src/http/http-app';

/**
 * The real AppModule on a real, empty database with the migrations run:
 * - by default a fresh SQLite file in the temp folder;
 * - with DATABASE_URL=postgres://... (set for the whole jest run, so entities load with
 *   PostgreSQL column types) a fresh schema in that database, dropped again by close().
 *   Several test files, in parallel, can then share one database.
 */
export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  sql: SqlStatementCounter;
  /**
   * POSTs a GraphQL operation and returns the parsed body ({ data, errors }). Sent with the
   * ADMIN token `adminToken` (named "test-admin") unless headers replace it: pass
   * `await t.as(name, role)` to act as someone else, ANONYMOUS to send no token.
   */
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  /** An ADMIN token, made through the tokens service like any other. */
  adminToken: string;
  /** Authorization headers for a token with that name (the actor it records) and role (default ADMIN), made once. */
  as(name: string, role?: Role): Promise<Record<string, string>>;
  /** A token with that name and role (default ADMIN), made once. */
  tokenFor(name: string, role?: Role): Promise<string>;
  close(): Promise<void>;
}

export interface GqlResponse<T> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; fields?: { path: string; message: string }[]; [k: string]: unknown } }[];
}

export const isPostgresRun = () => /^postgres/.test(process.env.DATABASE_URL ?? '');

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const suffix = randomBytes(6).toString('hex');
  let cleanup: () => Promise<void> = async () => {};
  if (isPostgresRun()) {
    const url = process.env.DATABASE_URL!;
    const schema = `t_${suffix}`;
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    Object.assign(process.env, { DATABASE_URL: url, DATABASE_SCHEMA: schema });
    cleanup = async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    };
  } else {
    const file = join(tmpdir(), `tracker-test-${suffix}.sqlite`);
    Object.assign(process.env, { DATABASE_URL: `sqlite:${file}` });
    delete process.env.DATABASE_SCHEMA;
    cleanup = async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    };
  }
  // A token verified once stays cached for the whole test file, so SQL counts never see a re-lookup.
  Object.assign(process.env, { DEMO_DATA: 'false', AUTH_CACHE_TTL_MS: '600000', ...env });

  const app = await createAppOf(await Test.createTestingModule({ imports: [AppModule] }).compile());
  const dataSource = app.get(DataSource);
  const sql = app.get(SqlStatementCounter);
  const server = app.getHttpServer();
  const tokensService = app.get(ApiTokensService);
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (name: string, role: Role = Role.ADMIN) => {
    const key = `${role}:${name}`;
    if (!tokens.has(key)) tokens.set(key, tokensService.create({ name, role, createdBy: 'test' }).then((made) => made.token));
    return tokens.get(key)!;
  };
  const adminToken = await tokenFor('test-admin');

  return {
    app,
    dataSource,
    sql,
    adminToken,
    tokenFor,
    async as(name, role) {
      return { authorization: `Bearer ${await tokenFor(name, role)}` };
    },
    async gql(query, variables, headers = {}) {
      const res = await request(server)
        .post('/graphql')
        .set({ authorization: `Bearer ${adminToken}`, ...headers })
        .send({ query, variables });
      return { status: res.status, data: res.body.data, errors: res.body.errors };
    },
    async close() {
      await app.close();
      await cleanup();
    },
  };
}

/**
 * The application of a testing module, built as `npm start` builds it (src/http/http-app.ts:
 * NestJS on Fastify with every HTTP limit), initialised and ready (supertest can call
 * app.getHttpServer() without listening).
 */
export function createAppOf(moduleRef: TestingModule): Promise<NestFastifyApplication> {
  return createHttpApp((adapter) => moduleRef.createNestApplication<NestFastifyApplication>(adapter, { ...HTTP_APP_OPTIONS, logger: ['error'] }));
}

/** Headers for a request without a token (supertest sends the empty header, which carries none). */
export const ANONYMOUS = { authorization: '' };

/** Rows in a table: used to prove a failed mutation wrote nothing. */
export async function countRows(dataSource: DataSource, table: string): Promise<number> {
  const [row] = await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}
