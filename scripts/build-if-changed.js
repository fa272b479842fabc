#!/usr/bin/env node
/**
 * `npm start` and `npm run cli` run this before the compiled build (dist/): it compiles only when
 * an input changed since its last build, so a start with nothing changed does not pay for tsc.
 *
 * The inputs are what tsconfig.build.json compiles (src/ without the specs, scripts/,
 * ormconfig.ts) and what shapes the build (tsconfig*.json, package.json, package-lock.json). Their
 * paths and contents make a signature stored in dist/.build-inputs after a
 * successful build; a different signature (a file edited, added, removed; not merely touched) builds
 * again with `tsc -p tsconfig.build.json`, which is incremental (dist/tsconfig.build.tsbuildinfo),
 * so tsc itself re-emits only what changed. A compiled file left behind by a removed source is
 * deleted. A type error fails the build as `npm run build` does (exit code 2) and nothing is
 * recorded, so the next run tries again. Builds from several processes at once take turns
 * (dist/.build-lock).
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 *
 *   node scripts/build-if-changed.js [--quiet]   # --quiet: silent when nothing is built
 *
 * After tsc, the server is bundled into dist/server.js (scripts/bundle-server.js), which
 * `npm start` runs through scripts/start-server.js; a missing bundle builds too.
 *
 * Messages go to standard error: a command's standard output stays its own.
 */
'use strict';
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const { join, relative, sep } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-inputs');
const LOCK = join(DIST, '.build-lock');
const BUILD_INFO = join(DIST, 'tsconfig.build.tsbuildinfo');
const BUNDLES = [join(DIST, 'server.js'), join(DIST, 'parse-worker.js')];
const CODE_CACHE = join(DIST, 'server.js.cache');
const TREES = ['src', 'scripts'];
const FILES = ['ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

const quiet = process.argv.includes('--quiet');
const say = (line) => process.stderr.write(`build: ${line}\n`);

/** Every input as `path content-hash`, in a stable order, and the TypeScript sources among them. */
function inputs() {
  const lines = [];
  const sources = [];
  const visit = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && !entry.name.endsWith('.spec.ts')) add(path);
    }
  };
  const add = (path) => {
    let content;
    try {
      content = fs.readFileSync(path);
    } catch {
      return;
    }
    const rel = relative(ROOT, path).split(sep).join('/');
    lines.push(`${rel} ${createHash('sha1').update(content).digest('hex')}`);
    if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) sources.push(rel);
  };
  for (const tree of TREES) if (fs.existsSync(join(ROOT, tree))) visit(join(ROOT, tree));
  for (const file of FILES) add(join(ROOT, file));
  return { signature: createHash('sha256').update(lines.join('\n')).digest('hex'), sources };
}

const compiled = (source) => join(DIST, source.replace(/\.ts$/, '.js'));

function upToDate({ signature, sources }) {
  let stamp;
  try {
    stamp = fs.readFileSync(STAMP, 'utf8').trim();
  } catch {
    return false;
  }
  return stamp === signature && sources.every((s) => fs.existsSync(compiled(s))) && BUNDLES.every((b) => fs.existsSync(b));
}

/** Waits for another process's build to end; a lock left by a process that is gone is taken over. */
function lock() {
  fs.mkdirSync(DIST, { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    let holder;
    try {
      holder = Number(fs.readFileSync(LOCK, 'utf8'));
    } catch {
      continue;
    }
    if (!alive(holder) && Date.now() - fs.statSync(LOCK).mtimeMs > 1000) {
      fs.rmSync(LOCK, { force: true });
      continue;
    }
    if (Date.now() - started > 10 * 60_000) throw new Error(`${LOCK} held for 10 minutes by process ${holder}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
}

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Compiled files (and their source maps) whose source is gone. */
function prune(sources) {
  const wanted = new Set(sources.map(compiled));
  let removed = 0;
  const visit = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.js') && !wanted.has(path)) {
        fs.rmSync(path);
        fs.rmSync(`${path}.map`, { force: true });
        removed++;
      }
    }
  };
  for (const tree of TREES) visit(join(DIST, tree));
  return removed;
}

function main() {
  let state = inputs();
  if (upToDate(state)) {
    if (!quiet) say('dist/ is up to date');
    return 0;
  }
  lock();
  try {
    // another process may have built while this one waited
    state = inputs();
    if (upToDate(state)) return 0;
    // outputs missing while tsc's record says they were emitted: compile everything
    if (!state.sources.every((s) => fs.existsSync(compiled(s)))) fs.rmSync(BUILD_INFO, { force: true });
    fs.rmSync(STAMP, { force: true });
    say('compiling what changed (tsc -p tsconfig.build.json) ...');
    const t0 = performance.now();
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', join(ROOT, 'tsconfig.build.json')], {
      cwd: ROOT,
      stdio: ['ignore', 2, 2],
    });
    if (tsc.status !== 0) {
      say(`tsc failed (${tsc.status ?? tsc.signal})`);
      return tsc.status || 1;
    }
    const removed = prune(state.sources);
    fs.rmSync(CODE_CACHE, { force: true });
    const bundle = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle-server.js')], { cwd: ROOT, stdio: ['ignore', quiet ? 'ignore' : 2, 2] });
    if (bundle.status !== 0) {
      say(`bundling failed (${bundle.status ?? bundle.signal})`);
      return bundle.status || 1;
    }
    fs.writeFileSync(STAMP, `${state.signature}\n`);
    say(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s${removed ? `, ${removed} stale files removed` : ''}`);
    return 0;
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

process.exitCode = main();
