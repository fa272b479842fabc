import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { request as httpRequest } from 'node:http';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../../src/app.module';
import { ApiTokensService } from '../../src/auth/api-tokens.service';
import { Role } from '../../src/common/security/role';
import { MIGRATIONS } from '../../src/database/migrations';
import { drainAndClose } from '../../src/lifecycle/graceful-shutdown';
import { ShutdownState } from '../../src/lifecycle/shutdown-state';
import { createAppOf, createTestApp, isPostgresRun, TestApp } from '../utils/create-test-app';

/**
 * Running at scale: N stateless instances on one PostgreSQL database and one Redis, behind any
 * HTTP load balancer. Here the balancer is the smallest honest one: round robin over the
 * instances whose GET /health answered 200 at its last check (every 50 ms), and a request whose
 * connection is refused goes to the next instance; nothing else is retried.
 */
const scaleOut = isPostgresRun() && !!process.env.REDIS_URL;

interface Answer {
  status: number;
  body: { data?: any; errors?: { extensions: { code: string } }[] };
}

/** One POST /graphql on a connection of its own; rejects with the socket error's code. */
function post(port: number, token: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query, variables });
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/health', agent: false, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

class RoundRobin {
  private next = 0;
  private up: number[];
  private readonly timer: NodeJS.Timeout;
  readonly served = new Map<number, number>();

