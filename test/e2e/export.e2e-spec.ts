import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Role } from '../../src/common/security/role';
import { Commitment } from '../../src/commitments/commitment.entity';
import { todayIso } from '../../src/commitments/commitment-rules';
import { EXPORT_PARAMS } from '../../src/export/export-params';
import { ExportService } from '../../src/export/export.service';
import { compiledBuild } from '../utils/compiled-build';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

const ROOT = join(__dirname, '..', '..');
/** `npm run cli -- export` as a user runs it: the compiled build. */
const BUILD = compiledBuild();

/** Text that breaks naive CSV: quotes, commas, line breaks, non-ASCII (accents, CJK, emoji). */
const TRICKY = 'He said "we will, together",\nthen left; Peña Nieto — 日本 🇲🇽';

const COMMITMENTS = `query($filter: CommitmentFilter, $orderBy: CommitmentOrder) {
  commitments(first: 100, filter: $filter, orderBy: $orderBy) {
    nodes {
      id title text kind status dueDate dueDatePrecision overdue complianceScore
      topics { slug } parties { organization { name } country { code } status }
      sources { quote statement { id briefing { id } } }
      version createdBy createdAt updatedAt
    }
  }
}`;

const STATEMENTS = `query($filter: StatementFilter) {
  statements(first: 100, filter: $filter) {
    nodes { id briefing { id date title } turnIndex paragraphIndex kind speaker { id name organization { name } } speakerLabel topics { slug } text }
  }
}`;

const MEETINGS = `query($filter: MeetingFilter) {
  meetings(first: 100, filter: $filter) {
    nodes { id title kind status date location dialogue { id } topics { slug } participants { participant { name } side { code } role } createdAt updatedAt }
  }
}`;

/** A CSV export parsed back with a real RFC 4180 parser: header, then one object per record. */
function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: false, relax_quotes: false, record_delimiter: '\r\n' });
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

