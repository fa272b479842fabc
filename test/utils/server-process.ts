import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ServerProcess {
  port: number;
  /** The ADMIN token the first start printed. */
  token: string;
  child: ChildProcess;
  /** Everything the process printed so far, standard output then standard error. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Whether the process is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * The real server process on a fresh SQLite file of its own: what an operator starts, with the
 * Node options given (e.g. npm start's heap cap) and the environment on top. `entry` is the
 * compiled server (`compiledBuild().server`, called at the test file's top level).
 */
export async function startServerProcess(entry: string, options: { nodeOptions?: string[]; env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'server-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    // info: the start-up line with the port is an info line.
    LOG_LEVEL: 'info',
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'tracker.sqlite')}`,
    DATABASE_SCHEMA: '',
    DEMO_DATA: 'false',
    REDIS_URL: '',
    ...options.env,
  };
  let out = '';
  let err = '';
  let exited = false;
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), entry], { cwd: ROOT, env });
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start in 90 s: ${out}${err}`)), 90_000);
    const seen = () => {
      const listening = /GraphQL at http:\/\/localhost:(\d+)\/graphql/.exec(out);
      if (listening && /Make more/.test(out)) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    };
    child.stdout!.on('data', seen);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  }).catch((error: Error) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const token = /bt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}/.exec(out)![0];
  return {
    port,
    token,
    child,
    output: () => out + err,
    stdout: () => out,
    stderr: () => err,
    alive: () => !exited,
    async stop() {
      if (!exited) child.kill('SIGKILL');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
