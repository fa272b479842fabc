import { Briefing, BriefingMention } from '../../src/briefings/briefing.entity';
import { Statement, StatementKind } from '../../src/statements/statement.entity';
import { countRows, createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

const FIELDS = 'id name honorific post role anonymous attribution aliases organization { name } country { code }';
const CREATE = `mutation($input: CreateParticipantInput!) { createParticipant(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateParticipantInput!) { updateParticipant(id: $id, input: $input) { ${FIELDS} } }`;
const MERGE = `mutation($keepId: ID!, $mergeIds: [ID!]!) { mergeParticipants(keepId: $keepId, mergeIds: $mergeIds) { ${FIELDS} } }`;
const LIST = `query($first: Int, $after: String, $filter: ParticipantFilter, $orderBy: ParticipantOrder) {
  participants(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    nodes { name }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

describe('Participants (e2e)', () => {
  let t: TestApp;
  const org: Record<string, string> = {};
  const p: Record<string, string> = {};
  const names = async (vars: Record<string, unknown>) => ok(await t.gql(LIST, vars)).participants.nodes.map((n: { name: string }) => n.name);
  const create = async (input: Record<string, unknown>) => ok(await t.gql(CREATE, { input })).createParticipant;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [key, input] of Object.entries({
      SRE: { name: 'Secretariat of Foreign Affairs', acronym: 'SRE', kind: 'GOVERNMENT', countryCode: 'MX' },
      DOS: { name: 'Department of State', acronym: 'DOS', kind: 'GOVERNMENT', countryCode: 'US' },
      Bloomberg: { name: 'Bloomberg News', kind: 'NEWS_OUTLET', countryCode: 'US' },
    })) {
      org[key] = ok(await t.gql('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input })).createOrganization.id;
    }
  });
  afterAll(async () => t?.close());

  it('creates named officials, anonymous speakers and journalists', async () => {
    const videgaray = await create({
      name: ' Luis Videgaray ',
      honorific: 'Mr.',
      post: 'Foreign Secretary',
      organizationId: org.SRE,
      countryCode: 'MX',
      role: 'OFFICIAL',
      aliases: ['Secretary Videgaray', ' Videgaray ', 'secretary videgaray', 'LUIS VIDEGARAY'],
    });
    expect(videgaray).toEqual({
      id: expect.any(String),
      name: 'Luis Videgaray',
      honorific: 'Mr.',
      post: 'Foreign Secretary',
      role: 'OFFICIAL',
      anonymous: false,
      attribution: null,
      aliases: ['Secretary Videgaray', 'Videgaray'],
      organization: { name: 'Secretariat of Foreign Affairs' },
      country: { code: 'MX' },
    });
    p.videgaray = videgaray.id;
    const official = await create({
      name: 'Senior Administration Official One',
      organizationId: org.DOS,
      countryCode: 'US',
      role: 'OFFICIAL',
      anonymous: true,
      attribution: 'Senior State Department Official',
      aliases: ['SENIOR ADMINISTRATION OFFICIAL ONE'],
    });
    expect(official).toMatchObject({ anonymous: true, attribution: 'Senior State Department Official', aliases: [], honorific: null, post: null });
    p.official = official.id;
    p.wadhams = (await create({ name: 'Nick Wadhams', role: 'JOURNALIST', organizationId: org.Bloomberg, countryCode: 'US' })).id;
    p.moderator = (await create({ name: 'Moderator', role: 'MODERATOR', organizationId: org.DOS })).id;
    p.operator = (await create({ name: 'Operator', role: 'OPERATOR' })).id;
    expect(ok(await t.gql(`{ participant(id: "${p.operator}") { ${FIELDS} createdAt } }`)).participant).toEqual({
      id: p.operator,
      name: 'Operator',
      honorific: null,
      post: null,
      role: 'OPERATOR',
      anonymous: false,
      attribution: null,
      aliases: [],
      organization: null,
      country: null,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('returns null for an unknown or malformed id', async () => {
    expect(ok(await t.gql('{ a: participant(id: "999999") { id } b: participant(id: "-1") { id } }'))).toEqual({ a: null, b: null });
  });

  it('lists by name and filters by role, organization, country, anonymity and search', async () => {
    expect(await names({})).toEqual(['Luis Videgaray', 'Moderator', 'Nick Wadhams', 'Operator', 'Senior Administration Official One']);
    expect(await names({ filter: { role: 'OFFICIAL' } })).toEqual(['Luis Videgaray', 'Senior Administration Official One']);
    expect(await names({ filter: { role: ['MODERATOR', 'OPERATOR'] } })).toEqual(['Moderator', 'Operator']);
    expect(await names({ filter: { organization: org.DOS } })).toEqual(['Moderator', 'Senior Administration Official One']);
    expect(await names({ filter: { country: 'us' } })).toEqual(['Nick Wadhams', 'Senior Administration Official One']);
    expect(await names({ filter: { anonymous: true } })).toEqual(['Senior Administration Official One']);
    expect(await names({ filter: { anonymous: false, country: 'US' } })).toEqual(['Nick Wadhams']);
    expect(await names({ filter: { search: 'secretary videgaray' } })).toEqual(['Luis Videgaray']);
    expect(await names({ filter: { search: 'FOREIGN SECRETARY' } })).toEqual(['Luis Videgaray']);
    expect(await names({ filter: { search: 'wadhams' } })).toEqual(['Nick Wadhams']);
    expect(ok(await t.gql(LIST, { filter: { organization: '999999' } })).participants).toEqual({
      nodes: [],
      pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: 0,
    });
    expect(await names({ orderBy: { field: 'CREATED_AT', direction: 'DESC' }, first: 2 })).toEqual(['Operator', 'Moderator']);
  });

  it('pages with first/after, and refuses bad cursors, pages and filters', async () => {
    const page1 = ok(await t.gql(LIST, { first: 3, orderBy: { direction: 'DESC' } })).participants;
    expect(page1).toEqual({
      nodes: [{ name: 'Senior Administration Official One' }, { name: 'Operator' }, { name: 'Nick Wadhams' }],
      pageInfo: { hasNextPage: true, endCursor: expect.any(String) },
      totalCount: 5,
    });
    const page2 = ok(await t.gql(LIST, { first: 2, after: page1.pageInfo.endCursor, orderBy: { direction: 'DESC' } })).participants;
    expect(page2).toEqual({ nodes: [{ name: 'Moderator' }, { name: 'Luis Videgaray' }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, totalCount: 5 });
    expect(errorOf(await t.gql(LIST, { after: Buffer.from('["x"]').toString('base64url') })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'after' }] });
    const big = errorOf(await t.gql(LIST, { first: 101 }));
    expect(big.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'first' }] });
    const bad = errorOf(await t.gql(LIST, { filter: { organization: 'state' } }));
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.organization' }] });
  });

  it('resolves organizations and countries with a fixed number of statements, whatever the page size', async () => {
    const query = `query($first: Int) { participants(first: $first) { nodes { name organization { name country { name } } country { code } } } }`;
    t.sql.reset();
    const small = ok(await t.gql(query, { first: 1 })).participants.nodes;
    const oneRow = t.sql.count;
    t.sql.reset();
    const all = ok(await t.gql(query, { first: 5 })).participants.nodes;
    expect(t.sql.count).toBe(oneRow);
    expect(small).toEqual([{ name: 'Luis Videgaray', organization: { name: 'Secretariat of Foreign Affairs', country: { name: 'Mexico' } }, country: { code: 'MX' } }]);
    expect(all.map((n: any) => n.organization?.name ?? null)).toEqual(['Secretariat of Foreign Affairs', 'Department of State', 'Bloomberg News', null, 'Department of State']);
  });

  it('updates only the fields given; null clears, a list replaces', async () => {
    const updated = ok(await t.gql(UPDATE, { id: p.wadhams, input: { post: 'State Department correspondent', aliases: ['Nick', 'Wadhams'] } })).updateParticipant;
    expect(updated).toEqual({
      id: p.wadhams,
      name: 'Nick Wadhams',
      honorific: null,
      post: 'State Department correspondent',
      role: 'JOURNALIST',
      anonymous: false,
      attribution: null,
      aliases: ['Nick', 'Wadhams'],
      organization: { name: 'Bloomberg News' },
      country: { code: 'US' },
    });
    const cleared = ok(await t.gql(UPDATE, { id: p.wadhams, input: { organizationId: null, post: null } })).updateParticipant;
    expect(cleared).toMatchObject({ post: null, organization: null, aliases: ['Nick', 'Wadhams'], country: { code: 'US' } });
    ok(await t.gql(UPDATE, { id: p.wadhams, input: { organizationId: org.Bloomberg } }));
    const err = errorOf(await t.gql(UPDATE, { id: p.wadhams, input: { role: null } }));
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.role' }] });
  });

  it('refuses bad input (BAD_USER_INPUT with fields), unknown references (NOT_FOUND) and writes nothing', async () => {
    const before = await countRows(t.dataSource, 'participant');
    const err = errorOf(await t.gql(CREATE, { input: { name: ' ', role: 'OFFICIAL', aliases: ['ok', ''], honorific: 'x'.repeat(61) } }));
    expect(err.extensions.code).toBe('BAD_USER_INPUT');
    expect(err.extensions.fields!.map((f) => f.path).sort()).toEqual(['input.aliases', 'input.honorific', 'input.name']);
    const blank = errorOf(await t.gql(CREATE, { input: { name: '  ', role: 'OFFICIAL' } }));
    expect(blank.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.name', message: 'name must not be blank' }] });
    expect(errorOf(await t.gql(CREATE, { input: { name: 'X', role: 'SPY' } })).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(await t.gql(CREATE, { input: { name: 'X', role: 'OTHER', organizationId: '424242' } })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      path: 'input.organizationId',
    });
    expect(errorOf(await t.gql(CREATE, { input: { name: 'X', role: 'OTHER', countryCode: 'CA' } })).extensions).toMatchObject({
      code: 'NOT_FOUND',
      path: 'input.countryCode',
    });
    expect(errorOf(await t.gql(UPDATE, { id: '424242', input: { name: 'X' } })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    expect(await countRows(t.dataSource, 'participant')).toBe(before);
  });

  describe('in briefings and meetings', () => {
    let briefingId: number;
    const statementIds: number[] = [];
    const BRIEFING = () => `{ briefing(id: "${briefingId}") { speakers { name } mentionedParticipants { name } } }`;

    beforeAll(async () => {
      // A briefing as ingest will store it; written directly, this spec is about participants.
      const briefings = t.dataSource.getRepository(Briefing);
      const { identifiers } = await briefings.insert({
        title: 'Previewing Secretary Tillerson and Secretary Kelly’s Travel to Mexico',
        text: 'MODERATOR: Thank you.\nSENIOR ADMINISTRATION OFFICIAL ONE: On security, we expect to address ways.\nQUESTION: Thanks.',
        textSha256: 'a'.repeat(64),
        date: '2017-02-21',
        createdBy: 'test',
        createdAt: new Date(),
      });
      briefingId = identifiers[0].id;
      const turns: [string, StatementKind, string][] = [
        [p.moderator, StatementKind.PROCEDURAL, 'Thank you.'],
        [p.official, StatementKind.REMARK, 'On security, we expect to address ways.'],
        [p.wadhams, StatementKind.QUESTION, 'Thanks.'],
        [p.official, StatementKind.ANSWER, 'Yes.'],
      ];
      for (const [turnIndex, [speaker, kind, text]] of turns.entries()) {
        const { identifiers: s } = await t.dataSource
          .getRepository(Statement)
          .insert({ briefingId, speakerId: Number(speaker), speakerLabel: null, turnIndex, paragraphIndex: 0, kind, text, textStart: null, textEnd: null });
        statementIds.push(s[0].id);
      }
      await t.dataSource.getRepository(BriefingMention).insert({ briefingId, participantId: Number(p.videgaray), quote: 'Foreign Secretary Luis Videgaray' });
    });

    it('names a statement’s speaker, and a briefing’s speakers (by first turn) and mentioned people', async () => {
      expect(ok(await t.gql(BRIEFING())).briefing).toEqual({
        speakers: [{ name: 'Moderator' }, { name: 'Senior Administration Official One' }, { name: 'Nick Wadhams' }],
        mentionedParticipants: [{ name: 'Luis Videgaray' }],
      });
      const statements = ok(await t.gql(`{ statements(filter: { briefing: "${briefingId}" }) { nodes { text speaker { name role } } } }`)).statements.nodes;
      expect(statements.map((s: any) => s.speaker)).toEqual([
        { name: 'Moderator', role: 'MODERATOR' },
        { name: 'Senior Administration Official One', role: 'OFFICIAL' },
        { name: 'Nick Wadhams', role: 'JOURNALIST' },
        { name: 'Senior Administration Official One', role: 'OFFICIAL' },
      ]);
    });

    it('merges duplicates: statements, mentions and meetings move, names become aliases, the duplicates go', async () => {
      const dup = await create({ name: 'Secretary Videgaray', post: 'Secretary of Foreign Affairs', honorific: 'Dr.', role: 'OFFICIAL', aliases: ['Videgaray Caso'] });
      const dup2 = await create({ name: 'Luis Videgaray Caso', role: 'OTHER', attribution: 'On the record', countryCode: 'MX' });
      await t.dataSource.getRepository(Statement).update({ id: statementIds[3] }, { speakerId: Number(dup.id) });
      await t.dataSource.getRepository(BriefingMention).insert({ briefingId, participantId: Number(dup.id), quote: null });
      const meeting = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`;
      const both = ok(
        await t.gql(meeting, {
          input: { title: 'Tillerson - Videgaray', kind: 'IN_PERSON', participants: [{ participantId: p.videgaray }, { participantId: dup.id, sideCode: 'MX', role: 'host' }] },
        }),
      ).createMeeting.id;
      const dupOnly = ok(await t.gql(meeting, { input: { title: 'Kelly - Videgaray', kind: 'IN_PERSON', participants: [{ participantId: dup2.id, role: 'guest' }] } }))
        .createMeeting.id;
      const rows = { participant: await countRows(t.dataSource, 'participant'), seats: await countRows(t.dataSource, 'meeting_participant') };

      const merged = ok(await t.gql(MERGE, { keepId: p.videgaray, mergeIds: [dup.id, dup2.id] })).mergeParticipants;
      expect(merged).toEqual({
        id: p.videgaray,
        name: 'Luis Videgaray',
        honorific: 'Mr.',
        post: 'Foreign Secretary',
        role: 'OFFICIAL',
        anonymous: false,
        attribution: 'On the record',
        aliases: ['Secretary Videgaray', 'Videgaray', 'Videgaray Caso', 'Luis Videgaray Caso'],
        organization: { name: 'Secretariat of Foreign Affairs' },
        country: { code: 'MX' },
      });
      expect(ok(await t.gql(`{ a: participant(id: "${dup.id}") { id } b: participant(id: "${dup2.id}") { id } }`))).toEqual({ a: null, b: null });
      expect(await countRows(t.dataSource, 'participant')).toBe(rows.participant - 2);
      expect(await countRows(t.dataSource, 'meeting_participant')).toBe(rows.seats - 1);
      expect(ok(await t.gql(BRIEFING())).briefing).toEqual({
        speakers: [{ name: 'Moderator' }, { name: 'Senior Administration Official One' }, { name: 'Nick Wadhams' }, { name: 'Luis Videgaray' }],
        mentionedParticipants: [{ name: 'Luis Videgaray' }],
      });
      const seats = ok(
        await t.gql(`{ a: meeting(id: "${both}") { participants { participant { name } side { code } role } } b: meeting(id: "${dupOnly}") { participants { participant { name } role } } }`),
      );
      expect(seats).toEqual({
        a: { participants: [{ participant: { name: 'Luis Videgaray' }, side: { code: 'MX' }, role: 'host' }] },
        b: { participants: [{ participant: { name: 'Luis Videgaray' }, role: 'guest' }] },
      });
      const [mention] = await t.dataSource.getRepository(BriefingMention).findBy({ briefingId });
      expect(mention).toMatchObject({ participantId: Number(p.videgaray), quote: 'Foreign Secretary Luis Videgaray' });
    });

    it('refuses a merge into itself, or with unknown records, and changes nothing', async () => {
      const dup = await create({ name: 'SAO 1', role: 'OFFICIAL' });
      const before = await countRows(t.dataSource, 'participant');
      const self = errorOf(await t.gql(MERGE, { keepId: p.official, mergeIds: [dup.id, p.official] }));
      expect(self.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'mergeIds.1' }] });
      expect(errorOf(await t.gql(MERGE, { keepId: '424242', mergeIds: [dup.id] })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'keepId' });
      expect(errorOf(await t.gql(MERGE, { keepId: p.official, mergeIds: [dup.id, '424242'] })).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'mergeIds.1' });
      expect(errorOf(await t.gql(MERGE, { keepId: p.official, mergeIds: [] })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'mergeIds' }] });
      expect(await countRows(t.dataSource, 'participant')).toBe(before);
      expect(ok(await t.gql(`{ participant(id: "${dup.id}") { name } }`)).participant).toEqual({ name: 'SAO 1' });
    });

    it('deletes a participant nothing refers to, and refuses one that speaks (CONFLICT)', async () => {
      expect(errorOf(await t.gql(`mutation { deleteParticipant(id: "${p.official}") }`)).extensions.code).toBe('CONFLICT');
      expect(errorOf(await t.gql(`mutation { deleteParticipant(id: "${p.videgaray}") }`)).extensions.code).toBe('CONFLICT');
      expect(ok(await t.gql(`mutation { deleteParticipant(id: "${p.operator}") }`)).deleteParticipant).toBe(p.operator);
      expect(ok(await t.gql(`{ participant(id: "${p.operator}") { id } }`)).participant).toBeNull();
      expect(errorOf(await t.gql(`mutation { deleteParticipant(id: "${p.operator}") }`)).extensions).toMatchObject({ code: 'NOT_FOUND', path: 'id' });
    });
  });
});
