import { createTestApp, TestApp } from '../utils/create-test-app';
import { errorOf, ok } from '../utils/gql-assert';

/**
 * Speakers across briefings: a role label is a role in one briefing, never a person shared with
 * another; a named person is the same record only when name, post and country agree (a
 * president's spouse is not the president); a wrong merge is undone with splitParticipant.
 */
const INGEST = `mutation($input: IngestBriefingInput!) { ingestBriefing(input: $input) { briefing { id } created { participants } } }`;
const PEOPLE = `query($id: ID!) { briefing(id: $id) {
  speakers { id name role anonymous }
  mentionedParticipants { id name post aliases country { code } }
  statements(first: 50) { nodes { speakerLabel speaker { id } } }
} }`;
const MERGE = `mutation($keepId: ID!, $mergeIds: [ID!]!) { mergeParticipants(keepId: $keepId, mergeIds: $mergeIds) { id } }`;
const SPLIT = `mutation($id: ID!, $input: SplitParticipantInput!) { splitParticipant(id: $id, input: $input) { id name post aliases anonymous role } }`;

const CALL_A = `Background Press Call by Senior Administration Officials
June 6, 2022

MODERATOR:  Thanks, everyone, for joining.  This call is on background.

SENIOR ADMINISTRATION OFFICIAL:  Thank you.  President Biden will host President Andrés Manuel López Obrador of Mexico at the White House on Friday.

MODERATOR:  Thanks.  That ends the call.
`;

const CALL_B = `Background Press Call by a Senior Administration Official
July 12, 2022

MODERATOR:  Good afternoon, everyone.  This call is embargoed until tomorrow.

SENIOR ADMINISTRATION OFFICIAL:  Thanks.  First Lady Jill Biden will visit a school in Mexico City.  President Biden will speak with President López Obrador of Mexico on Tuesday.
`;

