#!/usr/bin/env node
/**
 * Starts the bundled server (dist/server.js, made by scripts/bundle-server.js) with V8's code
 * cache: the first start compiles the bundle and, once the server has answered for a few
 * seconds, stores the machine code of every function compiled so far in dist/server.js.cache;
 * later starts hand it back to V8 and skip most of the parse and compile of the bundle.
 * A cache V8 refuses (another Node version, a new bundle) is made again; one that cannot be
 * written (a read-only folder) is simply not kept. CODE_CACHE_DEBUG=1 says on standard error
 * which of these happened.
 */
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, '..', 'dist', 'server.js');
const cacheFile = `${file}.cache`;
/** Long enough for the start, the first requests and their lazily compiled functions. */
const CACHE_AFTER_MS = Number(process.env.CODE_CACHE_AFTER_MS ?? 5000);
const debug = process.env.CODE_CACHE_DEBUG === '1' ? (line) => process.stderr.write(`code cache: ${line}\n`) : () => {};

const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData: readCache() });
// V8 has taken what it needs: the buffer is not held for the life of the server
const hadCache = script.cachedDataRejected !== undefined;
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(dirname(file));
require.cache[file] = mod;
const compiled = script.runInThisContext();
compiled.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
mod.loaded = true;
debug(hadCache ? (script.cachedDataRejected ? 'rejected' : 'used') : 'none');

if (!hadCache || script.cachedDataRejected) {
  setTimeout(() => {
    try {
      const temporary = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, cacheFile);
      debug('written');
    } catch (error) {
      debug(`not written (${error.code ?? error.message})`); // the next start compiles again
    }
  }, CACHE_AFTER_MS).unref();
}

function readCache() {
  try {
    return fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}
