import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * scripts/build-if-changed.js (what `npm start` and `npm run cli` run first) on a project of
 * three files laid out as this one: it compiles when an input changed, and only then.
 */
describe('build only what changed (scripts/build-if-changed.js)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-if-changed-'));
  const write = (file: string, text: string) => {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const build = () => {
    const res = spawnSync(process.execPath, [join(dir, 'scripts', 'build-if-changed.js')], { cwd: dir, encoding: 'utf8' });
    return { code: res.status, err: res.stderr };
  };
  const run = () => spawnSync(process.execPath, [join(dir, 'dist', 'src', 'main.js')], { encoding: 'utf8' }).stdout;
  /** The bundle npm start runs (scripts/bundle-server.js after tsc). */
  const runBundle = () => spawnSync(process.execPath, [join(dir, 'dist', 'server.js')], { encoding: 'utf8' }).stdout;

  beforeAll(() => {
    mkdirSync(join(dir, 'scripts'));
    copyFileSync(join(ROOT, 'scripts', 'build-if-changed.js'), join(dir, 'scripts', 'build-if-changed.js'));
    copyFileSync(join(ROOT, 'scripts', 'bundle-server.js'), join(dir, 'scripts', 'bundle-server.js'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    write('package.json', '{ "name": "tiny", "private": true }\n');
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'ES2022', strict: true, outDir: './dist', rootDir: '.', types: [] } }));
    write('tsconfig.build.json', JSON.stringify({ extends: './tsconfig.json', compilerOptions: { incremental: true, tsBuildInfoFile: './dist/tsconfig.build.tsbuildinfo' }, include: ['src'], exclude: ['**/*.spec.ts'] }));
    write('src/main.ts', "import { greeting } from './greeting';\nconsole.log(greeting);\n");
    write('src/greeting.ts', "export const greeting: string = 'hello';\n");
    write('src/old.ts', 'export const old = 1;\n');
    write('src/ingest/parse-worker.ts', 'export {};\n');
    write('src/main.spec.ts', 'export {};\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles a fresh clone, then nothing while nothing changed (a touch is no change)', () => {
    const first = build();
    expect(first).toMatchObject({ code: 0, err: expect.stringContaining('compiling') });
    expect(run()).toBe('hello\n');
    expect(runBundle()).toBe('hello\n');
    const compiledAt = statSync(join(dir, 'dist', 'src', 'main.js')).mtimeMs;

    const now = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'src', 'main.ts'), now, now);
    write('src/main.spec.ts', 'export const changed = 1;\n'); // specs are not built
    expect(build()).toEqual({ code: 0, err: 'build: dist/ is up to date\n' });
    expect(statSync(join(dir, 'dist', 'src', 'main.js')).mtimeMs).toBe(compiledAt);
  });

  it('compiles again after an edit, drops what a removed source left, and rebuilds what is missing', () => {
    write('src/greeting.ts', "export const greeting: string = 'hola';\n");
    unlinkSync(join(dir, 'src', 'old.ts'));
    expect(build()).toMatchObject({ code: 0, err: expect.stringContaining('1 stale files removed') });
    expect(run()).toBe('hola\n');
    expect(existsSync(join(dir, 'dist', 'src', 'old.js'))).toBe(false);

    // an output deleted by hand while tsc's incremental record says it was written
    unlinkSync(join(dir, 'dist', 'src', 'greeting.js'));
    expect(build()).toMatchObject({ code: 0, err: expect.stringContaining('compiling') });
    expect(run()).toBe('hola\n');
    expect(runBundle()).toBe('hola\n');

    // the bundle deleted by hand: built again
    unlinkSync(join(dir, 'dist', 'server.js'));
    expect(build()).toMatchObject({ code: 0, err: expect.stringContaining('compiling') });
    expect(runBundle()).toBe('hola\n');
  });

  it('fails on a type error as npm run build does, records nothing, and builds once fixed', () => {
    write('src/greeting.ts', 'export const greeting: string = 42;\n');
    const failed = build();
    expect(failed.code).toBe(2);
    expect(failed.err).toContain("Type 'number' is not assignable to type 'string'");
    expect(build().code).toBe(2); // not recorded as built
    write('src/greeting.ts', "export const greeting: string = 'salut';\n");
    expect(build().code).toBe(0);
    expect(run()).toBe('salut\n');
  });

  it('lets builds started together take turns: one compiles, the other finds it done', async () => {
    write('src/greeting.ts', "export const greeting: string = 'ciao';\n");
    const together = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<string>((resolve) => {
            const child = spawn(process.execPath, [join(dir, 'scripts', 'build-if-changed.js'), '--quiet'], { cwd: dir });
            let err = '';
            child.stderr.on('data', (chunk) => (err += chunk));
            child.on('exit', (code) => resolve(`${code} ${err}`));
          }),
      ),
    );
    expect(together.filter((r) => r.includes('compiling'))).toHaveLength(1);
    expect(together.every((r) => r.startsWith('0 '))).toBe(true);
    expect(run()).toBe('ciao\n');
    expect(runBundle()).toBe('ciao\n');
    expect(existsSync(join(dir, 'dist', '.build-lock'))).toBe(false);
    expect(readFileSync(join(dir, 'dist', '.build-inputs'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});
