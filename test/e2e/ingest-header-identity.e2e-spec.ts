import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../src/briefings/briefing-text';
import { RehashBriefingText1764380000000 } from '../../src/database/migrations/1764380000000-RehashBriefingText';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const CORPUS = join(__dirname, '..', 'fixtures', 'corpus');
/** A saved page: Source:, Title: and Date: lines, "(June 6, 2022)", a time stamp glued before the first label, END 5:42 P.M. EDT. */
const B07 = readFileSync(join(CORPUS, 'b07-vp-root-causes-migration-2022.txt'), 'utf8');
/** Ends with a bare "2:22 P.M. EST" after the last turn. */
const B01 = readFileSync(join(CORPUS, 'b01-psaki-jacobson-southern-border-2021.txt'), 'utf8');

const INGEST = `mutation($input: IngestBriefingInput!) {
  ingestBriefing(input: $input) {
    alreadyIngested warnings
    briefing { id title kind date sourceUrl startTime endTime text textSha256 }
    created { statements }
    preview { title date sourceUrl startTime endTime statements { text } }
  }
}`;

const STATEMENTS = `query($id: ID!) { briefing(id: $id) { statements(first: 1) { nodes { text speakerLabel } } } }`;

describe('Ingest: header fields and the identity of a text (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('fills sourceUrl, title and date from Source:, Title: and Date: lines, and start and end times from the time stamps', async () => {
    const result = ok(await t.gql(INGEST, { input: { text: B07 } })).ingestBriefing;
    expect(result.alreadyIngested).toBe(false);
    expect(result.briefing).toMatchObject({
      title: 'Background Press Call by a Senior Administration Official on the Vice President’s Engagements Regarding Root Causes of Migration',
      kind: 'Background Press Call',
      date: '2022-06-07',
      sourceUrl:
        'https://bidenwhitehouse.archives.gov/briefing-room/press-briefings/2022/06/07/background-press-call-by-a-senior-administration-official-on-the-vice-presidents-engagements-regarding-root-causes-of-migration/',
      startTime: '17:19',
      endTime: '17:42',
      text: B07,
    });
    expect(result.created.statements).toBe(77);
    const { statements } = ok(await t.gql(STATEMENTS, { id: result.briefing.id })).briefing;
    // the time stamp glued before the first label is neither label nor statement text
    expect(statements.nodes[0]).toEqual({ speakerLabel: 'MODERATOR', text: expect.stringMatching(/^Thanks, everyone, for joining us\./) });
  });

  it('takes a time stamp after the last turn as the end time, not as a statement; a dry run shows the same fields', async () => {
    const dry = ok(await t.gql(INGEST, { input: { text: B01, dryRun: true } })).ingestBriefing;
    expect(dry.preview).toMatchObject({ date: '2021-03-10', startTime: '13:06', endTime: '14:22', sourceUrl: expect.stringMatching(/^https:\/\/bidenwhitehouse\.archives\.gov\//) });
    expect(dry.preview.statements).toHaveLength(341);
    expect(dry.preview.statements.some((s: { text: string }) => /^\d{1,2}:\d{2} [AP]\.M\./.test(s.text))).toBe(false);

    const given = 'https://example.org/psaki-2021-03-10';
    const result = ok(await t.gql(INGEST, { input: { text: B01, sourceUrl: given } })).ingestBriefing;
    expect(result.briefing).toMatchObject({ sourceUrl: given, endTime: '14:22' });
    expect(result.created.statements).toBe(341);
  });

  it('finds the same text with CRLF line endings, NBSP or trailing spaces as already ingested, and stores the text as given', async () => {
    const first = ok(await t.gql(INGEST, { input: { text: B07 } })).ingestBriefing;
    expect(first.alreadyIngested).toBe(true);
    const before = await countRows(t.dataSource, 'briefing');
    const variants = [B07.replace(/\n/g, '\r\n'), B07.replace(/ {2}/g, '\u00a0 ').replace(/\n/g, '  \n'), `\ufeff${B07}\n\n`];
    for (const text of variants) {
      const again = ok(await t.gql(INGEST, { input: { text } })).ingestBriefing;
      expect(again.alreadyIngested).toBe(true);
      expect(again.briefing.id).toBe(first.briefing.id);
      expect(again.briefing.text).toBe(B07);
      expect(again.briefing.textSha256).toBe(first.briefing.textSha256);
    }
    expect(await countRows(t.dataSource, 'briefing')).toBe(before);
    // the text is still exactly what was given the first time
    expect(ok(await t.gql(`{ briefing(id: "${first.briefing.id}") { text } }`)).briefing.text).toBe(B07);
  });

  it('refuses createBriefing of an ingested text saved with CRLF as the same briefing (CONFLICT)', async () => {
    const crlf = B01.replace(/\n/g, '\r\n');
    const err = errorOf(
      await t.gql(`mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }`, {
        input: { title: 'Psaki, March 10', text: crlf, statements: [{ speakerLabel: 'MS. PSAKI', text: 'Hi, everyone.' }] },
      }),
    );
    expect(err.extensions.code).toBe('CONFLICT');
  });

  it('the migration rehashes a briefing recorded under the hash of its exact CRLF text, so the LF text is found', async () => {
    const text = 'MODERATOR: Good morning.\r\n\r\nSENIOR OFFICIAL: We will meet again in May.\r\n';
    await t.dataSource.query(
      `INSERT INTO briefing (title, text, text_sha256, created_by, created_at) VALUES ('Recorded before', '${text.replace(/'/g, "''")}', '${sha256Hex(text)}', 'test', CURRENT_TIMESTAMP)`,
    );
    const runner = t.dataSource.createQueryRunner();
    try {
      await new RehashBriefingText1764380000000().up(runner);
    } finally {
      await runner.release();
    }
    const again = ok(await t.gql(INGEST, { input: { text: text.replace(/\r\n/g, '\n') } })).ingestBriefing;
    expect(again.alreadyIngested).toBe(true);
    expect(again.briefing).toMatchObject({ title: 'Recorded before', text });
  });
});