  constructor(private readonly ports: number[]) {
    this.up = [...ports];
    this.timer = setInterval(async () => {
      const checks = await Promise.all(this.ports.map(healthy));
      this.up = this.ports.filter((_, i) => checks[i]);
    }, 50);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async post(token: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
    for (let attempt = 0; attempt < this.ports.length * 3; attempt++) {
      const pool = this.up.length ? this.up : this.ports;
      const port = pool[this.next++ % pool.length];
      try {
        const answer = await post(port, token, query, variables);
        this.served.set(port, (this.served.get(port) ?? 0) + 1);
        return answer;
      } catch (error) {
        // Refused: the request never reached that instance, so another may take it.
        if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
      }
    }
    throw new Error('every instance refused the connection');
  }
}

async function startInstance(port = 0): Promise<{ app: INestApplication; port: number }> {
  const app = await createAppOf(await Test.createTestingModule({ imports: [AppModule] }).compile());
  await app.listen(port, '127.0.0.1');
  return { app, port: (app.getHttpServer().address() as AddressInfo).port };
}

const CREATE = `mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id title } }`;
const READ = `query($id: ID!) { commitment(id: $id) { id title } }`;
const LIST = `{ commitments(first: 5) { totalCount nodes { id title topics { slug } } } }`;

if (scaleOut) {
  describe('Scale-out: instances on one PostgreSQL and one Redis (e2e)', () => {
    const url = process.env.DATABASE_URL!;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const instances: { app: INestApplication; port: number }[] = [];
    let staff: string;

    beforeAll(async () => {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.end();
      Object.assign(process.env, { DATABASE_SCHEMA: schema, DEMO_DATA: 'true', NODE_ENV: 'test' });
    });
    afterAll(async () => {
      for (const { app } of instances) await app.close().catch(() => undefined);
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
      process.env.DEMO_DATA = 'false';
    });

    it('starts two instances at once on an empty database: each migration, the reference data and the demo briefing once', async () => {
      instances.push(...(await Promise.all([startInstance(), startInstance()])));
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`SET search_path TO ${schema}`);
        const count = async (table: string) => Number((await client.query(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0].n);
        expect({
          migrations: await count('migrations'),
          countries: await count('country'),
          topics: await count('topic'),
          dialogues: await count('dialogue'),
          briefings: await count('briefing'),
        }).toEqual({ migrations: MIGRATIONS.length, countries: 2, topics: 5, dialogues: 1, briefings: 1 });
      } finally {
        await client.end();
      }
      staff = (await instances[0].app.get(ApiTokensService).create({ name: 'desk', role: Role.STAFF })).token;
    });

    it('reads through one instance what was written through the other', async () => {
      const [a, b] = instances;
      const made = (await post(a.port, staff, CREATE, { input: { title: 'Written through A', text: 'We will write.', kind: 'ACTION' } })).body.data.createCommitment;
      expect((await post(b.port, staff, READ, { id: made.id })).body).toEqual({ data: { commitment: made } });
    });

    it('answers every request through the balancer while one instance restarts', async () => {
      const [a, b] = instances;
      const balancer = new RoundRobin([a.port, b.port]);
      const failures: unknown[] = [];
      const written: string[] = [];
      let running = true;
      const worker = async (n: number) => {
        for (let i = 0; running; i++) {
          try {
            const answer =
              i % 3 === 0
                ? await balancer.post(staff, CREATE, { input: { title: `w${n}-${i}`, text: 'We will keep going.', kind: 'ACTION' } })
                : await balancer.post(staff, LIST);
            if (answer.status !== 200 || answer.body.errors) failures.push(answer);
            else if (i % 3 === 0) written.push(answer.body.data.createCommitment.id);
          } catch (error) {
            failures.push(String(error));
          }
        }
      };
      const load = Promise.all([0, 1, 2, 3].map(worker));
      await new Promise((r) => setTimeout(r, 700));
      const beforeRestart = balancer.served.get(b.port) ?? 0;
      // B goes away (failing its health check for a while, then finishing what it has) and comes
      // back on the same port, as a rolling redeploy would.
      await drainAndClose(b.app, { drainMs: 300 });
      const restarted = await startInstance(b.port);
      instances[1] = restarted;
      await new Promise((r) => setTimeout(r, 700));
      running = false;
      await load;
      balancer.stop();

      expect(failures).toEqual([]);
      expect(beforeRestart).toBeGreaterThan(0);
      expect(balancer.served.get(b.port)! - beforeRestart).toBeGreaterThan(0);
      expect(written.length).toBeGreaterThan(10);
      // Every write that was answered is there, read through the restarted instance.
      const ids = new Set<string>();
      for (const id of written) ids.add((await post(restarted.port, staff, READ, { id })).body.data.commitment.id);
      expect(ids.size).toBe(written.length);
    });
  });
} else {
  describe('Graceful shutdown (e2e): one instance on SQLite (the scale-out story needs PostgreSQL and REDIS_URL)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      await t.app.listen(0, '127.0.0.1');
    });
    afterAll(async () => t.close().catch(() => undefined));

    it('fails its health check while draining, finishes the requests in flight, then refuses new connections', async () => {
      const server = t.app.getHttpServer();
      const port = (server.address() as AddressInfo).port;
      let received = 0;
      server.on('request', () => received++);
      const inFlight = Array.from({ length: 20 }, (_, i) =>
        post(port, t.adminToken, CREATE, { input: { title: `in flight ${i}`, text: 'We will finish.', kind: 'ACTION' } }),
      );
      // Once the server has every request (received, not yet answered), it starts draining.
      while (received < 20) await new Promise((r) => setImmediate(r));
      const closing = drainAndClose(t.app, { drainMs: 150 });
      // While draining it still serves, but tells balancers to move on.
      const health = await new Promise<{ status: number; body: any }>((resolve, reject) =>
        httpRequest({ host: '127.0.0.1', port, path: '/health', agent: false }, (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        })
          .on('error', reject)
          .end(),
      );
      expect(health).toMatchObject({ status: 503, body: { status: 'error', error: { instance: { status: 'down', draining: true } } } });
      const answers = await Promise.all(inFlight);
      await closing;
      expect(answers.map((a) => [a.status, a.body.errors])).toEqual(answers.map(() => [200, undefined]));
      await expect(post(port, t.adminToken, LIST)).rejects.toThrow(/ECONNREFUSED/);
      expect(t.app.get(ShutdownState).draining).toBe(true);
    });
  });
}
