import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';

/** Reading a server process from /proc: CPU time, resident memory (Linux only). */

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux (getconf CLK_TCK)

/** User + system CPU of a process (all its threads), in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function statusKb(pid: number, key: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : 0;
}

export const rssMb = (pid: number) => statusKb(pid, 'VmRSS') / 1024;

/**
 * Peak resident memory over a window: the kernel's high-water mark, reset at the start
 * (clear_refs 5) and read at the end, plus a sample every 100 ms in case the reset is refused.
 */
export function watchPeakRss(pid: number): { stop(): number } {
  let resetWorked = true;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    resetWorked = false;
  }
  let sampled = rssMb(pid);
  const timer = setInterval(() => {
    try {
      sampled = Math.max(sampled, rssMb(pid));
    } catch {
      /* the process ended: the run reports it */
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      const hwm = resetWorked ? statusKb(pid, 'VmHWM') / 1024 : 0;
      return Math.max(sampled, hwm);
    },
  };
}

/** A free loopback port (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** ms from spawn to the first 200 answer of `probe`. */
  coldStartMs: number;
  output: () => string;
}

/**
 * Spawns a server and measures its cold start: from spawn to the first successful answer of
 * `probe` (polled every 10 ms; refused connections while it boots are retried).
 */
export async function startServer(command: string, args: string[], env: NodeJS.ProcessEnv, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<Started> {
  let log = '';
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (log = (log + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (log = (log + d).slice(-20_000)));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  for (;;) {
    if (exited !== null) throw new Error(`${command} ${args.join(' ')} exited (${exited}) before answering:\n${log}`);
    if (performance.now() - started > timeoutMs) {
      child.kill();
      throw new Error(`${command} ${args.join(' ')} did not answer within ${timeoutMs} ms:\n${log}`);
    }
    try {
      if (await probe()) return { child, coldStartMs: performance.now() - started, output: () => log };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** How `npm start` runs the built server: the Node options and the script (package.json's start in `appRoot`). */
export function npmStartCommand(appRoot: string): { options: string[]; script: string } {
  const start: string = JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')).scripts.start;
  const match = start.match(/\bnode ((?:--\S+ )*)(\S+\.js)\s*$/);
  if (!match) throw new Error(`package.json's start script does not end with "node [options] <script>.js": ${start}`);
  return { options: match[1].split(' ').filter(Boolean), script: join(appRoot, match[2]) };
}

/** The Node options `npm start` runs the built server with. */
export function npmStartNodeOptions(appRoot: string): string[] {
  return npmStartCommand(appRoot).options;
}
