import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

describe('Topics (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('starts with the five agenda topics and the US-Mexico dialogue', async () => {
    const data = ok(await t.gql('{ topics { slug title parent { id } keywords } dialogues { title countries { code name } } }'));
    expect(data.topics.map((x: any) => [x.slug, x.title])).toEqual([
      ['security', 'Security'],
      ['migration', 'Migration'],
      ['economy', 'Economy'],
      ['border', 'Border management'],
      ['foreign-policy', 'Foreign policy'],
    ]);
    expect(data.topics.every((x: any) => x.parent === null && x.keywords.length > 5)).toBe(true);
    expect(data.dialogues).toEqual([
      { title: 'United States - Mexico', countries: [{ code: 'MX', name: 'Mexico' }, { code: 'US', name: 'United States' }] },
    ]);
  });

  it('creates a subtopic, reads it by id and slug, lists it under its parent', async () => {
    const security = ok(await t.gql('{ topic(slug: "security") { id } }')).topic;
    const created = ok(
      await t.gql(
        `mutation($input: CreateTopicInput!) { createTopic(input: $input) { id slug title description keywords parent { slug } } }`,
        { input: { slug: 'counterterrorism', title: 'Counterterrorism', parentId: security.id, keywords: ['terrorism', ' terrorism ', 'ISIS'] } },
      ),
    ).createTopic;
    expect(created).toEqual({
      id: expect.any(String),
      slug: 'counterterrorism',
      title: 'Counterterrorism',
      description: null,
      keywords: ['terrorism', 'ISIS'],
      parent: { slug: 'security' },
    });
    const byId = ok(await t.gql(`{ topic(id: "${created.id}") { slug } }`)).topic;
    expect(byId).toEqual({ slug: 'counterterrorism' });
    const parent = ok(await t.gql('{ topic(slug: "security") { children { slug } } }')).topic;
    expect(parent.children).toEqual([{ slug: 'counterterrorism' }]);
    const subtopics = ok(await t.gql('{ topics(filter: { root: false }) { slug } }')).topics;
    expect(subtopics).toEqual([{ slug: 'counterterrorism' }]);
    const searched = ok(await t.gql('{ topics(filter: { search: "ISIS" }) { slug } }')).topics;
    expect(searched).toEqual([{ slug: 'counterterrorism' }]);
  });

  it('returns null for unknown ids and slugs', async () => {
    const data = ok(await t.gql('{ a: topic(id: "999999") { id } b: topic(slug: "nope") { id } c: topic(id: "not-an-id") { id } }'));
    expect(data).toEqual({ a: null, b: null, c: null });
  });

  it('updates only the fields given', async () => {
    const { id } = ok(await t.gql('{ topic(slug: "counterterrorism") { id } }')).topic;
    const updated = ok(
      await t.gql(`mutation { updateTopic(id: "${id}", input: { description: "CT cooperation" }) { slug title description keywords } }`),
    ).updateTopic;
    expect(updated).toEqual({ slug: 'counterterrorism', title: 'Counterterrorism', description: 'CT cooperation', keywords: ['terrorism', 'ISIS'] });
  });

  it('refuses bad input with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
    const before = await countRows(t.dataSource, 'topic');
    const err = errorOf(await t.gql('mutation { createTopic(input: { slug: "Not A Slug", title: "" }) { id } }'));
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.slug', 'input.title']);
    expect(await countRows(t.dataSource, 'topic')).toBe(before);
    // null for a required field of an update (found by the fuzzer: it crashed as a server error).
    const { id } = ok(await t.gql('{ topic(slug: "security") { id } }')).topic;
    for (const field of ['title', 'slug']) {
      const nulled = errorOf(await t.gql(`mutation { updateTopic(id: "${id}", input: { ${field}: null }) { id } }`));
      expect(nulled.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: `input.${field}` }] });
    }
    expect(ok(await t.gql('{ topic(slug: "security") { title } }')).topic.title).toBe('Security');
  });

  it('refuses a duplicate slug with CONFLICT', async () => {
    const err = errorOf(await t.gql('mutation { createTopic(input: { slug: "security", title: "Again" }) { id } }'));
    expect(err.extensions.code).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for an unknown id in a mutation, or an unknown parent', async () => {
    expect(errorOf(await t.gql('mutation { updateTopic(id: "424242", input: { title: "x" }) { id } }')).extensions.code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql('mutation { deleteTopic(id: "424242") }')).extensions.code).toBe('NOT_FOUND');
    const err = errorOf(await t.gql('mutation { createTopic(input: { slug: "orphan", title: "Orphan", parentId: "424242" }) { id } }'));
    expect(err.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.parentId' });
  });

  it('refuses to make a topic its own ancestor', async () => {
    const { id: securityId } = ok(await t.gql('{ topic(slug: "security") { id } }')).topic;
    const { id: childId } = ok(await t.gql('{ topic(slug: "counterterrorism") { id } }')).topic;
    const err = errorOf(await t.gql(`mutation { updateTopic(id: "${securityId}", input: { parentId: "${childId}" }) { id } }`));
    expect(err.extensions.code).toBe('CONFLICT');
  });

  it('deletes a leaf topic, but not a topic with subtopics', async () => {
    const { id: securityId } = ok(await t.gql('{ topic(slug: "security") { id } }')).topic;
    expect(errorOf(await t.gql(`mutation { deleteTopic(id: "${securityId}") }`)).extensions.code).toBe('CONFLICT');
    const { id } = ok(await t.gql('{ topic(slug: "counterterrorism") { id } }')).topic;
    expect(ok(await t.gql(`mutation { deleteTopic(id: "${id}") }`)).deleteTopic).toBe(id);
    expect(ok(await t.gql(`{ topic(id: "${id}") { id } }`)).topic).toBeNull();
  });
});
