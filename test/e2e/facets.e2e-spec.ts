import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const STATUSES = ['ANNOUNCED', 'IN_PROGRESS', 'STALLED', 'PARTIALLY_FULFILLED', 'FULFILLED', 'NOT_FULFILLED', 'INCONCLUSIVE', 'WITHDRAWN'];
const KINDS = ['ACTION', 'MEETING', 'GOAL', 'DIRECTIVE', 'PROCEDURAL'];
const COUNTRY_NAMES: Record<string, string> = { US: 'United States', MX: 'Mexico' };

const FACETS = `query($filter: CommitmentFilter) {
  commitmentFacets(filter: $filter) {
    total
    byStatus { status count }
    byKind { kind count }
    byTopic { topic { id slug } count }
    byParty { party organization { id name } country { code name } count }
    bySpeakerOrganization { organization { id name } count }
  }
}`;

/** What the brute-force recount reads of each commitment, through the public list. */
const LIST = `query($filter: CommitmentFilter, $after: String) {
  commitments(first: 100, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id status kind
      topics { id }
      parties { organization { id name country { code } } country { code name } }
      sources { statement { speaker { organization { id name } } } }
    }
  }
}`;

/** A small deterministic PRNG (mulberry32): the same "random" data on every run and database. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
  const some = <T>(xs: readonly T[], max: number) => [...new Set(Array.from({ length: int(max + 1) }, () => pick(xs)))];
  return { int, pick, some };
}

describe('Commitment facets (e2e)', () => {
  let t: TestApp;
  const topic: Record<string, string> = {};
  const parentOf = new Map<string, string | null>();
  const org: Record<string, string> = {};
  let dialogue: string;
  let briefing: string;

  const facets = async (filter?: Record<string, unknown>) => ok(await t.gql(FACETS, { filter })).commitmentFacets;

  /** Every commitment the list returns for the filter, page by page. */
  async function listAll(filter?: Record<string, unknown>) {
    const out: any[] = [];
    let after: string | null = null;
    do {
      const page: any = ok(await t.gql(LIST, { filter, after })).commitments;
      out.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return out;
  }

  /** The facets recounted by hand from the listed commitments, in the API's order. */
  async function bruteForce(filter?: Record<string, unknown>) {
    const rows = await listAll(filter);
    const topics = ok(await t.gql('{ topics { id slug } }')).topics as { id: string; slug: string }[];
    const slug = new Map(topics.map((x) => [x.id, x.slug]));
    const count = (keysOf: (c: any) => string[]) => {
      const m = new Map<string, number>();
      for (const c of rows) for (const k of new Set(keysOf(c))) m.set(k, (m.get(k) ?? 0) + 1);
      return m;
    };
    const mostFirst = (a: { count: number; key: string }, b: { count: number; key: string }) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const ancestors = (id: string) => {
      const out: string[] = [];
      for (let x: string | null = id; x; x = parentOf.get(x) ?? null) out.push(x);
      return out;
    };
    const orgName = new Map<string, string>();
    for (const c of rows) {
      for (const p of c.parties) {
        if (p.organization) orgName.set(p.organization.id, p.organization.name);
      }
      for (const s of c.sources) if (s.statement.speaker?.organization) orgName.set(s.statement.speaker.organization.id, s.statement.speaker.organization.name);
    }
    const status = count((c) => [c.status]);
    const kind = count((c) => [c.kind]);
    const byTopic = count((c) => c.topics.flatMap((x: { id: string }) => ancestors(x.id)));
    const byOrg = count((c) => c.parties.filter((p: any) => p.organization).map((p: any) => p.organization.id));
    const byCountry = count((c) => c.parties.map((p: any) => p.country?.code ?? p.organization.country?.code).filter(Boolean));
    const bySpeakerOrg = count((c) => c.sources.map((s: any) => s.statement.speaker?.organization?.id).filter(Boolean));
    return {
      total: rows.length,
      byStatus: STATUSES.map((s) => ({ status: s, count: status.get(s) ?? 0 })),
      byKind: KINDS.map((k) => ({ kind: k, count: kind.get(k) ?? 0 })),
      byTopic: [...byTopic]
        .map(([id, n]) => ({ key: id.padStart(16, '0'), count: n, row: { topic: { id, slug: slug.get(id) }, count: n } }))
        .sort(mostFirst)
        .map((r) => r.row),
      byParty: [
        ...[...byCountry].map(([code, n]) => ({ key: `0:${code}`, count: n, row: { party: code, organization: null, country: { code, name: COUNTRY_NAMES[code] }, count: n } })),
        ...[...byOrg].map(([id, n]) => ({ key: `1:${id.padStart(16, '0')}`, count: n, row: { party: id, organization: { id, name: orgName.get(id) }, country: null, count: n } })),
      ]
        .sort(mostFirst)
        .map((r) => r.row),
      bySpeakerOrganization: [...bySpeakerOrg]
        .map(([id, n]) => ({ key: id.padStart(16, '0'), count: n, row: { organization: { id, name: orgName.get(id) }, count: n } }))
        .sort(mostFirst)
        .map((r) => r.row),
    };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const rnd = prng(20170221);
    for (const x of ok(await t.gql('{ topics { id slug } }')).topics) {
      topic[x.slug] = x.id;
      parentOf.set(x.id, null);
    }
    dialogue = ok(await t.gql('{ dialogues { id } }')).dialogues[0].id;
    const sub = async (slug: string, parent: string) => {
      topic[slug] = ok(await t.gql(`mutation { createTopic(input: { slug: "${slug}", title: "${slug}", parentId: "${topic[parent]}" }) { id } }`)).createTopic.id;
      parentOf.set(topic[slug], topic[parent]);
    };
    await sub('counterterrorism', 'security');
    await sub('cartels', 'counterterrorism');
    await sub('water', 'border');

    const createOrg = async (key: string, name: string, countryCode: string | null) =>
      (org[key] = ok(
        await t.gql('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', {
          input: { name, kind: 'GOVERNMENT', countryCode },
        }),
      ).createOrganization.id);
    await createOrg('state', 'Department of State', 'US');
    await createOrg('dhs', 'Department of Homeland Security', 'US');
    await createOrg('sre', 'Secretaría de Relaciones Exteriores', 'MX');
    await createOrg('oas', 'Organization of American States', null);

    const person = async (name: string, organizationId: string | null) =>
      ok(
        await t.gql('mutation($input: CreateParticipantInput!) { createParticipant(input: $input) { id } }', {
          input: { name, role: 'OFFICIAL', organizationId },
        }),
      ).createParticipant.id as string;
    const speakers = [
      await person('Rex Tillerson', org.state),
      await person('John Kelly', org.dhs),
      await person('Luis Videgaray', org.sre),
      await person('An Observer', org.oas),
      await person('Unaffiliated Speaker', null),
    ];
    const statements = Array.from({ length: 15 }, (_, i) => ({
      speakerId: speakers[i % speakers.length],
      text: `Statement ${i}: we will cooperate on item ${i} and report back.`,
    }));
    briefing = ok(
      await t.gql('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id statements(first: 100) { nodes { id text } } } }', {
        input: { title: 'Facets briefing', date: '2017-02-21', statements },
      }),
    ).createBriefing.id;
    const statementRows = ok(await t.gql(`{ briefing(id: "${briefing}") { statements(first: 100) { nodes { id text } } } }`)).briefing.statements.nodes;
    const secondBriefing = ok(
      await t.gql('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { statements(first: 10) { nodes { id text } } } }', {
        input: { title: 'Another briefing', date: '2017-03-01', statements: [{ speakerId: speakers[2], text: 'Mexico will review the water treaty.' }] },
      }),
    ).createBriefing.statements.nodes;
    const spans = [...statementRows, ...secondBriefing];

    const topicIds = Object.values(topic);
    const parties = [{ country: 'US' }, { country: 'MX' }, ...Object.values(org).map((organizationId) => ({ organizationId }))];
    const words = ['border security', 'water', 'cooperation', 'trade', 'migration'];
    for (let i = 0; i < 70; i++) {
      const sources = rnd.some(spans, 2).map((s: any) => ({ statementId: s.id, start: 0, end: 9, quote: s.text.slice(0, 9) }));
      const dueDate = rnd.pick([null, '2001-05-01', '2017-06-30', '2999-01-01']);
      const created = ok(
        await t.gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', {
          input: {
            title: `Commitment ${i} on ${rnd.pick(words)}`,
            text: `The parties will act on ${rnd.pick(words)}.`,
            kind: rnd.pick(KINDS),
            dueDate,
            dialogueId: rnd.int(3) ? dialogue : null,
            topicIds: rnd.some(topicIds, 2),
            parties: rnd.some(parties, 2),
            sources,
          },
        }),
      ).createCommitment.id;
      // Facets read the status column only; setting it directly gives every status without a
      // history of transitions (the lifecycle rules are tested with setCommitmentStatus elsewhere).
      await t.dataSource.query(`UPDATE commitment SET status = '${rnd.pick(STATUSES)}' WHERE id = ${Number(created)}`);
    }
  });
  afterAll(async () => t.close());

  it('counts everything: every status and kind with zeros, rolled-up topics, parties, speaker organizations', async () => {
    const all = await facets();
    expect(all.total).toBe(70);
    expect(all).toEqual(await bruteForce());
    expect(all.byStatus.map((r: any) => r.status)).toEqual(STATUSES);
    expect(all.byKind.map((r: any) => r.kind)).toEqual(KINDS);
    // A root counts its subtopics' commitments once each: at least as many as any of its subtopics.
    const n = (slug: string) => all.byTopic.find((r: any) => r.topic.slug === slug)?.count ?? 0;
    expect(n('security')).toBeGreaterThanOrEqual(n('counterterrorism'));
    expect(n('counterterrorism')).toBeGreaterThanOrEqual(n('cartels'));
    // A country counts commitments binding it or one of its organizations.
    const party = (p: string) => all.byParty.find((r: any) => r.party === p)?.count ?? 0;
    expect(party('US')).toBeGreaterThanOrEqual(Math.max(party(org.state), party(org.dhs)));
    expect(all.byParty.find((r: any) => r.party === org.oas)).toMatchObject({ organization: { name: 'Organization of American States' }, country: null });
    // The unaffiliated speaker's statements count under no organization.
    expect(all.bySpeakerOrganization.map((r: any) => r.organization.name).sort()).toEqual(
      ['Department of Homeland Security', 'Department of State', 'Organization of American States', 'Secretaría de Relaciones Exteriores'].sort(),
    );
  });

  it.each([
    ['status', () => ({ status: ['FULFILLED', 'NOT_FULFILLED', 'STALLED'] })],
    ['kind', () => ({ kind: ['ACTION', 'GOAL'] })],
    ['topic (with subtopics)', () => ({ topic: topic.security })],
    ['a subtopic', () => ({ topic: topic.counterterrorism })],
    ['party: a country', () => ({ party: 'MX' })],
    ['party: an organization', () => ({ party: org.dhs })],
    ['overdue', () => ({ overdue: true })],
    ['not overdue', () => ({ overdue: false })],
    ['dueBefore', () => ({ dueBefore: '2018-01-01' })],
    ['search', () => ({ search: 'WATER' })],
    ['dialogue', () => ({ dialogue })],
    ['briefing', () => ({ briefing })],
    ['combined', () => ({ topic: topic.border, status: ['ANNOUNCED', 'IN_PROGRESS', 'FULFILLED', 'WITHDRAWN'], party: 'US' })],
    ['nothing matches', () => ({ search: 'no commitment says this' })],
  ])('under a filter (%s), every count equals its brute-force recount over the filtered list', async (_label, filter) => {
    const got = await facets(filter());
    expect(got).toEqual(await bruteForce(filter()));
    expect(got.total).toBeLessThan(70);
  });

  it('answers nothing-matches with zeros and empty lists', async () => {
    expect(await facets({ search: 'no commitment says this' })).toEqual({
      total: 0,
      byStatus: STATUSES.map((status) => ({ status, count: 0 })),
      byKind: KINDS.map((kind) => ({ kind, count: 0 })),
      byTopic: [],
      byParty: [],
      bySpeakerOrganization: [],
    });
  });

  it('counts in the database: seven aggregate statements (six GROUP BY), no commitment row loaded, whatever the filter', async () => {
    const statements = async (filter?: Record<string, unknown>) => {
      t.sql.reset();
      t.sql.recording = true;
      await facets(filter);
      t.sql.recording = false;
      return [...t.sql.recorded];
    };
    for (const filter of [undefined, { party: org.oas }, { topic: topic.security, status: ['ANNOUNCED'] }]) {
      const sql = await statements(filter);
      const onCommitments = sql.filter((q) => /\bcommitment\b/i.test(q));
      // total, status, kind, topic, parties (organizations, countries), speaker organizations: aggregates only, no row loaded.
      expect(onCommitments).toHaveLength(7);
      expect(onCommitments.every((q) => /^SELECT COUNT\(1\)|COUNT\(/i.test(q))).toBe(true);
      expect(onCommitments.filter((q) => /GROUP BY/i.test(q))).toHaveLength(6);
      // The rest load the facets' topics, organizations and countries by id (DataLoaders).
      expect(sql.length - onCommitments.length).toBeLessThanOrEqual(4);
    }
  });

  it('refuses a malformed filter with BAD_USER_INPUT naming the field', async () => {
    const topicError = errorOf(await t.gql(FACETS, { filter: { topic: 'security' } }));
    expect(topicError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.topic' }] });
    const partyError = errorOf(await t.gql(FACETS, { filter: { party: 'not a party' } }));
    expect(partyError.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.party' }] });
    const longSearch = errorOf(await t.gql(FACETS, { filter: { search: 'x'.repeat(201) } }));
    expect(longSearch.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.search' }] });
    const badStatus = errorOf(await t.gql(FACETS, { filter: { status: ['DONE'] } }));
    expect(badStatus.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('treats an unknown id in the filter as matching nothing', async () => {
    expect((await facets({ topic: '424242' })).total).toBe(0);
    expect((await facets({ party: '424242' })).byParty).toEqual([]);
  });
});
