import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledBuild } from '../utils/compiled-build';

const ROOT = join(__dirname, '..', '..');
const BUILD = compiledBuild();
const TOKEN = /bt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}/;

/**
 * The token commands and the first start as a user meets them: real processes of the compiled
 * build (`npm run cli`, `npm start`) on a real SQLite file (this file's own, also on a PostgreSQL run).
 */
describe('API tokens from the shell (e2e)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tokens-cli-'));
  const env = { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'tracker.sqlite')}`, DATABASE_SCHEMA: '', DEMO_DATA: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'test', REDIS_URL: '' };
  const running: ChildProcess[] = [];
  afterAll(() => {
    for (const p of running) p.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => {
    const res = spawnSync(process.execPath, [BUILD.cli, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };

  /** Starts the server (PORT=0) and resolves with its standard output once it listens, and its port. */
  const start = (more: NodeJS.ProcessEnv = {}) =>
    new Promise<{ out: string; port: number; server: ChildProcess }>((resolve, reject) => {
      const server = spawn(process.execPath, [BUILD.server], { cwd: ROOT, env: { ...env, PORT: '0', LOG_LEVEL: 'info', ...more } });
      running.push(server);
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no start in 60 s: ${out}`)), 60_000);
      const seen = (chunk: Buffer) => {
        out += chunk.toString();
        const listening = /GraphQL at http:\/\/localhost:(\d+)\/graphql/.exec(out);
        // The token, when there is one, is printed after the address: wait for the end of its block.
        if (listening && (!/First start/.test(out) || /Make more/.test(out))) {
          clearTimeout(timer);
          resolve({ out, port: Number(listening[1]), server });
        }
      };
      server.stdout.on('data', seen);
      server.stderr.on('data', seen);
      server.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });

  const stop = (server: ChildProcess) =>
    new Promise<void>((resolve) => {
      server.removeAllListeners('exit');
      server.on('exit', () => resolve());
      server.kill('SIGTERM');
    });

  const query = async (port: number, token: string | null, body: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });
    return (await res.json()) as { data?: any; errors?: { extensions: { code: string } }[] };
  };

  it('prints an ADMIN token on the very first start only, and it works as the README shows', async () => {
    const first = await start();
    const admin = TOKEN.exec(first.out)?.[0];
    expect(admin).toBeDefined();
    expect(first.out).toContain(`-H 'authorization: Bearer ${admin}'`);
    expect((await query(first.port, null, '{"query":"{ topics { slug } }"}')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await query(first.port, admin!, '{"query":"{ topics { slug } }"}')).data.topics).toHaveLength(5);
    await stop(first.server);

    const again = await start();
    expect(again.out).not.toMatch(TOKEN);
    expect((await query(again.port, admin!, '{"query":"{ apiTokens { name role createdBy } }"}')).data.apiTokens).toEqual([{ name: 'admin', role: 'ADMIN', createdBy: 'first start' }]);
    await stop(again.server);
  });

  it('creates, lists and revokes tokens with npm run cli -- token', async () => {
    const made = cli('token', 'create', '--role', 'staff', '--name', 'Jane Doe', '--expires', '2099-01-01');
    expect(made.code).toBe(0);
    const token = made.out.trim();
    expect(token).toMatch(new RegExp(`^${TOKEN.source}$`));
    expect(made.err).toContain('"Jane Doe" (STAFF, expires 2099-01-01T00:00:00.000Z)');

    const listed = cli('token', 'list');
    expect(listed.code).toBe(0);
    const row = listed.out.split('\n').find((line) => line.includes('Jane Doe'))!;
    expect(row).toContain(`bt_${token.slice(3, 11)}_…`);
    expect(row).toContain('STAFF');
    expect(row).toContain('active');
    expect(listed.out).not.toContain(token.slice(12));

    // Tokens looked up on every request (no cache): the revocation below, made by another
    // process, is refused at once by this running server.
    const server = await start({ AUTH_CACHE_TTL_MS: '0' });
    const created = await query(server.port, token, JSON.stringify({ query: 'mutation { createTopic(input: { slug: "energy", title: "Energy" }) { slug } }' }));
    expect(created.data).toEqual({ createTopic: { slug: 'energy' } });
    // A STAFF token cannot make tokens.
    const escalate = await query(server.port, token, JSON.stringify({ query: 'mutation { createApiToken(input: { name: "x", role: ADMIN }) { token } }' }));
    expect(escalate.errors?.[0].extensions.code).toBe('FORBIDDEN');

    const revoked = cli('token', 'revoke', `bt_${token.slice(3, 11)}`);
    expect(revoked).toMatchObject({ code: 0, out: expect.stringContaining('Revoked token') });
    expect(cli('token', 'list').out.split('\n').find((line) => line.includes('Jane Doe'))).toMatch(/revoked \d{4}-/);
    expect((await query(server.port, token, '{"query":"{ topics { slug } }"}')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    await stop(server.server);
  });

  it('refuses bad token commands with a message and exit code 1', () => {
    expect(cli('token', 'create', '--role', 'boss', '--name', 'x')).toMatchObject({ code: 1, err: expect.stringContaining('--role must be one of analyst, staff, admin') });
    expect(cli('token', 'create', '--role', 'analyst', '--name', 'x', '--expires', '2001-01-01')).toMatchObject({ code: 1, err: expect.stringContaining('expiresAt: must be a valid instant in the future') });
    expect(cli('token', 'revoke', '999')).toMatchObject({ code: 1, err: expect.stringContaining('ApiToken 999 was not found') });
    expect(cli('token', 'frobnicate')).toMatchObject({ code: 1, err: expect.stringContaining('token create --role') });
  });
});
