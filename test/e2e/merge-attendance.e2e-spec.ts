import { createTestApp, TestApp } from '../utils/create-test-app';
import { ok } from '../utils/gql-assert';

/** mergeParticipants moves outcome attendance too: a merged person's attendance is not lost. */
describe('Merging participants keeps meeting-outcome attendance (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('moves attendance to the kept record, once per outcome', async () => {
    const person = async (name: string) =>
      ok(await t.gql(`mutation { createParticipant(input: { name: "${name}", role: OFFICIAL, anonymous: false }) { id } }`)).createParticipant.id;
    const kept = await person('Luis Videgaray');
    const duplicate = await person('Luis Videgaray Caso');
    const other = await person('Miguel Osorio Chong');
    const meeting = ok(await t.gql('mutation { createMeeting(input: { title: "Foreign ministers", kind: IN_PERSON, status: PLANNED }) { id } }')).createMeeting.id;
    const log = async (summary: string, attendees: string[], heldOn: string) =>
      ok(await t.gql('mutation($i: LogMeetingOutcomeInput!) { logMeetingOutcome(input: $i) { id } }', { i: { meetingId: meeting, summary, heldOn, attendees } })).logMeetingOutcome.id;
    const first = await log('First session', [duplicate, other], '2017-02-23');
    const second = await log('Second session', [kept, duplicate], '2017-02-23');

    ok(await t.gql(`mutation { mergeParticipants(keepId: "${kept}", mergeIds: ["${duplicate}"]) { id } }`));

    const names = async (id: string) =>
      ok(await t.gql(`{ meetingOutcome(id: "${id}") { attendees { name } } }`)).meetingOutcome.attendees.map((a: any) => a.name).sort();
    expect(await names(first)).toEqual(['Luis Videgaray', 'Miguel Osorio Chong']);
    expect(await names(second)).toEqual(['Luis Videgaray']);
    expect(ok(await t.gql(`{ participant(id: "${duplicate}") { id } }`)).participant).toBeNull();
  });
});
