import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The compiled build (dist/) as `npm start` and `npm run cli` run it, compiled first if src/
 * changed since its last build (scripts/build-if-changed.js: nothing to do when it did not, the
 * changed files when it did, everything in a fresh clone). Call it at a test file's top level:
 * loading a file has no timeout, so a first build on a busy machine does not eat a test's time.
 * Jest workers calling it together take turns; one compiles, the others find it done.
 */
export function compiledBuild(): { cli: string; server: string } {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-if-changed.js'), '--quiet'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  // the server as npm start runs it: the bundle (dist/server.js) through its code-cache loader
  return { cli: join(ROOT, 'dist', 'src', 'cli', 'main.js'), server: join(ROOT, 'scripts', 'start-server.js') };
}
