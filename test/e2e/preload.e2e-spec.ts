import { readFileSync } from 'node:fs';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { Commitment } from '../../src/commitments/commitment.entity';
import { EntityRows } from '../../src/database/entity-rows';
import { Participant } from '../../src/participants/participant.entity';
import { SourceSpan } from '../../src/sources/source-span.entity';
import { Statement } from '../../src/statements/statement.entity';
import { Topic } from '../../src/topics/topic.entity';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/**
 * The commitments list loads its rows' topics and sources (with statement and speaker) ahead,
 * reading only the columns the query asks for. Whatever the selection, every commitment must
 * answer exactly as `commitment(id)` answers it through the ordinary field resolvers.
 */
describe('Commitments page loaded ahead (e2e)', () => {
  let t: TestApp;
  let ids: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const seed = readFileSync(`${__dirname}/../fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt`, 'utf8');
    ok(await t.gql('mutation($t: String!) { ingestBriefing(input: { text: $t, acceptAll: true }) { created { statements } } }', { t: seed }));
    ids = ok<{ commitments: { nodes: { id: string }[] } }>(await t.gql('{ commitments(first: 100) { nodes { id } } }')).commitments.nodes.map((n) => n.id);
    expect(ids.length).toBeGreaterThan(30);
  });

  afterAll(() => t.close());

  /** Each commitment of the page, and the same selection asked of commitment(id) one by one. */
  async function pageAndSingles(selection: string, fragments = '') {
    const page = ok<{ commitments: { nodes: { id: string }[]; edges: { node: { id: string } }[] } }>(
      await t.gql(`{ commitments(first: 100, orderBy: { field: DUE_DATE }) { nodes { id ${selection} } edges { node { id ${selection} } } } } ${fragments}`),
    ).commitments;
    const singles = [];
    for (const node of page.nodes) {
      singles.push(ok<{ commitment: unknown }>(await t.gql(`query($id: ID!) { commitment(id: $id) { id ${selection} } } ${fragments}`, { id: node.id })).commitment);
    }
    return { page, singles };
  }

  const SELECTIONS: [string, string, string][] = [
    ['the benchmark page (columns only, partial rows)', 'title status dueDate topics { slug } sources { quote statement { speaker { name } } }', ''],
    ['every column of each type', 'title text kind status dueDate dueDatePrecision version createdBy createdAt updatedAt topics { id slug title description keywords createdAt updatedAt } sources { id start end quote statement { id kind text speakerLabel turnIndex paragraphIndex speaker { id name honorific post role anonymous aliases attribution createdAt updatedAt } } }', ''],
    ['fields with resolvers below the loaded rows (whole rows)', 'overdue complianceScore topics { slug parent { slug } children { slug } } sources { quote statement { briefing { id date } topics { slug } speaker { name organization { name } country { code } } } }', ''],
    ['fragments, inline fragments and aliases', '...C a: topics { slug } b: topics { title } sources { ... on SourceSpan { q: quote statement { who: speaker { name } } } }', 'fragment C on Commitment { title topics { id } }'],
    ['sources without their statement, topics alone', 'topics { __typename slug } sources { start end }', ''],
  ];

  it.each(SELECTIONS)('answers %s exactly as commitment(id) does', async (_name, selection, fragments) => {
    const { page, singles } = await pageAndSingles(selection, fragments);
    expect(page.nodes.length).toBe(ids.length);
    expect(page.nodes).toEqual(singles);
    expect(page.edges.map((e) => e.node)).toEqual(singles);
    // The seed has commitments with several sources, speakers and topics: the comparison is not vacuous.
    expect(JSON.stringify(page.nodes).length).toBeGreaterThan(2000);
  });

  it('costs three SQL statements (page, topics, sources with statements and speakers) whatever is asked of those rows', async () => {
    t.sql.reset();
    t.sql.recording = true;
    ok(await t.gql(`{ commitments(first: 100) { nodes { id title topics { slug } sources { quote statement { text speaker { name } } } } } }`));
    t.sql.recording = false;
    const statements = t.sql.recorded.filter((q) => !/api_token/i.test(q));
    expect(statements).toHaveLength(3);
    // Only what was asked: no commitment text, no statement columns beyond the keys and text.
    expect(statements[0]).not.toMatch(/"c"\."text"/);
    expect(statements[2]).toMatch(/s\.text/);
    expect(statements[2]).not.toMatch(/s\.turn_index/);
  });

  it('builds whole entities from raw rows exactly as the repository does', async () => {
    const targets: [EntityTarget<ObjectLiteral>, string, string][] = [
      [Commitment, 'commitment', 'c'],
      [Topic, 'topic', 't'],
      [SourceSpan, 'source_span', 'ss'],
      [Statement, 'statement', 's'],
      [Participant, 'participant', 'p'],
    ];
    for (const [entity, table, alias] of targets) {
      const rows = new EntityRows(t.dataSource, entity, alias);
      const raw: Record<string, unknown>[] = await t.dataSource.query(`SELECT ${rows.all.select(alias)} FROM ${table} ${alias} ORDER BY ${alias}.id`);
      const expected = await t.dataSource.getRepository(entity).find({ order: { id: 'ASC' } });
      expect(raw.length).toBeGreaterThan(0);
      const built = raw.map((row) => rows.all.read(row));
      expect(built).toEqual(expected);
      expect(built[0]).toBeInstanceOf(entity as new () => unknown);
    }
  });
});
