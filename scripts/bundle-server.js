#!/usr/bin/env node
/**
 * Bundles the compiled server (dist/src/main.js) into one file, dist/server.js, so that a start
 * reads and compiles one script instead of resolving ~2,500 modules one by one (the cold start:
 * see docs/benchmarks.md). Run by scripts/build-if-changed.js after tsc.
 *
 * Left out of the bundle: native addons (better-sqlite3 finds its .node file from its own
 * folder), wink-nlp's English model (4 MB of data, loaded on the first parse), and the optional packages that Nest, Apollo and TypeORM require only when a feature
 * is used and that this project does not install (Express, microservices, other ORMs...): they
 * stay plain `require`s, which fail as before if ever reached. The parse pool's worker is bundled
 * beside it (dist/parse-worker.js); the read pool's worker is a short script of its own.
 */
'use strict';
const esbuild = require('esbuild');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const NATIVE = ['better-sqlite3'];
/** Loaded on first parse only, from node_modules: the English model is 4 MB of data a start need not read. */
const LAZY = ['wink-eng-lite-web-model'];

/** Bare imports of packages that are not installed become externals instead of build errors. */
const notInstalledAsExternal = {
  name: 'not-installed-as-external',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return undefined;
      try {
        require.resolve(args.path, { paths: [args.resolveDir] });
        return undefined;
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

async function bundle() {
  const started = Date.now();
  await esbuild.build({
    // the parse pool starts its worker from the file beside its own: dist/parse-worker.js
    entryPoints: { server: join(ROOT, 'dist', 'src', 'main.js'), 'parse-worker': join(ROOT, 'dist', 'src', 'ingest', 'parse-worker.js') },
    outdir: join(ROOT, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Nest and TypeORM read class and function names (providers, entities, migrations).
    keepNames: true,
    external: [...NATIVE, ...LAZY],
    plugins: [notInstalledAsExternal],
    logLevel: 'error',
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
  });
  return Date.now() - started;
}

module.exports = { bundle };

if (require.main === module) {
  bundle().then(
    (ms) => process.stderr.write(`bundle: dist/server.js and dist/parse-worker.js in ${ms} ms\n`),
    (error) => {
      process.stderr.write(`bundle: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
