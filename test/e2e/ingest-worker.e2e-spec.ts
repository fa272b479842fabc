import { parseBriefing } from '../../src/ingest';
import type { ParsedBriefing } from '../../src/ingest/ingest.types';
import { DEFAULT_INGEST_WORKER_MIN_BYTES, BriefingImportService } from '../../src/briefing-import/briefing-import.service';
import type { ParsePool } from '../../src/ingest/parse-pool';
import { Role } from '../../src/common/security/role';
import { countRows, createTestApp, GqlResponse, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';
import { longBriefing } from '../utils/briefing-variants';

const INGEST = `mutation($input: IngestBriefingInput!) {
  ingestBriefing(input: $input) { dryRun warnings briefing { id } created { statements candidates meetings } preview { statements { kind } } }
}`;

type ParseText = (...args: unknown[]) => Promise<ParsedBriefing>;

/**
 * An ingest over GraphQL parses a large text in the parse workers (the CLI's pool), so the
 * server answers others meanwhile. Order-based: when the parse starts, another client sends a
 * simple query; its answer must arrive before the parse finishes. A parse on the event loop
 * cannot let it (nothing else runs until the parse returns).
 */
describe('A large ingest is parsed off the event loop (e2e)', () => {
  let t: TestApp;
  let service: BriefingImportService;
  beforeAll(async () => {
    t = await createTestApp();
    service = t.app.get(BriefingImportService);
  });
  afterAll(async () => t.close());

  /** Records when the ingest's parse starts and ends, and sends the probe query as it starts. */
  async function watchParse() {
    const analyst = await t.as('other.client', Role.ANALYST);
    const target = service as unknown as { parseText: ParseText };
    const original = target.parseText.bind(service);
    const events: string[] = [];
    const parsed: ParsedBriefing[] = [];
    let probe: Promise<GqlResponse<any>> | null = null;
    const spy = jest.spyOn(target, 'parseText').mockImplementation(async (...args: unknown[]) => {
      events.push('parse started');
      probe = t.gql('{ topics { slug } }', {}, analyst).then((res) => {
        events.push('query answered');
        return res;
      });
      const result = await original(...args);
      events.push('parse finished');
      parsed.push(result);
      return result;
    });
    return { events, parsed, probe: () => probe!, restore: () => spy.mockRestore() };
  }

  it('answers another client while a large briefing is parsed (dry run)', async () => {
    const text = longBriefing(800 * 1024);
    const watch = await watchParse();
    try {
      const result = ok(await t.gql(INGEST, { input: { text, dryRun: true } })).ingestBriefing;
      const answer = await watch.probe();
      expect(watch.events).toEqual(['parse started', 'query answered', 'parse finished']);
      expect(ok(answer).topics.length).toBeGreaterThan(0);
      expect(result.dryRun).toBe(true);
      expect(result.preview.statements.length).toBe(watch.parsed[0].statements.length);
    } finally {
      watch.restore();
    }
  });

  it('writes what the parse on the event loop would have found, in one transaction on the main connection', async () => {
    const text = longBriefing(DEFAULT_INGEST_WORKER_MIN_BYTES + 40 * 1024, true);
    const watch = await watchParse();
    const before = await countRows(t.dataSource, 'statement');
    try {
      const workerParses = () => (service as unknown as { pool: ParsePool | null }).pool?.parsed ?? 0;
      const parsedBefore = workerParses();
      const result = ok(await t.gql(INGEST, { input: { text } })).ingestBriefing;
      await watch.probe();
      expect(workerParses()).toBe(parsedBefore + 1);
      // the worker's result, byte for byte the in-thread parse with the same topics (as JSON: the
      // worker's objects come from another realm than jest's, which toStrictEqual tells apart)
      const inThread = parseBriefing(text, { title: null, date: null, topics: await service.lexicon() });
      expect(JSON.stringify(watch.parsed[0])).toBe(JSON.stringify(inThread));
      expect(result.created.statements).toBe(inThread.statements.length);
      expect(result.created.candidates).toBe(inThread.candidates.length);
      expect(await countRows(t.dataSource, 'statement')).toBe(before + inThread.statements.length);
      const briefingId = Number(result.briefing.id);
      const stored = (await t.dataSource.query(`SELECT text_start AS "start", text_end AS "end" FROM statement WHERE briefing_id = ${briefingId} ORDER BY turn_index, paragraph_index`)) as Array<{ start: number; end: number }>;
      expect(stored.map((s) => [Number(s.start), Number(s.end)])).toEqual(inThread.statements.map((s) => [s.start, s.end]));
    } finally {
      watch.restore();
    }
  });

  it('parses a small briefing on the event loop as before', async () => {
    const text = longBriefing(8 * 1024);
    const watch = await watchParse();
    try {
      ok(await t.gql(INGEST, { input: { text, dryRun: true } }));
      await watch.probe();
      expect(watch.events).toEqual(['parse started', 'parse finished', 'query answered']);
    } finally {
      watch.restore();
    }
  });
});
