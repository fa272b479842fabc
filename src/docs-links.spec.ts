import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * The README and docs/*.md link only to what a clone has: every relative link names a file or
 * folder inside the repository (never `../shared/...`, never build output), and every `#anchor`
 * names a heading of its target as GitHub slugs it.
 */
const ROOT = resolve(__dirname, '..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
/** Made by a build, a run or a test: present on one machine, absent from a clone. */
const NOT_IN_A_CLONE = ['node_modules', 'dist', 'data', 'test-output', 'bench/data', 'coverage'];

interface Link { line: number; target: string }

/** The text with fenced code blocks blanked (line numbers kept) and inline code spans removed. */
function prose(markdown: string): string[] {
  let fence: string | null = null;
  return markdown.split('\n').map((line) => {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && line.trim() === opening[1]) fence = null;
      return '';
    }
    if (opening) {
      fence = opening[1];
      return '';
    }
    return line.replace(/(`+)[^`]*?\1/g, '');
  });
}

/** Inline links and images `[text](target "title")`, autolinks `<target>`, and reference definitions `[x]: target`. */
export function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  prose(markdown).forEach((text, i) => {
    for (const m of text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+["'(][^)]*)?\)/g)) links.push({ line: i + 1, target: m[1] });
    for (const m of text.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]+)>/gi)) links.push({ line: i + 1, target: m[1] });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/.exec(text);
    if (definition) links.push({ line: i + 1, target: definition[1] });
  });
  return links;
}

/** GitHub's heading anchor: the heading's text, lower-cased, punctuation removed, each space a '-'. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image: its text
    .replace(/<[^>]+>/g, '') // HTML tags
    .replace(/`/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs (repeats numbered -1, -2, ... as GitHub does) and HTML ids/names. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== null) {
      if (opening && opening[1][0] === fence[0] && opening[1].length >= fence.length && line.trim() === opening[1]) fence = null;
      continue;
    }
    if (opening) {
      fence = opening[1];
      continue;
    }
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const base = slug(heading[1]);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s[^>]*(?:name|id)=["']([^"']+)["']/gi)) anchors.add(m[1]);
  }
  return anchors;
}

/** What is wrong with one link of `file` (a path from the root), or null. */
function problem(file: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // https:, mailto:, ...: not this test's business
  if (target.startsWith('//')) return null;
  const hash = target.indexOf('#');
  const path = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? null : decodeURIComponent(target.slice(hash + 1));
  if (path.startsWith('/') || isAbsolute(path)) return 'an absolute path: write it relative to the file';
  const absolute = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), path);
  const inRepo = relative(ROOT, absolute);
  if (inRepo === '..' || inRepo.startsWith(`..${sep}`) || isAbsolute(inRepo)) return 'outside the repository';
  const posix = inRepo.split(sep).join('/');
  if (NOT_IN_A_CLONE.some((dir) => posix === dir || posix.startsWith(`${dir}/`))) return 'not in a clone (build or run output)';
  if (!existsSync(absolute)) return 'no such file';
  if (anchor === null || anchor === '') return null;
  if (statSync(absolute).isDirectory() || !absolute.endsWith('.md')) return 'an anchor into something that is not a Markdown file';
  const anchors = anchorsOf(readFileSync(absolute, 'utf8'));
  return anchors.has(anchor) ? null : `no heading with the anchor #${anchor}`;
}

describe('documentation links', () => {
  it('slugs headings as GitHub does', () => {
    expect(slug('Read path: `npm run bench:http`')).toBe('read-path-npm-run-benchhttp');
    expect(slug('Search, facets and exports')).toBe('search-facets-and-exports');
    expect(slug('Quality, measured')).toBe('quality-measured');
    expect(slug('United States - Mexico')).toBe('united-states---mexico');
    expect(slug('[The API](docs/api.md) and `schema.gql`')).toBe('the-api-and-schemagql');
    expect(slug('snake_case stays')).toBe('snake_case-stays');
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n## A')]).toEqual(['a', 'a-1', 'a-2']);
  });

  it('finds links in prose, not in code', () => {
    const md = 'See [ops](docs/operations.md#limits) and `[x](nowhere.md)`.\n```\n[y](nowhere.md)\n```\n[ref]: docs/api.md\n<https://example.org>';
    expect(linksOf(md).map((l) => l.target)).toEqual(['docs/operations.md#limits', 'docs/api.md', 'https://example.org']);
  });

  it('judges a link outside the repository, build output, a missing file and a missing anchor as broken', () => {
    expect(problem('README.md', '../shared/design/API.md')).toBe('outside the repository');
    expect(problem('docs/api.md', '../../x.md')).toBe('outside the repository');
    expect(problem('README.md', 'dist/server.js')).toBe('not in a clone (build or run output)');
    expect(problem('README.md', 'docs/no-such-file.md')).toBe('no such file');
    expect(problem('README.md', '#no-such-heading')).toBe('no heading with the anchor #no-such-heading');
    expect(problem('README.md', '/docs/api.md')).toBe('an absolute path: write it relative to the file');
    expect(problem('README.md', 'https://fast-check.dev')).toBeNull();
  });

  it.each(DOCS)('%s: every relative link resolves inside the repository, every anchor to a heading', (file) => {
    const broken = linksOf(readFileSync(join(ROOT, file), 'utf8'))
      .map((link) => ({ ...link, problem: problem(file, link.target) }))
      .filter((link) => link.problem !== null)
      .map((link) => `${file}:${link.line} ${link.target}: ${link.problem}`);
    expect(broken).toEqual([]);
  });

  it('keeps the README a reference: under 350 lines', () => {
    const lines = (readFileSync(join(ROOT, 'README.md'), 'utf8').match(/\n/g) ?? []).length;
    expect(lines).toBeLessThan(350);
  });
});