describe('Export (e2e)', () => {
  let t: TestApp;
  const topic: Record<string, string> = {};
  const org: Record<string, string> = {};
  const person: Record<string, string> = {};
  let dialogue: string;
  let briefing: string;
  let statements: { id: string; text: string }[];

  let analystToken: string;
  /** A GET with an ANALYST token: reading is all an export needs. */
  const get = (path: string, query: Record<string, unknown> = {}) =>
    request(t.app.getHttpServer()).get(path).set('authorization', `Bearer ${analystToken}`).query(query);
  const gql = async (query: string, variables: Record<string, unknown> = {}) => ok(await t.gql(query, variables));

  beforeAll(async () => {
    t = await createTestApp();
    analystToken = await t.tokenFor('analyst', Role.ANALYST);
    for (const x of (await gql('{ topics { id slug } }')).topics) topic[x.slug] = x.id;
    dialogue = (await gql('{ dialogues { id } }')).dialogues[0].id;
    const createOrg = async (key: string, input: Record<string, unknown>) =>
      (org[key] = (await gql('mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }', { input })).createOrganization.id);
    await createOrg('state', { name: 'Department of State', acronym: 'DOS', kind: 'GOVERNMENT', countryCode: 'US' });
    await createOrg('sre', { name: 'Secretaría de Relaciones Exteriores', acronym: 'SRE', kind: 'GOVERNMENT', countryCode: 'MX' });
    await createOrg('bloomberg', { name: 'Bloomberg News', kind: 'NEWS_OUTLET', countryCode: null });
    const createPerson = async (key: string, input: Record<string, unknown>) =>
      (person[key] = (await gql('mutation($input: CreateParticipantInput!) { createParticipant(input: $input) { id } }', { input })).createParticipant.id);
    await createPerson('tillerson', { name: 'Rex Tillerson', honorific: 'Secretary', post: 'Secretary of State', organizationId: org.state, countryCode: 'US', role: 'OFFICIAL' });
    await createPerson('videgaray', { name: 'Luis Videgaray', post: 'Foreign Secretary', organizationId: org.sre, countryCode: 'MX', role: 'OFFICIAL', aliases: ['Videgaray'] });
    await createPerson('wadhams', { name: 'Nick Wadhams', organizationId: org.bloomberg, role: 'JOURNALIST' });
    await createPerson('official', { name: 'Senior Administration Official One', post: 'Secretary of State', organizationId: org.state, role: 'OFFICIAL', anonymous: true });

    const b = await gql('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id statements(first: 100) { nodes { id text } } } }', {
      input: {
        title: 'Background Briefing, "Mexico"',
        kind: 'Background Briefing',
        date: '2017-02-21',
        location: 'Washington, DC',
        medium: 'Via Teleconference',
        sourceUrl: 'https://example.org/briefing',
        dialogueId: dialogue,
        statements: [
          { speakerId: person.official, speakerLabel: 'SENIOR ADMINISTRATION OFFICIAL ONE', text: 'On security, we will cooperate on the border, "closely".', topicIds: [topic.security] },
          { speakerId: person.wadhams, kind: 'QUESTION', text: `Will you meet Videgaray? ${TRICKY}` },
          { speakerId: person.tillerson, kind: 'ANSWER', text: 'Yes, we will meet the Foreign Secretary in Mexico City.', topicIds: [topic['foreign-policy'], topic.migration] },
          { speakerLabel: 'OPERATOR', kind: 'PROCEDURAL', text: 'That concludes the call.' },
        ],
      },
    });
    briefing = b.createBriefing.id;
    statements = b.createBriefing.statements.nodes;
    await gql('mutation($input: CreateBriefingInput!) { createBriefing(input: $input) { id } }', {
      input: { title: 'Readout', date: '2017-03-01', statements: [{ speakerId: person.videgaray, text: 'México revisará el tratado de aguas.' }] },
    });

    const commit = async (input: Record<string, unknown>) =>
      (await gql('mutation($input: CreateCommitmentInput!) { createCommitment(input: $input) { id } }', { input: { kind: 'ACTION', ...input } })).createCommitment.id;
    const quote = (i: number, start: number, end: number) => ({ statementId: statements[i].id, start, end, quote: statements[i].text.slice(start, end) });
    await commit({ title: 'Cooperate on border security', text: TRICKY, topicIds: [topic.security, topic.border], parties: [{ organizationId: org.state }, { country: 'MX' }], sources: [quote(0, 0, 12), quote(2, 5, 12)], dueDate: '2001-01-01', dialogueId: dialogue });
    await commit({ title: 'Meet the Foreign Secretary', text: 'We will meet, in Mexico City.', kind: 'MEETING', topicIds: [topic['foreign-policy']], parties: [{ country: 'US' }], sources: [quote(2, 0, 20)], dueDate: '2017-02-23' });
    await commit({ title: 'Review the water treaty', text: 'México revisará el tratado.', kind: 'GOAL', parties: [{ organizationId: org.sre }] });
    await t.dataSource.query(`UPDATE commitment SET status = 'FULFILLED' WHERE title = 'Meet the Foreign Secretary'`);

    const meet = async (input: Record<string, unknown>) =>
      (await gql('mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }', { input: { kind: 'IN_PERSON', ...input } })).createMeeting.id;
    await meet({
      title: 'Tillerson, Kelly meet "Peña Nieto"',
      date: '2017-02-23',
      location: 'Ciudad de México',
      dialogueId: dialogue,
      topicIds: [topic.security, topic.migration],
      participants: [{ participantId: person.tillerson, sideCode: 'US', role: 'head of delegation' }, { participantId: person.videgaray, sideCode: 'MX' }],
    });
    await meet({ title: 'Phone call', kind: 'PHONE_CALL', status: 'HELD', date: '2017-01-27', participants: [{ participantId: person.videgaray }] });
    await meet({ title: 'Undated visit', kind: 'VISIT' });
  }, 60_000);
  afterAll(async () => t.close());

  it('accepts exactly the filter fields of the API (the GraphQL filter inputs, nested ones as a.b), plus orderBy and direction', async () => {
    const fieldsOf = async (name: string): Promise<string[]> => {
      const type = (await gql(`{ __type(name: "${name}") { inputFields { name type { kind name } } } }`)).__type;
      const names = await Promise.all(
        type.inputFields.map(async (f: any) => (f.type.kind === 'INPUT_OBJECT' ? (await fieldsOf(f.type.name)).map((sub) => `${f.name}.${sub}`) : [f.name])),
      );
      return names.flat().sort();
    };
    for (const [kind, name] of [['commitments', 'CommitmentFilter'], ['statements', 'StatementFilter'], ['meetings', 'MeetingFilter']] as const) {
      const exported = Object.entries(EXPORT_PARAMS[kind].fields).flatMap(([n, type]) =>
        typeof type === 'object' && 'fields' in type ? Object.keys(type.fields).map((sub) => `${n}.${sub}`) : [n],
      );
      expect({ kind, fields: exported.sort() }).toEqual({ kind, fields: await fieldsOf(name) });
    }
  });

  describe('CSV', () => {
    it('exports commitments as RFC 4180 that parses back to exactly what the API says', async () => {
      const res = await get('/export/commitments.csv');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(res.headers['content-disposition']).toBe('attachment; filename="commitments.csv"');
      expect(res.text.startsWith('id,title,text,kind,status,due_date,')).toBe(true);
      expect(res.text.endsWith('\r\n')).toBe(true);
      const api = (await gql(COMMITMENTS)).commitments.nodes;
      expect(api).toHaveLength(3);
      expect(parseCsv(res.text)).toEqual(
        api.map((c: any) => ({
          id: c.id,
          title: c.title,
          text: c.text,
          kind: c.kind,
          status: c.status,
          due_date: cell(c.dueDate),
          due_date_precision: c.dueDatePrecision,
          overdue: String(c.overdue),
          compliance_score: cell(c.complianceScore),
          // Commitment.dialogue is not in the API: only the first commitment was given one.
          dialogue_id: c.title === 'Cooperate on border security' ? dialogue : '',
          topics: c.topics.map((x: any) => x.slug).join('; '),
          parties: c.parties.map((p: any) => `${p.organization?.name ?? p.country.code} (${p.status})`).join('; '),
          source_briefing_ids: [...new Set(c.sources.map((s: any) => s.statement.briefing.id))].join('; '),
          source_statement_ids: c.sources.map((s: any) => s.statement.id).join('; '),
          source_quotes: c.sources.map((s: any) => s.quote).join('\n'),
          version: String(c.version),
          created_by: c.createdBy,
          created_at: c.createdAt,
          updated_at: c.updatedAt,
        })),
      );
      // The tricky text survived byte for byte, and it was quoted on the wire.
      expect(parseCsv(res.text)[0].text).toBe(TRICKY);
      expect(res.text).toContain('"He said ""we will, together"",\nthen left; Peña Nieto — 日本 🇲🇽"');
      expect(parseCsv(res.text)[0]).toMatchObject({ overdue: 'true', parties: 'Department of State (ANNOUNCED); MX (ANNOUNCED)', topics: 'security; border' });
    });

    it('filters and orders like the API, from query parameters', async () => {
      const cases: [Record<string, unknown>, Record<string, unknown>][] = [
        [{ status: 'FULFILLED' }, { filter: { status: ['FULFILLED'] } }],
        [{ status: 'ANNOUNCED,FULFILLED', kind: ['ACTION', 'GOAL'] }, { filter: { status: ['ANNOUNCED', 'FULFILLED'], kind: ['ACTION', 'GOAL'] } }],
        [{ topic: topic.security }, { filter: { topic: topic.security } }],
        [{ party: 'MX' }, { filter: { party: 'MX' } }],
        [{ party: org.sre }, { filter: { party: org.sre } }],
        [{ overdue: 'true' }, { filter: { overdue: true } }],
        [{ search: 'PEÑA' }, { filter: { search: 'PEÑA' } }],
        [{ briefing }, { filter: { briefing } }],
        [{ dialogue, dueBefore: '2017-12-31' }, { filter: { dialogue, dueBefore: '2017-12-31' } }],
        [{ orderBy: 'DUE_DATE', direction: 'DESC' }, { orderBy: { field: 'DUE_DATE', direction: 'DESC' } }],
        [{ 'statusAt.date': todayIso(), 'statusAt.status': 'ANNOUNCED' }, { filter: { statusAt: { date: todayIso(), status: ['ANNOUNCED'] } } }],
        [{ search: 'nothing says this' }, { filter: { search: 'nothing says this' } }],
      ];
      for (const [params, variables] of cases) {
        const ids = parseCsv((await get('/export/commitments.csv', params).expect(200)).text).map((r) => r.id);
        expect({ params, ids }).toEqual({ params, ids: (await gql(COMMITMENTS, variables)).commitments.nodes.map((c: any) => c.id) });
      }
      // An empty export is still a header.
      expect((await get('/export/commitments.csv', { search: 'nothing says this' })).text).toMatch(/^id,title,[^\r\n]*updated_at\r\n$/);
    });

    it('exports statements with their briefing, speaker and topics', async () => {
      const csv = parseCsv((await get('/export/statements.csv').expect(200)).text);
      const api = (await gql(STATEMENTS)).statements.nodes;
      expect(api).toHaveLength(5);
      expect(csv).toEqual(
        api.map((s: any) => ({
          id: s.id,
          briefing_id: s.briefing.id,
          briefing_date: s.briefing.date,
          briefing_title: s.briefing.title,
          turn_index: String(s.turnIndex),
          paragraph_index: String(s.paragraphIndex),
          kind: s.kind,
          speaker_id: cell(s.speaker?.id),
          speaker_name: cell(s.speaker?.name),
          speaker_label: cell(s.speakerLabel),
          speaker_organization: cell(s.speaker?.organization?.name),
          topics: s.topics.map((x: any) => x.slug).join('; '),
          text: s.text,
        })),
      );
      expect(csv[1]).toMatchObject({ briefing_title: 'Background Briefing, "Mexico"', speaker_organization: 'Bloomberg News', kind: 'QUESTION' });
      expect(csv[4].text).toBe('México revisará el tratado de aguas.');
      for (const filter of [{ speaker: person.tillerson }, { kind: 'QUESTION' }, { from: '2017-02-22' }, { to: '2017-02-21', topic: topic.security }, { briefing }]) {
        const ids = parseCsv((await get('/export/statements.csv', filter).expect(200)).text).map((r) => r.id);
        expect(ids).toEqual((await gql(STATEMENTS, { filter })).statements.nodes.map((s: any) => s.id));
        expect(ids.length).toBeGreaterThan(0);
      }
    });

    it('exports meetings with their participants, sides and topics', async () => {
      const csv = parseCsv((await get('/export/meetings.csv').expect(200)).text);
      const api = (await gql(MEETINGS)).meetings.nodes;
      expect(csv).toEqual(
        api.map((m: any) => ({
          id: m.id,
          title: m.title,
          kind: m.kind,
          status: m.status,
          date: cell(m.date),
          location: cell(m.location),
          dialogue_id: cell(m.dialogue?.id),
          topics: m.topics.map((x: any) => x.slug).join('; '),
          participants: m.participants
            .map((p: any) => `${p.participant.name}${[p.side?.code, p.role].filter(Boolean).length ? ` (${[p.side?.code, p.role].filter(Boolean).join(', ')})` : ''}`)
            .join('; '),
          created_at: m.createdAt,
          updated_at: m.updatedAt,
        })),
      );
      expect(csv.map((m) => m.title)).toEqual(['Phone call', 'Tillerson, Kelly meet "Peña Nieto"', 'Undated visit']);
      expect(csv[1].participants).toBe('Rex Tillerson (US, head of delegation); Luis Videgaray (MX)');
      const held = parseCsv((await get('/export/meetings.csv', { status: 'HELD' }).expect(200)).text);
      expect(held.map((m) => m.title)).toEqual(['Phone call']);
      const byTopic = parseCsv((await get('/export/meetings.csv', { topic: topic.migration, participant: person.videgaray }).expect(200)).text);
      expect(byTopic.map((m) => m.location)).toEqual(['Ciudad de México']);
    });
  });

  describe('Popolo JSON', () => {
    it('exports statements as speeches, with the events, persons, organizations, memberships, posts and areas they refer to', async () => {
      const res = await get('/export/statements.json', { briefing }).expect(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const doc = res.body;
      expect(Object.keys(doc)).toEqual(['meta', 'speeches', 'events', 'persons', 'organizations', 'memberships', 'posts', 'areas']);
      expect(doc.meta).toMatchObject({ kind: 'statements', format: 'popolo', filter: { briefing } });
      expect(doc.speeches).toHaveLength(4);
      expect(doc.speeches[1]).toEqual({
        id: `speech/${statements[1].id}`,
        creator_id: `person/${person.wadhams}`,
        attribution_text: 'NICK WADHAMS', // the label createBriefing gives a named speaker
        event_id: `briefing/${briefing}`,
        date: '2017-02-21',
        type: 'question',
        kind: 'QUESTION',
        turn: 1,
        paragraph: 0,
        text: statements[1].text,
        topics: [],
      });
      expect(doc.speeches[3]).toMatchObject({ creator_id: null, attribution_text: 'OPERATOR', type: 'other' });
      expect(doc.events).toEqual([
        {
          id: `briefing/${briefing}`,
          name: 'Background Briefing, "Mexico"',
          classification: 'briefing',
          type: 'Background Briefing',
          start_date: '2017-02-21',
          location: 'Washington, DC',
          medium: 'Via Teleconference',
          sources: [{ url: 'https://example.org/briefing' }],
          text_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ]);
      expect(doc.persons.map((p: any) => p.name)).toEqual(['Rex Tillerson', 'Nick Wadhams', 'Senior Administration Official One']);
      expect(doc.persons[0]).toEqual({
        id: `person/${person.tillerson}`,
        name: 'Rex Tillerson',
        honorific_prefix: 'Secretary',
        other_names: [],
        national_identity: 'US',
        role: 'OFFICIAL',
        anonymous: false,
        attribution: null,
      });
      expect(doc.organizations).toEqual([
        { id: `organization/${org.state}`, name: 'Department of State', other_names: [{ name: 'DOS', note: 'acronym' }], classification: 'GOVERNMENT', area_id: 'country/US' },
        { id: `organization/${org.bloomberg}`, name: 'Bloomberg News', other_names: [], classification: 'NEWS_OUTLET', area_id: null },
      ]);
      const post = `post/${org.state}/secretary%20of%20state`;
      expect(doc.memberships).toEqual([
        { id: `membership/${person.tillerson}`, person_id: `person/${person.tillerson}`, organization_id: `organization/${org.state}`, post_id: post, role: 'OFFICIAL', label: 'Secretary of State' },
        { id: `membership/${person.wadhams}`, person_id: `person/${person.wadhams}`, organization_id: `organization/${org.bloomberg}`, post_id: null, role: 'JOURNALIST', label: null },
        { id: `membership/${person.official}`, person_id: `person/${person.official}`, organization_id: `organization/${org.state}`, post_id: post, role: 'OFFICIAL', label: 'Secretary of State' },
      ]);
      // Two people hold the same post: it is listed once.
      expect(doc.posts).toEqual([{ id: post, label: 'Secretary of State', organization_id: `organization/${org.state}` }]);
      expect(doc.areas).toEqual([{ id: 'country/US', name: 'United States', identifier: 'US', classification: 'country' }]);
    });

    it('exports commitments with the speeches they quote and everything those refer to; every reference resolves', async () => {
      const doc = (await get('/export/commitments.json').expect(200)).body;
      expect(Object.keys(doc)).toEqual(['meta', 'commitments', 'speeches', 'events', 'persons', 'organizations', 'memberships', 'posts', 'areas']);
      const api = (await gql(COMMITMENTS)).commitments.nodes;
      expect(doc.commitments.map((c: any) => c.id)).toEqual(api.map((c: any) => `commitment/${c.id}`));
      expect(doc.commitments[0]).toMatchObject({
        title: 'Cooperate on border security',
        text: TRICKY,
        overdue: true,
        compliance_score: null,
        topics: ['security', 'border'],
        parties: [
          { organization_id: `organization/${org.state}`, area_id: null, status: 'ANNOUNCED' },
          { organization_id: null, area_id: 'country/MX', status: 'ANNOUNCED' },
        ],
        sources: [
          { speech_id: `speech/${statements[0].id}`, start: 0, end: 12, quote: 'On security,' },
          { speech_id: `speech/${statements[2].id}`, start: 5, end: 12, quote: 'we will' },
        ],
        version: 1,
      });
      expect(doc.commitments[1]).toMatchObject({ status: 'FULFILLED', compliance_score: 1, overdue: false });
      expect(doc.speeches.map((s: any) => s.id)).toEqual([`speech/${statements[0].id}`, `speech/${statements[2].id}`]);
      const ids = (key: string) => new Set(doc[key].map((x: any) => x.id));
      const [persons, organizations, events, speeches, posts, areas] = ['persons', 'organizations', 'events', 'speeches', 'posts', 'areas'].map(ids);
      for (const c of doc.commitments) {
        for (const p of c.parties) expect(p.organization_id ? organizations.has(p.organization_id) : areas.has(p.area_id)).toBe(true);
        for (const s of c.sources) expect(speeches.has(s.speech_id)).toBe(true);
      }
      for (const s of doc.speeches) {
        expect(events.has(s.event_id)).toBe(true);
        if (s.creator_id) expect(persons.has(s.creator_id)).toBe(true);
      }
      for (const m of doc.memberships) {
        expect(persons.has(m.person_id) && organizations.has(m.organization_id)).toBe(true);
        if (m.post_id) expect(posts.has(m.post_id)).toBe(true);
      }
      for (const o of doc.organizations) if (o.area_id) expect(areas.has(o.area_id)).toBe(true);
      expect([...organizations].sort()).toEqual([`organization/${org.state}`, `organization/${org.sre}`].sort());
      expect([...areas].sort()).toEqual(['country/MX', 'country/US']);
    });

    it('exports meetings as events with attendees and sides', async () => {
      const doc = (await get('/export/meetings.json', { orderBy: 'TITLE', direction: 'DESC' }).expect(200)).body;
      expect(Object.keys(doc)).toEqual(['meta', 'events', 'persons', 'organizations', 'memberships', 'posts', 'areas']);
      expect(doc.events.map((e: any) => e.name)).toEqual(['Undated visit', 'Tillerson, Kelly meet "Peña Nieto"', 'Phone call']);
      expect(doc.events[1]).toMatchObject({
        classification: 'meeting',
        type: 'IN_PERSON',
        status: 'PLANNED',
        start_date: '2017-02-23',
        location: 'Ciudad de México',
        attendees: [
          { person_id: `person/${person.tillerson}`, side: 'country/US', role: 'head of delegation' },
          { person_id: `person/${person.videgaray}`, side: 'country/MX', role: null },
        ],
        topics: ['security', 'migration'],
      });
      expect(doc.persons.map((p: any) => p.name)).toEqual(['Rex Tillerson', 'Luis Videgaray']);
      expect(doc.persons[1].other_names).toEqual([{ name: 'Videgaray' }]);
      expect(doc.organizations.map((o: any) => o.name)).toEqual(['Department of State', 'Secretaría de Relaciones Exteriores']);
    });

    it('writes an empty export as empty lists', async () => {
      const doc = (await get('/export/meetings.json', { search: 'nothing says this' }).expect(200)).body;
      expect(doc).toMatchObject({ events: [], persons: [], organizations: [], memberships: [], posts: [], areas: [] });
    });
  });

  describe('errors', () => {
    it('answers a bad parameter with 400 and BAD_USER_INPUT naming each field, as the API does', async () => {
      const res = await get('/export/commitments.csv', { status: 'DONE', overdue: 'maybe', colour: 'red' }).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body.errors[0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fields: [
          { path: 'filter.status', message: expect.stringContaining('"DONE" is not one of') },
          { path: 'filter.overdue', message: 'must be true or false' },
          { path: 'colour', message: expect.stringContaining('is not a filter of commitments') },
        ],
      });
      // A malformed id is refused by the service's own filter code, before anything is written.
      const badId = await get('/export/statements.json', { speaker: 'abc' }).expect(400);
      expect(badId.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.speaker' }] });
      const badParty = await get('/export/commitments.csv', { party: 'not a party' }).expect(400);
      expect(badParty.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'filter.party' }] });
    });

    it('answers 401 UNAUTHENTICATED without a valid token, and writes no export', async () => {
      for (const authorization of [null, 'Bearer nope', `Bearer ${analystToken.slice(0, -1)}x`]) {
        const req = request(t.app.getHttpServer()).get('/export/commitments.csv');
        const res = await (authorization ? req.set('authorization', authorization) : req).expect(401);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(res.body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED' });
      }
    });

    it('answers an unknown kind or format with 404 NOT_FOUND', async () => {
      for (const path of ['/export/topics.csv', '/export/commitments.xml', '/export/commitments']) {
        const res = await get(path).expect(404);
        expect(res.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
      }
    });
  });

  describe('streaming, at a few thousand rows', () => {
    const BULK = 2500;
    beforeAll(async () => {
      const now = new Date();
      const rows = Array.from({ length: BULK }, (_, i) => ({
        title: `Bulk commitment ${i}, "quoted"`,
        text: `Line one of ${i}\nline two, ñ`,
        kind: 'ACTION',
        status: 'ANNOUNCED',
        dueDate: null,
        dueDatePrecision: 'NONE',
        dialogueId: null,
        version: 1,
        createdBy: 'bulk',
        createdAt: now,
        updatedAt: now,
      }));
      for (let i = 0; i < rows.length; i += 250) {
        await t.dataSource.createQueryBuilder().insert().into(Commitment).values(rows.slice(i, i + 250) as Partial<Commitment>[]).updateEntity(false).execute();
      }
    }, 60_000);

    it('reads the rows in batches of 1000 from the list query, chunked on the wire, and every row comes back', async () => {
      t.sql.reset();
      t.sql.recording = true;
      const res = await get('/export/commitments.csv').expect(200);
      t.sql.recording = false;
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      // One keyset page query a batch (LIMIT first+1), never a query for everything.
      const onCommitments = t.sql.recorded.filter((q) => /FROM ("\w+"\.)?"?commitment"? "?c"?\b/i.test(q));
      expect(onCommitments).toHaveLength(3);
      expect(onCommitments.every((q) => /LIMIT 1001/i.test(q))).toBe(true);
      const rows = parseCsv(res.text);
      expect(rows).toHaveLength(BULK + 3);
      const ids = rows.map((r) => Number(r.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(new Set(ids).size).toBe(ids.length);
      expect(rows.at(-1)).toMatchObject({ title: `Bulk commitment ${BULK - 1}, "quoted"`, text: `Line one of ${BULK - 1}\nline two, ñ` });
    });

    it('reads a batch only when the previous one has been taken', async () => {
      const exported = await t.app.get(ExportService).open('commitments', 'json', { status: 'ANNOUNCED' });
      expect(exported.stats).toEqual({ rows: 1000, batches: 1 }); // opening reads the first batch (to fail early)
      const chunks = exported.chunks[Symbol.asyncIterator]();
      const taken: string[] = [];
      for (let i = 0; i < 4; i++) taken.push((await chunks.next()).value); // meta, the array's start, batch 1, batch 2
      expect(exported.stats).toEqual({ rows: 2000, batches: 2 });
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) taken.push(next.value);
      expect(exported.stats.batches).toBe(3);
      const doc = JSON.parse(taken.join(''));
      expect(doc.commitments).toHaveLength(BULK + 2); // the bulk rows and the two ANNOUNCED ones
    });

    it('`npm run cli -- export` writes the same bytes as GET /export, to a file', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-export-'));
      try {
        const out = join(dir, 'fulfilled.csv');
        const run = spawnSync(
          process.execPath,
          [BUILD.cli, 'export', 'commitments', '--format', 'csv', '--out', out, '--filter', 'status=FULFILLED,STALLED', '--filter', 'orderBy=DUE_DATE'],
          { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 },
        );
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toMatch(/^1 commitments exported to .*fulfilled\.csv \(1 batch\(es\), [\d.]+ s\)\n$/);
        const res = await get('/export/commitments.csv', { status: ['FULFILLED', 'STALLED'], orderBy: 'DUE_DATE' }).expect(200);
        expect(readFileSync(out, 'utf8')).toBe(res.text);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 130_000);

    it('`npm run cli -- export` refuses a bad filter with the fields and exit code 1', () => {
      const run = spawnSync(
        process.execPath,
        [BUILD.cli, 'export', 'meetings', '--format', 'json', '--filter', 'status=LOST'],
        { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'error', NODE_ENV: 'test' }, encoding: 'utf8', timeout: 120_000 },
      );
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('filter.status: "LOST" is not one of PLANNED, HELD, POSTPONED, CANCELLED');
    }, 130_000);
  });
});
