import { readFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import request from 'supertest';
import { compiledQueryStats } from '../../src/common/jit/compiled-queries.plugin';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';
import { callOf, selectionOf } from '../utils/schema-walk';

/**
 * Queries asked again run compiled (graphql-jit). A compiled query must answer byte for byte
 * as graphql-js answered the same request the first time, for every root query field, and a
 * query whose answer has errors is answered by graphql-js both times.
 */
describe('Compiled queries (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    const seed = readFileSync(`${__dirname}/../fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt`, 'utf8');
    ok(await t.gql('mutation($t: String!) { ingestBriefing(input: { text: $t, acceptAll: true }) { created { statements } } }', { t: seed }));
  });

  afterAll(() => t.close());

  const post = async (body: object) => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set({ authorization: `Bearer ${t.adminToken}` }).send(body);
    return { status: res.status, text: res.text };
  };

  it('answers every root query field, compiled, with the same bytes as graphql-js', async () => {
    const queryType = t.app.get(GraphQLSchemaHost).schema.getQueryType()!;
    let compared = 0;
    for (const field of Object.values(queryType.getFields())) {
      const body = { query: `{ ${callOf(field, '1', selectionOf(field.type, 3))} }` };
      const before = { ...compiledQueryStats };
      const interpreted = await post(body);
      expect(compiledQueryStats.answered).toBe(before.answered);
      const compiled = await post(body);
      expect({ field: field.name, ...compiled }).toEqual({ field: field.name, ...interpreted });
      if (!JSON.parse(interpreted.text).errors) {
        expect({ field: field.name, answered: compiledQueryStats.answered - before.answered }).toEqual({ field: field.name, answered: 1 });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('takes variables and operation names per request, and keeps the answers of each apart', async () => {
    const query = `query One($id: ID!) { commitment(id: $id) { id title status topics { slug } } }
      query Page($first: Int, $status: [CommitmentStatus!]) { commitments(first: $first, filter: { status: $status }) { totalCount nodes { id status } pageInfo { hasNextPage endCursor } } }`;
    const asks = [
      { query, operationName: 'One', variables: { id: '1' } },
      { query, operationName: 'One', variables: { id: '2' } },
      { query, operationName: 'Page', variables: { first: 3, status: ['ANNOUNCED'] } },
      { query, operationName: 'Page', variables: { first: 10 } },
    ];
    const interpreted = [];
    for (const body of asks) interpreted.push(await post(body));
    const before = compiledQueryStats.answered;
    for (const [i, body] of asks.entries()) expect(await post(body)).toEqual(interpreted[i]);
    expect(compiledQueryStats.answered - before).toBe(asks.length);
    expect(JSON.parse(interpreted[0].text).data.commitment.id).toBe('1');
    expect(JSON.parse(interpreted[1].text).data.commitment.id).toBe('2');
    expect(JSON.parse(interpreted[2].text).data.commitments.nodes).toHaveLength(3);
  });

  it('hands a query whose answer has errors back to graphql-js: same errors, codes and status', async () => {
    const bodies = [
      { query: '{ topic(id: "1", slug: "security") { id } }' },
      { query: 'query($s: CommitmentStatus) { commitments(filter: { status: [$s] }) { totalCount } }', variables: { s: 'DONE' } },
      { query: '{ search(text: "*") { totalCount } }' },
    ];
    for (const body of bodies) {
      const first = await post(body);
      const before = { ...compiledQueryStats };
      expect(await post(body)).toEqual(first);
      expect({ body, errors: JSON.parse(first.text).errors?.length > 0 }).toEqual({ body, errors: true });
      expect(compiledQueryStats.answered).toBe(before.answered);
    }
  });

  it('runs nothing compiled with GRAPHQL_JIT=false', async () => {
    const off = await createTestApp({ GRAPHQL_JIT: 'false' });
    try {
      const before = compiledQueryStats.compiled + compiledQueryStats.answered;
      for (let i = 0; i < 3; i++) ok(await off.gql('{ topics { slug } }'));
      expect(compiledQueryStats.compiled + compiledQueryStats.answered).toBe(before);
    } finally {
      await off.close();
      delete process.env.GRAPHQL_JIT;
    }
  });
});