describe('Participants across briefings (e2e)', () => {
  let t: TestApp;
  const briefing: Record<string, string> = {};
  const people = async (id: string) => ok(await t.gql(PEOPLE, { id })).briefing;

  beforeAll(async () => {
    t = await createTestApp();
    briefing.a = ok(await t.gql(INGEST, { input: { text: CALL_A } })).ingestBriefing.briefing.id;
    briefing.b = ok(await t.gql(INGEST, { input: { text: CALL_B } })).ingestBriefing.briefing.id;
  });
  afterAll(async () => t?.close());

  it('makes the Moderator and the senior official of each briefing people of their own', async () => {
    const a = await people(briefing.a);
    const b = await people(briefing.b);
    const moderatorOf = (x: typeof a) => x.speakers.find((s: { role: string }) => s.role === 'MODERATOR');
    expect(moderatorOf(a)).toMatchObject({ name: 'Moderator', anonymous: true });
    expect(moderatorOf(b)).toMatchObject({ name: 'Moderator', anonymous: true });
    expect(moderatorOf(a).id).not.toBe(moderatorOf(b).id);
    const officialOf = (x: typeof a) => x.speakers.find((s: { role: string }) => s.role === 'OFFICIAL');
    expect(officialOf(a).id).not.toBe(officialOf(b).id);
  });

  it('keeps one record for a named person whose name, post and country agree', async () => {
    const a = await people(briefing.a);
    const b = await people(briefing.b);
    const named = (x: typeof a, surname: string) => x.mentionedParticipants.filter((p: { name: string }) => p.name.endsWith(surname));
    const [bidenA] = named(a, 'Biden');
    const presidentB = named(b, 'Biden').find((p: { post: string }) => p.post === 'President');
    expect(bidenA).toMatchObject({ post: 'President', country: { code: 'US' } });
    expect(presidentB.id).toBe(bidenA.id);
    // "President Andrés Manuel López Obrador of Mexico", then "President López Obrador of Mexico"
    expect(named(b, 'López Obrador')[0].id).toBe(named(a, 'López Obrador')[0].id);
    expect(named(a, 'López Obrador')[0]).toMatchObject({ name: 'Andrés Manuel López Obrador', country: { code: 'MX' } });
  });

  it("does not make the president's spouse an alias of the president", async () => {
    const b = await people(briefing.b);
    const bidens = b.mentionedParticipants.filter((p: { name: string }) => p.name.endsWith('Biden'));
    expect(bidens.map((p: { name: string; post: string }) => [p.name, p.post]).sort()).toEqual([
      ['Biden', 'President'],
      ['Jill Biden', 'First Lady'],
    ]);
    const president = bidens.find((p: { post: string }) => p.post === 'President');
    expect(president.aliases.join(' ')).not.toMatch(/Jill|First Lady/);
  });

  it('undoes a wrong merge of two briefings\' moderators with splitParticipant', async () => {
    const moderatorOf = async (id: string) => (await people(id)).speakers.find((s: { role: string }) => s.role === 'MODERATOR').id as string;
    const keep = await moderatorOf(briefing.a);
    const wrong = await moderatorOf(briefing.b);
    ok(await t.gql(MERGE, { keepId: keep, mergeIds: [wrong] }));
    expect(await moderatorOf(briefing.b)).toBe(keep);

    const split = ok(await t.gql(SPLIT, { id: keep, input: { briefingIds: [briefing.b], attribution: 'Moderator of the July call' } })).splitParticipant;
    expect(split).toMatchObject({ name: 'Moderator', role: 'MODERATOR', anonymous: true });
    expect(split.id).not.toBe(keep);
    // the turns of briefing B are the new record's, those of A stay
    const b = await people(briefing.b);
    const a = await people(briefing.a);
    const speakerOfModerator = (x: typeof a) => x.statements.nodes.filter((s: { speakerLabel: string }) => s.speakerLabel === 'MODERATOR').map((s: { speaker: { id: string } }) => s.speaker.id);
    expect(new Set(speakerOfModerator(b))).toEqual(new Set([split.id]));
    expect(new Set(speakerOfModerator(a))).toEqual(new Set([keep]));
  });

  it('moves a wrongly matched person mentioned in one briefing, with the aliases given', async () => {
    const b = await people(briefing.b);
    const president = b.mentionedParticipants.find((p: { post: string; name: string }) => p.post === 'President' && p.name.endsWith('Biden'));
    const jill = b.mentionedParticipants.find((p: { post: string }) => p.post === 'First Lady');
    // a staff member merges the spouse into the president by mistake, in a later briefing
    const c = ok(await t.gql(INGEST, { input: { text: 'MODERATOR:  Hello.\n\nSENIOR ADMINISTRATION OFFICIAL:  First Lady Jill Biden will travel to Ottawa on Monday.\n' } })).ingestBriefing.briefing.id;
    const jillInC = (await people(c)).mentionedParticipants.find((p: { post: string }) => p.post === 'First Lady');
    expect(jillInC.id).toBe(jill.id);
    ok(await t.gql(MERGE, { keepId: president.id, mergeIds: [jill.id] }));
    // undone for briefing C; her name and post given back
    const split = ok(await t.gql(SPLIT, { id: president.id, input: { briefingIds: [c], name: 'Jill Biden', post: 'First Lady', aliases: ['First Lady Jill Biden'] } })).splitParticipant;
    expect(split).toMatchObject({ name: 'Jill Biden', post: 'First Lady', aliases: ['First Lady Jill Biden'] });
    expect((await people(c)).mentionedParticipants.map((p: { id: string }) => p.id)).toEqual([split.id]);
    const kept = ok(await t.gql(`{ participant(id: "${president.id}") { name post aliases } }`)).participant;
    expect(kept).toMatchObject({ name: 'Biden', post: 'President' });
    expect(kept.aliases).not.toContain('First Lady Jill Biden');
  });

  it.each([
    ['an unknown participant', () => ({ id: '999999', input: { briefingIds: [briefing.a] } }), 'NOT_FOUND', 'id'],
    ['a malformed id', () => ({ id: 'x', input: { briefingIds: [briefing.a] } }), 'BAD_USER_INPUT', 'id'],
    ['an unknown briefing', () => ({ id: '1', input: { briefingIds: ['999999'] } }), 'NOT_FOUND', 'input.briefingIds.0'],
    ['no briefing', () => ({ id: '1', input: { briefingIds: [] } }), 'BAD_USER_INPUT', undefined],
  ])('refuses %s with a coded error', async (_case, vars, code, path) => {
    const err = errorOf(await t.gql(SPLIT, vars()));
    expect(err.extensions.code).toBe(code);
    if (path) expect(JSON.stringify(err.extensions)).toContain(path);
  });

  it('refuses a split that moves nothing, or everything, and changes nothing', async () => {
    const a = await people(briefing.a);
    const official = a.speakers.find((s: { role: string }) => s.role === 'OFFICIAL');
    const nothing = errorOf(await t.gql(SPLIT, { id: official.id, input: { briefingIds: [briefing.b] } }));
    expect(nothing.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.briefingIds' }] });
    const everything = errorOf(await t.gql(SPLIT, { id: official.id, input: { briefingIds: [briefing.a] } }));
    expect(everything.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.briefingIds' }] });
    expect((await people(briefing.a)).speakers.find((s: { role: string }) => s.role === 'OFFICIAL').id).toBe(official.id);
  });
});
