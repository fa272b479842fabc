import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'bilateral-tracker';
let found: string | undefined;

/**
 * The project's folder (where its package.json is), found by walking up from this file: the
 * same answer from src/ (ts-node, jest), dist/src/ (the compiled build) and dist/server.js (the
 * bundle), so the files shipped beside the code (demo/, public/) are found from any of them.
 */
export function projectRoot(from = __dirname): string {
  if (found && from === __dirname) return found;
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isOurs(manifest)) return from === __dirname ? (found = dir) : dir;
    if (dirname(dir) === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${from}`);
  }
}

function isOurs(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
