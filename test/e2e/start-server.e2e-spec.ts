import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * scripts/start-server.js (what npm start runs) on a stand-in bundle: it runs dist/server.js as
 * a module, keeps V8's code cache after CODE_CACHE_AFTER_MS and hands it back on the next start.
 */
describe('the bundled server start with its code cache (scripts/start-server.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'start-server-'));
  const cache = join(dir, 'dist', 'server.js.cache');
  const start = (env: Record<string, string> = {}) => {
    const res = spawnSync(process.execPath, [join(dir, 'scripts', 'start-server.js')], { cwd: dir, encoding: 'utf8', env: { ...process.env, CODE_CACHE_DEBUG: '1', CODE_CACHE_AFTER_MS: '50', ...env } });
    return { code: res.status, out: res.stdout, err: res.stderr };
  };
  const bundle = (greeting: string) =>
    writeFileSync(
      join(dir, 'dist', 'server.js'),
      // module, require and __dirname as a CommonJS module has them; alive long enough for the cache
      `const { join } = require('node:path');\nconsole.log(${JSON.stringify(greeting)}, typeof module.exports, join(__dirname) === ${JSON.stringify(join(dir, 'dist'))});\nsetTimeout(() => {}, 300);\n`,
    );

  beforeAll(() => {
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'dist'));
    copyFileSync(join(ROOT, 'scripts', 'start-server.js'), join(dir, 'scripts', 'start-server.js'));
    bundle('hello');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle, writes the cache once it ran a while, and uses it the next time', () => {
    expect(start()).toEqual({ code: 0, out: 'hello object true\n', err: 'code cache: none\ncode cache: written\n' });
    expect(existsSync(cache)).toBe(true);
    expect(start()).toEqual({ code: 0, out: 'hello object true\n', err: 'code cache: used\n' });
  });

  it('makes the cache again when V8 refuses it (the bundle changed)', () => {
    bundle('hola');
    expect(start()).toEqual({ code: 0, out: 'hola object true\n', err: 'code cache: rejected\ncode cache: written\n' });
    expect(start().err).toBe('code cache: used\n');
  });

  it('starts all the same when the cache cannot be written', () => {
    rmSync(cache);
    chmodSync(join(dir, 'dist'), 0o555);
    try {
      const res = start();
      expect(res.out).toBe('hola object true\n');
      // root may write anyway; otherwise the failure is only reported
      expect(res.err).toMatch(/^code cache: none\ncode cache: (written|not written \(EACCES\))\n$/);
    } finally {
      chmodSync(join(dir, 'dist'), 0o755);
    }
  });
});
