import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id name acronym kind country { code name } }
}`;
const LIST = `query($first: Int, $after: String, $filter: OrganizationFilter, $orderBy: OrganizationOrder) {
  organizations(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { name }
    edges { cursor node { acronym } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

describe('Organizations (e2e)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const names = async (vars: Record<string, unknown>) => ok(await t.gql(LIST, vars)).organizations.nodes.map((n: { name: string }) => n.name);

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('creates the organizations of the seed briefing', async () => {
    const dhs = ok(await t.gql(CREATE, { input: { name: ' Department of Homeland Security ', acronym: 'DHS', kind: 'GOVERNMENT', countryCode: 'us' } }));
    expect(dhs.createOrganization).toEqual({
      id: expect.any(String),
      name: 'Department of Homeland Security',
      acronym: 'DHS',
      kind: 'GOVERNMENT',
      country: { code: 'US', name: 'United States' },
    });
    ids.DHS = dhs.createOrganization.id;
    for (const input of [
      { name: 'Department of State', acronym: 'DOS', kind: 'GOVERNMENT', countryCode: 'US' },
      { name: 'Secretariat of Foreign Affairs', acronym: 'SRE', kind: 'GOVERNMENT', countryCode: 'MX' },
      { name: 'Bloomberg News', kind: 'NEWS_OUTLET', countryCode: 'US' },
      { name: 'EFE', kind: 'NEWS_OUTLET' },
      { name: 'Organization of American States', acronym: 'OAS', kind: 'INTERNATIONAL' },
    ]) {
      const created = ok(await t.gql(CREATE, { input })).createOrganization;
      ids[created.acronym ?? created.name] = created.id;
    }
    expect(ok(await t.gql(`{ organization(id: "${ids.EFE}") { name acronym kind country { code } createdAt updatedAt } }`)).organization).toEqual({
      name: 'EFE',
      acronym: null,
      kind: 'NEWS_OUTLET',
      country: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(ok(await t.gql('{ a: organization(id: "999999") { id } b: organization(id: "dhs") { id } }'))).toEqual({ a: null, b: null });
  });

  it('lists by name, and filters by kind, country and search', async () => {
    expect(await names({})).toEqual([
      'Bloomberg News',
      'Department of Homeland Security',
      'Department of State',
      'EFE',
      'Organization of American States',
      'Secretariat of Foreign Affairs',
    ]);
    expect(await names({ filter: { kind: 'NEWS_OUTLET' } })).toEqual(['Bloomberg News', 'EFE']);
    expect(await names({ filter: { kind: ['NEWS_OUTLET', 'INTERNATIONAL'] } })).toEqual(['Bloomberg News', 'EFE', 'Organization of American States']);
    expect(await names({ filter: { country: 'mx' } })).toEqual(['Secretariat of Foreign Affairs']);
    expect(await names({ filter: { country: 'US', kind: 'GOVERNMENT' } })).toEqual(['Department of Homeland Security', 'Department of State']);
    expect(await names({ filter: { search: 'dhs' } })).toEqual(['Department of Homeland Security']);
    expect(await names({ filter: { search: 'DEPARTMENT' } })).toEqual(['Department of Homeland Security', 'Department of State']);
    expect(ok(await t.gql(LIST, { filter: { search: 'nothing like it' } })).organizations).toEqual({
      nodes: [],
      edges: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
  });

  it('orders by name or creation, either way', async () => {
    expect(await names({ orderBy: { direction: 'DESC' } })).toEqual([
      'Secretariat of Foreign Affairs',
      'Organization of American States',
      'EFE',
      'Department of State',
      'Department of Homeland Security',
      'Bloomberg News',
    ]);
    expect(await names({ orderBy: { field: 'CREATED_AT' }, first: 3 })).toEqual(['Department of Homeland Security', 'Department of State', 'Secretariat of Foreign Affairs']);
    expect(await names({ orderBy: { field: 'CREATED_AT', direction: 'DESC' }, first: 2 })).toEqual(['Organization of American States', 'EFE']);
  });

  it('pages with first/after to an exact last page', async () => {
    const page1 = ok(await t.gql(LIST, { first: 4 })).organizations;
    expect(page1.nodes.map((n: any) => n.name)).toEqual(['Bloomberg News', 'Department of Homeland Security', 'Department of State', 'EFE']);
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[3].cursor });
    expect(page1.totalCount).toBe(6);
    const page2 = ok(await t.gql(LIST, { first: 2, after: page1.pageInfo.endCursor })).organizations;
    expect(page2.nodes.map((n: any) => n.name)).toEqual(['Organization of American States', 'Secretariat of Foreign Affairs']);
    expect(page2.edges.map((e: any) => e.node.acronym)).toEqual(['OAS', 'SRE']);
    expect(page2.pageInfo).toEqual({ hasNextPage: false, endCursor: page2.edges[1].cursor });
    expect(page2.totalCount).toBe(6);
    const filtered = ok(await t.gql(LIST, { first: 1, filter: { kind: 'GOVERNMENT' } })).organizations;
    const rest = ok(await t.gql(LIST, { first: 5, after: filtered.pageInfo.endCursor, filter: { kind: 'GOVERNMENT' } })).organizations;
    expect(rest.nodes.map((n: any) => n.name)).toEqual(['Department of State', 'Secretariat of Foreign Affairs']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect(ok(await t.gql(LIST, { first: 0 })).organizations).toEqual({ nodes: [], edges: [], pageInfo: { hasNextPage: true, endCursor: null }, totalCount: 6 });
  });

  it('refuses a malformed cursor, a page over 100 and a malformed country filter', async () => {
    const cursor = errorOf(await t.gql(LIST, { after: 'not-a-cursor' }));
    expect(cursor.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after', message: expect.any(String) }] });
    const big = errorOf(await t.gql(LIST, { first: 101 }));
    expect(big.extensions.code).toBe('BAD_USER_INPUT');
    expect(big.extensions.fields!.map((f) => f.path)).toEqual(['first']);
    const country = errorOf(await t.gql(LIST, { filter: { country: 'USA' } }));
    expect(country.extensions.code).toBe('BAD_USER_INPUT');
    expect(country.extensions.fields!.map((f) => f.path)).toEqual(['filter.country']);
  });

  it('updates only the fields given; null clears the acronym', async () => {
    const updated = ok(
      await t.gql(`mutation { updateOrganization(id: "${ids.SRE}", input: { name: "Mexico's Foreign Ministry" }) { name acronym kind country { code } } }`),
    ).updateOrganization;
    expect(updated).toEqual({ name: "Mexico's Foreign Ministry", acronym: 'SRE', kind: 'GOVERNMENT', country: { code: 'MX' } });
    const cleared = ok(await t.gql(`mutation { updateOrganization(id: "${ids.DOS}", input: { acronym: null, countryCode: null }) { name acronym country { code } } }`));
    expect(cleared.updateOrganization).toEqual({ name: 'Department of State', acronym: null, country: null });
    const err = errorOf(await t.gql(`mutation { updateOrganization(id: "${ids.DOS}", input: { name: null }) { name } }`));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.name', message: 'cannot be null' }] });
  });

  it('refuses bad input with BAD_USER_INPUT naming the fields, and writes nothing', async () => {
    const before = await countRows(t.dataSource, 'organization');
    const err = errorOf(await t.gql(CREATE, { input: { name: '', acronym: 'X'.repeat(41), kind: 'GOVERNMENT' } }));
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.acronym', 'input.name']);
    const kind = errorOf(await t.gql(CREATE, { input: { name: 'Pemex', kind: 'COMPANY' } }));
    expect(kind.extensions.code).toBe('BAD_USER_INPUT');
    const country = errorOf(await t.gql(CREATE, { input: { name: 'Pemex', kind: 'OTHER', countryCode: 'Mexico' } }));
    expect(country.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.countryCode' }] });
    const unknown = errorOf(await t.gql(CREATE, { input: { name: 'Pemex', kind: 'OTHER', countryCode: 'BR' } }));
    expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.countryCode' });
    expect(await countRows(t.dataSource, 'organization')).toBe(before);
  });

  it('refuses a duplicate name with CONFLICT, on create and on update', async () => {
    expect(errorOf(await t.gql(CREATE, { input: { name: 'EFE', kind: 'OTHER' } })).extensions.code).toBe('CONFLICT');
    const err = errorOf(await t.gql(`mutation { updateOrganization(id: "${ids.DHS}", input: { name: "EFE" }) { id } }`));
    expect(err.extensions.code).toBe('CONFLICT');
    expect(ok(await t.gql(`{ organization(id: "${ids.DHS}") { name } }`)).organization.name).toBe('Department of Homeland Security');
  });

  it('answers NOT_FOUND for an unknown id in a mutation', async () => {
    expect(errorOf(await t.gql('mutation { updateOrganization(id: "424242", input: { name: "x" }) { id } }')).extensions).toMatchObject({
      code: 'NOT_FOUND',
      path: 'id',
    });
    expect(errorOf(await t.gql('mutation { deleteOrganization(id: "424242") }')).extensions.code).toBe('NOT_FOUND');
    expect(errorOf(await t.gql('mutation { deleteOrganization(id: "abc") }')).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'id' }] });
  });

  it('deletes an organization nobody refers to, but not one with participants', async () => {
    ok(await t.gql(`mutation { createParticipant(input: { name: "Nick Wadhams", role: JOURNALIST, organizationId: "${ids['Bloomberg News']}" }) { id } }`));
    const err = errorOf(await t.gql(`mutation { deleteOrganization(id: "${ids['Bloomberg News']}") }`));
    expect(err.extensions.code).toBe('CONFLICT');
    expect(ok(await t.gql(`mutation { deleteOrganization(id: "${ids.OAS}") }`)).deleteOrganization).toBe(ids.OAS);
    expect(ok(await t.gql(`{ organization(id: "${ids.OAS}") { id } }`)).organization).toBeNull();
    expect(ok(await t.gql(LIST, {})).organizations.totalCount).toBe(5);
  });
});
