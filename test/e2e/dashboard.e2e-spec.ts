import { existsSync, mkdirSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { Role } from '../../src/common/security/role';
import { DASHBOARD_CSP } from '../../src/dashboard/dashboard-assets';
import { COMMITMENT_CHANGED, MEETING_OUTCOME_LOGGED } from '../../src/events/domain-events';
import { EventsService } from '../../src/events/events.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const OUTPUT = join(__dirname, '..', '..', 'test-output');

const SEED_TOPICS = ['security', 'migration', 'economy', 'border', 'foreign-policy'];

/** Polls until cond() holds, failing after 10 s. */
async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface ProgressRow {
  topic: { id: string; slug: string; title: string };
  total: number;
  byStatus: { status: string; count: number }[];
  fulfilledShare: number | null;
  complianceScore: number | null;
  overdue: number;
}

/** A topic row as the page shows it. */
interface ShownRow {
  slug: string;
  title: string;
  total: string;
  chips: Record<string, number>;
  segments: Record<string, number>;
  fulfilled: string;
  compliance: string;
  overdue: string;
}

const PROGRESS_AS_OF = `query($dialogue: ID, $asOf: Date) { topicProgress(dialogue: $dialogue, asOf: $asOf) {
  topic { slug } total byStatus { status count } } }`;

const PROGRESS = `query($dialogue: ID) { topicProgress(dialogue: $dialogue) {
  topic { id slug title } total byStatus { status count } fulfilledShare complianceScore overdue } }`;

/** What the page must show for one topicProgress row, formatted as a reader sees it. */
function expectedRow(row: ProgressRow): ShownRow {
  const nonZero = Object.fromEntries(row.byStatus.filter((s) => s.count > 0).map((s) => [s.status, s.count]));
  const share = row.fulfilledShare === null ? '—' : `${Math.round(row.fulfilledShare * 100)}%`;
  const score = row.complianceScore;
  const fixed = score === null ? '' : Math.abs(score).toFixed(2);
  return {
    slug: row.topic.slug,
    title: row.topic.title,
    total: String(row.total),
    chips: nonZero,
    segments: nonZero,
    fulfilled: share,
    compliance: score === null ? '—' : fixed === '0.00' ? '0.00' : `${score > 0 ? '+' : '−'}${fixed}`,
    overdue: String(row.overdue),
  };
}

/** The chart's figures, from the table beside it: one row per period. */
function chartTable(page: Page): Promise<{ asOf: string; total: number; counts: Record<string, number> }[]> {
  return page.$$eval('#chart-data tbody tr', (rows: any[]) =>
    rows.map((row) => ({
      asOf: row.dataset.asOf,
      total: Number(row.querySelector('[data-field=total]').textContent),
      counts: Object.fromEntries([...row.querySelectorAll('td[data-status]')].map((td: any) => [td.dataset.status, Number(td.textContent)])),
    })),
  );
}

function shownRows(page: Page): Promise<ShownRow[]> {
  // Runs in the page (the project's TypeScript has no DOM types: elements are `any` here).
  return page.$$eval('#topics .topic', (rows: any[]) =>
    rows.map((el) => {
      const text = (selector: string) => el.querySelector(selector)?.textContent ?? '';
      return {
        slug: el.dataset.slug ?? '',
        title: text('.topic-title'),
        total: text('[data-field=total]'),
        chips: Object.fromEntries([...el.querySelectorAll('.chip')].map((c: any) => [c.dataset.status, Number(c.querySelector('.count')?.textContent)])),
        segments: Object.fromEntries([...el.querySelectorAll('.seg')].map((s: any) => [s.dataset.status, Number(s.dataset.count)])),
        fulfilled: text('[data-field=fulfilledShare]'),
        compliance: text('[data-field=complianceScore]'),
        overdue: text('[data-field=overdue]'),
      };
    }),
  );
}

describe('Dashboard page (e2e)', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ DEMO_DATA: 'true' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('what the server serves', () => {
    it('serves the page at / under a policy that lets it load only from this server', async () => {
      const res = await request(t.app.getHttpServer()).get('/').expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(DASHBOARD_CSP).toContain("default-src 'self'");
      expect(DASHBOARD_CSP).toContain("connect-src 'self'");
      expect(res.text).toContain('<title>Bilateral Tracker · Dashboard</title>');
      // Every address the page names is on this server.
      const refs = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      expect(refs).toEqual(['/assets/favicon.svg', '/assets/dashboard.css', '/assets/vendor/graphql-ws.js', '/assets/dashboard.js']);
    });

    it.each([
      ['dashboard.js', 'text/javascript; charset=utf-8'],
      ['api.js', 'text/javascript; charset=utf-8'],
      ['chart.js', 'text/javascript; charset=utf-8'],
      ['format.js', 'text/javascript; charset=utf-8'],
      ['dashboard.css', 'text/css; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
      ['vendor/graphql-ws.js', 'text/javascript; charset=utf-8'],
      ['vendor/inter.woff2', 'font/woff2'],
    ])('serves /assets/%s as %s', async (name, type) => {
      const res = await request(t.app.getHttpServer()).get(`/assets/${name}`).buffer(true).expect(200);
      expect(res.headers['content-type']).toBe(type);
      expect(Number(res.headers['content-length'])).toBeGreaterThan(100);
    });

    it('serves the graphql-ws browser client from node_modules, and no other file', async () => {
      const client = await request(t.app.getHttpServer()).get('/assets/vendor/graphql-ws.js').expect(200);
      expect(client.text).toContain('graphql-transport-ws');
      for (const path of ['/assets/nope.js', '/assets/index.html', '/assets/..%2F..%2Fpackage.json', '/assets/vendor/..%2F..%2F..%2Fpackage.json', '/assets/%2e%2e/%2e%2e/package.json']) {
        const res = await request(t.app.getHttpServer()).get(path);
        expect([path, res.status]).toEqual([path, 404]);
      }
    });
  });

  describe('in a browser', () => {
    let browser: Browser;
    let page: Page;
    let events: EventsService;
    const requested: string[] = [];
    const blocked: string[] = [];
    const problems: string[] = [];
    let navigations = 0;

    const gql = async <T = any>(query: string, variables?: Record<string, unknown>) => ok(await t.gql<T>(query, variables, await t.as('dashboard.test')));

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(`Chromium is not at ${CHROMIUM}: the dashboard's browser test needs Debian's Chromium (apt-get update && apt-get install -y chromium; .ci/run installs it)`);
      }
      events = t.app.get(EventsService);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      // Nothing may leave this machine: every request is recorded, any to another host refused.
      await page.route('**/*', (route) => {
        const url = route.request().url();
        requested.push(url);
        const { hostname, protocol } = new URL(url);
        if (['127.0.0.1', 'localhost'].includes(hostname) || protocol === 'data:') return route.continue();
        blocked.push(url);
        return route.abort('blockedbyclient');
      });
      page.on('websocket', (ws) => requested.push(ws.url()));
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
      page.on('framenavigated', (frame) => frame === page.mainFrame() && (navigations += 1));
      // Without a token the page asks for one; an ANALYST token is enough to read.
      await page.goto(`${base}/`);
      await page.waitForSelector('body[data-state=token]');
      await page.fill('#token-input', await t.tokenFor('dashboard', Role.ANALYST));
      await page.click('#token-form button[type=submit]');
      await page.waitForSelector('body[data-state=ready]');
    });

    afterAll(async () => {
      await browser?.close();
    });

    it('shows the five seed topics with the figures topicProgress gives for the dialogue', async () => {
      const { dialogues } = await gql<{ dialogues: { id: string; title: string }[] }>('{ dialogues { id title } }');
      expect(await page.$eval('#dialogue', (s: any) => s.selectedOptions[0].textContent)).toBe('United States - Mexico');
      const { topicProgress } = await gql<{ topicProgress: ProgressRow[] }>(PROGRESS, { dialogue: dialogues[0].id });
      expect(topicProgress.map((r) => r.topic.slug)).toEqual(SEED_TOPICS);
      expect(topicProgress.every((r) => r.total > 0)).toBe(true); // the demo briefing's commitments are tagged

      const shown = await shownRows(page);
      expect(shown).toEqual(topicProgress.map(expectedRow));
    });

    it('shows the dialogue totals, overdue commitments and planned meetings the API lists', async () => {
      const statuses = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'NOT_FULFILLED', 'INCONCLUSIVE', 'WITHDRAWN'];
      const counts = await gql(`{ ${statuses.map((s) => `${s}: commitments(first: 0, filter: { dialogue: "1", status: [${s}] }) { totalCount }`).join(' ')} }`);
      const byStatus = Object.fromEntries(statuses.filter((s) => counts[s].totalCount > 0).map((s) => [s, counts[s].totalCount]));
      expect(await page.$$eval('#kpis .kpi-wide .chip', (chips: any[]) => Object.fromEntries(chips.map((c) => [c.dataset.status, Number(c.querySelector('.count').textContent)])))).toEqual(byStatus);
      const data = await gql(`{
        all: commitments(first: 0, filter: { dialogue: "1" }) { totalCount }
        overdue: commitments(first: 8, filter: { dialogue: "1", overdue: true }, orderBy: { field: DUE_DATE, direction: ASC }) { totalCount nodes { id title } }
        meetings(first: 6, filter: { dialogue: "1", status: [PLANNED, POSTPONED] }, orderBy: { field: DATE, direction: ASC }) { totalCount nodes { title } }
      }`);
      expect(await page.textContent('#kpi-total')).toBe(String(data.all.totalCount));
      expect(await page.textContent('#overdue-count')).toBe(String(data.overdue.totalCount));
      expect(await page.$$eval('#overdue .item', (items: any[]) => items.map((i) => i.dataset.commitmentId))).toEqual(data.overdue.nodes.map((c: { id: string }) => c.id));
      expect(await page.textContent('#meetings-count')).toBe(String(data.meetings.totalCount));
      expect(await page.$$eval('#meetings .meeting .item-title', (items) => items.map((i) => i.textContent))).toEqual(data.meetings.nodes.map((m: { title: string }) => m.title));
      expect(data.meetings.totalCount).toBeGreaterThan(0);
    });

    it('draws the progress chart of the selected topic and switches topic on a click', async () => {
      expect(await page.$eval('#chart-tabs .tab.active', (b) => b.textContent)).toBe('Security');
      expect(await page.$$eval('#chart path.chart-area', (paths) => paths.map((p) => p.getAttribute('data-status')))).toEqual(['ANNOUNCED']);
      // Its figures (also in a table for screen readers) are the topic's progress as of each period's end.
      const table = await chartTable(page);
      expect(table[0].asOf).toBe('2017-03-31'); // from the quarter of the demo briefing (2017-02-21)
      expect(table.at(-1)!.asOf).toBe(new Date().toISOString().slice(0, 10)); // to today
      for (const point of [table[0], table[Math.floor(table.length / 2)], table.at(-1)!]) {
        const { topicProgress } = await gql<{ topicProgress: ProgressRow[] }>(PROGRESS_AS_OF, { dialogue: '1', asOf: point.asOf });
        const security = topicProgress.find((r) => r.topic.slug === 'security')!;
        expect(point).toEqual({ asOf: point.asOf, total: security.total, counts: Object.fromEntries(security.byStatus.map((b) => [b.status, b.count])) });
      }
      await page.click('#chart-tabs .tab:has-text("Migration")');
      expect(await page.$eval('#chart-tabs .tab.active', (b) => b.textContent)).toBe('Migration');
      expect(await page.$eval('#topics .topic.selected', (r: any) => r.dataset.slug)).toBe('migration');
      await page.click('#topics .topic[data-slug=security] .topic-title');
      expect(await page.$eval('#chart-tabs .tab.active', (b) => b.textContent)).toBe('Security');
    });

    it('computes its labels and time buckets right (the page\'s own helpers, run in the page)', async () => {
      const results = await page.evaluate(async () => {
        const f = await import('/assets/format.js' as string);
        return {
          months: f.buckets('2017-02-21', '2017-05-10'),
          quarters: f.buckets('2017-02-21', '2021-01-15'),
          years: f.buckets('2010-06-01', '2026-03-01'),
          labels: [f.bucketLabel('2017-03-31', 'QUARTER'), f.bucketLabel('2017-02-28', 'MONTH'), f.bucketLabel('2017-12-31', 'YEAR')],
          percents: [f.percent(null), f.percent(0), f.percent(1 / 3), f.percent(1)],
          scores: [f.score(null), f.score(0), f.score(0.5), f.score(-1), f.score(-0.001)],
          due: [f.dueLabel('2017-03-15', 'MONTH'), f.dueLabel('2017-03-15', 'DAY'), f.dueLabel('2017-08-15', 'QUARTER'), f.dueLabel(null, 'NONE')],
          pieces: f.pieces('We will meet in March and then in May.', [
            { start: 3, end: 21, id: '1' },
            { start: 10, end: 15, id: '2' },
            { start: 26, end: 37, id: '3' },
          ]),
        };
      });
      expect(results.months).toEqual({ size: 'MONTH', ends: ['2017-02-28', '2017-03-31', '2017-04-30', '2017-05-10'] });
      expect(results.quarters.size).toBe('QUARTER');
      expect(results.quarters.ends.slice(0, 3)).toEqual(['2017-03-31', '2017-06-30', '2017-09-30']);
      expect(results.quarters.ends.slice(-2)).toEqual(['2020-12-31', '2021-01-15']);
      expect(results.quarters.ends).toHaveLength(17);
      expect(results.years.size).toBe('YEAR');
      expect(results.years.ends[0]).toBe('2010-12-31');
      expect(results.years.ends.at(-1)).toBe('2026-03-01');
      expect(results.years.ends).toHaveLength(17);
      expect(results.labels).toEqual(['Q1 2017', 'Feb 2017', '2017']);
      expect(results.percents).toEqual(['—', '0%', '33%', '100%']);
      expect(results.scores).toEqual(['—', '0.00', '+0.50', '−1.00', '0.00']);
      expect(results.due).toEqual(['Mar 2017', '15 Mar 2017', 'Q3 2017', 'No due date']);
      // Overlapping spans: the first wins; the text survives exactly.
      expect(results.pieces).toEqual([{ text: 'We ' }, { text: 'will meet in March', id: '1' }, { text: ' and ' }, { text: 'then in May', id: '3' }, { text: '.' }]);
    });

    it('links the latest statements\' highlighted words to the commitment they made, with its source', async () => {
      const said = await page.$$eval('#statements a.said', (links) => links.map((a) => ({ href: a.getAttribute('href'), text: a.textContent })));
      expect(said.length).toBeGreaterThan(0);
      const first = said[0];
      const id = /^#commitment-(\d+)$/.exec(first.href ?? '')![1];
      const { commitment } = await gql(`query($id: ID!) { commitment(id: $id) { title sources { quote statement { text } } } }`, { id });
      expect(commitment.sources.map((s: { quote: string }) => s.quote)).toContain(first.text);

      await page.click('#statements a.said >> nth=0');
      await page.waitForSelector('#drawer:not([hidden]) .source mark');
      expect(await page.textContent('#drawer-title')).toBe(commitment.title);
      expect(await page.$$eval('#drawer .source mark', (marks) => marks.map((m) => m.textContent))).toEqual(commitment.sources.map((s: { quote: string }) => s.quote));
      expect(await page.$$eval('#drawer .source blockquote', (qs) => qs.map((q) => q.textContent))).toEqual(commitment.sources.map((s: { statement: { text: string } }) => s.statement.text));
      await page.keyboard.press('Escape');
      await page.waitForSelector('#drawer[hidden]', { state: 'attached' });
    });

    it('updates live through commitmentChanged when a commitment changes status, without reloading', async () => {
      await page.waitForSelector('#live[data-state=live]');
      // The page's subscriptions are open on the server: the next event reaches it.
      await until(() => events.subscriberCount(COMMITMENT_CHANGED) >= 1 && events.subscriberCount(MEETING_OUTCOME_LOGGED) >= 1, 'the page to subscribe');
      await page.evaluate(() => ((globalThis as any).sameDocument = true));
      const navigationsBefore = navigations;
      const refreshesBefore = Number(await page.getAttribute('body', 'data-refreshes'));

      const security = (await shownRows(page)).find((r) => r.slug === 'security')!;
      expect(security.chips.FULFILLED).toBeUndefined();
      const { topic } = await gql(`{ topic(slug: "security") { commitments(first: 1) { nodes { id version sources { statement { id } } } } } }`);
      const target = topic.commitments.nodes[0];
      const { setCommitmentStatus } = await gql(
        `mutation($in: SetCommitmentStatusInput!) { setCommitmentStatus(input: $in) { status } }`,
        { in: { id: target.id, status: 'FULFILLED', note: 'Seen done', evidence: { statementId: target.sources[0].statement.id }, expectedVersion: target.version } },
      );
      expect(setCommitmentStatus.status).toBe('FULFILLED');

      // (Functions run in the page; the project's TypeScript has no DOM types, hence globalThis.)
      await page.waitForFunction(() => (globalThis as any).document.querySelector('#topics .topic[data-slug=security] .chip[data-status=FULFILLED] .count')?.textContent === '1');
      await page.waitForFunction((n) => {
        const body = (globalThis as any).document.body;
        return Number(body.dataset.refreshes) > n && body.dataset.state === 'ready';
      }, refreshesBefore);
      const { topicProgress } = await gql<{ topicProgress: ProgressRow[] }>(PROGRESS, { dialogue: '1' });
      expect(topicProgress.find((r) => r.topic.slug === 'security')!.fulfilledShare).toBeGreaterThan(0);
      expect(await shownRows(page)).toEqual(topicProgress.map(expectedRow));
      // The chart of the topic now has a fulfilled band; a notice said what happened.
      expect(await page.$$eval('#chart path.chart-area', (paths) => paths.map((p) => p.getAttribute('data-status')))).toContain('FULFILLED');
      expect((await chartTable(page)).at(-1)!.counts.FULFILLED).toBe(1);
      expect(await page.$$eval('#toasts .toast', (toasts: any[]) => toasts.map((el) => el.textContent))).toEqual(['Announced → Fulfilled · by dashboard.test']);
      // The same document all along.
      expect(await page.evaluate(() => (globalThis as any).sameDocument)).toBe(true);
      expect(navigations).toBe(navigationsBefore);

      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'dashboard.png'), fullPage: true });
    });

    it('loaded everything from this server: no request elsewhere, no error, the socket on /graphql', () => {
      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      const origins = new Set(requested.map((u) => new URL(u).host));
      expect([...origins]).toEqual([new URL(base).host]);
      expect(requested).toContain(`${base.replace('http', 'ws')}/graphql`);
      expect(requested).toEqual(expect.arrayContaining([`${base}/assets/vendor/graphql-ws.js`, `${base}/assets/vendor/inter.woff2`]));
    });
  });
});
