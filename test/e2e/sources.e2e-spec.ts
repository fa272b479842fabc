import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/** linkCommitmentSource: the words behind a commitment must be inside its statement, quoted exactly. */
describe('Commitment sources (e2e)', () => {
  let t: TestApp;
  let statementId: string;
  let commitmentId: string;
  const TEXT = 'We will review the aid programmes and report back to the President by September.';

  beforeAll(async () => {
    t = await createTestApp();
    const briefing = ok(
      await t.gql(`mutation($in: CreateBriefingInput!) { createBriefing(input: $in) { statements(first: 5) { nodes { id text } } } }`, {
        in: { title: 'Call readout', date: '2017-03-01', statements: [{ speakerLabel: 'OFFICIAL', kind: 'REMARK', text: TEXT }] },
      }),
    ).createBriefing;
    statementId = briefing.statements.nodes[0].id;
    commitmentId = ok(await t.gql(`mutation { createCommitment(input: { title: "Aid review", text: "Review aid", kind: ACTION }) { id } }`)).createCommitment.id;
  });
  afterAll(async () => t.close());

  const LINK = `mutation($c: ID!, $s: ID!, $start: Int!, $end: Int!, $quote: String) {
    linkCommitmentSource(commitmentId: $c, statementId: $s, start: $start, end: $end, quote: $quote) { version sources { start end quote statement { id } } } }`;

  it('links a span, filling in the quote, and bumps the version', async () => {
    const linked = ok(await t.gql(LINK, { c: commitmentId, s: statementId, start: 3, end: 30 })).linkCommitmentSource;
    expect(linked).toEqual({ version: 2, sources: [{ start: 3, end: 30, quote: 'will review the aid program', statement: { id: statementId } }] });
  });

  it('does not repeat a span it already has', async () => {
    const again = ok(await t.gql(LINK, { c: commitmentId, s: statementId, start: 3, end: 30, quote: TEXT.slice(3, 30) })).linkCommitmentSource;
    expect(again.version).toBe(2);
    expect(again.sources).toHaveLength(1);
  });

  it.each([
    ['a quote that is not the slice', { start: 0, end: 7, quote: 'We shall' }, 'BAD_USER_INPUT', 'quote'],
    ['an end past the text', { start: 0, end: TEXT.length + 1 }, 'BAD_USER_INPUT', 'end'],
    ['an empty span', { start: 9, end: 9 }, 'BAD_USER_INPUT', 'end'],
    ['a negative start', { start: -1, end: 4 }, 'BAD_USER_INPUT', 'start'],
  ])('refuses %s, naming the field, and writes nothing', async (_label, span, code, field) => {
    const before = await countRows(t.dataSource, 'source_span');
    const err = errorOf(await t.gql(LINK, { c: commitmentId, s: statementId, ...span }));
    expect(err.extensions.code).toBe(code);
    expect(err.extensions.fields).toEqual([{ path: field, message: expect.any(String) }]);
    expect(await countRows(t.dataSource, 'source_span')).toBe(before);
  });

  it('answers NOT_FOUND for an unknown commitment or statement', async () => {
    expect(errorOf(await t.gql(LINK, { c: '9999', s: statementId, start: 0, end: 2 })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'commitmentId' });
    expect(errorOf(await t.gql(LINK, { c: commitmentId, s: '9999', start: 0, end: 2 })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'statementId' });
  });
});
