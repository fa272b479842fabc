import { readFileSync } from 'node:fs';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const SEED = readFileSync(`${__dirname}/../fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt`, 'utf8');

const INGEST = `mutation($input: IngestBriefingInput!) {
  ingestBriefing(input: $input) { warnings briefing { id title } created { statements candidates } }
}`;

const STORED = `query($id: ID!) {
  briefing(id: $id) {
    text title
    statements(first: 100) { totalCount nodes { text textStart textEnd } }
    candidates { span { start end quote statement { text textStart } } }
  }
}`;

/** A lone surrogate (half of a UTF-16 pair) in text that comes in over GraphQL. */
describe('Lone surrogates in ingested text (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('ingestBriefing replaces them by U+FFFD with a warning, and every offset after them stays right', async () => {
    // early in the first statement: every statement, span and quote comes after it
    const at = SEED.indexOf('Thanks, Dak') + 'Thanks'.length;
    let text = `${SEED.slice(0, at)}\uD83D${SEED.slice(at)}`;
    // and one in the title (the header), where it is not the second half of anything
    const title = text.indexOf('Tillerson and DHS') + 'Tillerson'.length;
    expect(title).toBeLessThan(at);
    text = `${text.slice(0, title)}\uDE00${text.slice(title)}`;
    const result = ok(await t.gql(INGEST, { input: { text } })).ingestBriefing;
    expect(result.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/text held 2 lone UTF-16 surrogates .*U\+FFFD/)]));
    expect(result.created.statements).toBe(69);

    const stored = ok(await t.gql(STORED, { id: result.briefing.id })).briefing;
    expect(stored.text.length).toBe(text.length);
    expect(stored.text).toBe(text.replace(/\uD83D|\uDE00/g, '\uFFFD'));
    expect(stored.text[at + 1]).toBe('\uFFFD');
    expect(stored.title).toContain('Tillerson\uFFFD and DHS');
    expect(stored.statements.totalCount).toBe(69);
    for (const s of stored.statements.nodes) expect(stored.text.slice(s.textStart, s.textEnd)).toBe(s.text);
    expect(stored.statements.nodes[0].text).toContain('Thanks\uFFFD, Dak');
    expect(stored.candidates.length).toBe(result.created.candidates);
    for (const c of stored.candidates) {
      expect(c.span.statement.text.slice(c.span.start, c.span.end)).toBe(c.span.quote);
      expect(stored.text.slice(c.span.statement.textStart + c.span.start, c.span.statement.textStart + c.span.end)).toBe(c.span.quote);
    }
  });

  it('createBriefing refuses them, naming each field, and writes nothing', async () => {
    const before = await countRows(t.dataSource, 'briefing');
    const error = errorOf(
      await t.gql(`mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }`, {
        input: { title: 'Call', text: 'MODERATOR: Good \uD83D morning.\n\nMR. X: Thanks.', statements: [{ text: 'Good \uD83D morning.', speakerLabel: 'MODERATOR' }, { text: 'Thanks.', speakerLabel: 'MR. X' }] },
      }),
    );
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fields).toEqual([
      { path: 'input.text', message: expect.stringMatching(/1 lone UTF-16 surrogate .*offset 16/) },
      { path: 'input.statements.0.text', message: expect.stringMatching(/1 lone UTF-16 surrogate .*offset 5/) },
    ]);
    expect(await countRows(t.dataSource, 'briefing')).toBe(before);
  });
});
