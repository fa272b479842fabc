import { DEFAULT_TOPICS } from './default-topics';
import type { ParsedBriefing } from './ingest.types';
import { parseBriefing } from './parse-briefing';

const HEADER = 'Special Briefing\nSenior State Department Officials\nWashington, DC\nFebruary 21, 2017\n\n';

function meetings(body: string): Array<ParsedBriefing['meetings'][number] & { names: string[][] }> {
  const r = parseBriefing(HEADER + body, { topics: DEFAULT_TOPICS });
  const people = new Map([...r.speakers, ...r.mentioned].map((p) => [p.key, p.surname ?? p.name]));
  return r.meetings.map((m) => ({ ...m, names: m.sides.map((s) => s.personKeys.map((k) => people.get(k)!)) }));
}

describe('meetings', () => {
  it('finds a past call with its date resolved against the briefing date and both sides', () => {
    const [m] = meetings('SENIOR STATE DEPARTMENT OFFICIAL: They will meet Mexico President Enrique Pena Nieto. The visit is a result of the conversation between President Trump and President Pena Nieto on January 27th. In that hour-long call, they discussed trade.');
    expect(m).toMatchObject({ kind: 'PHONE_CALL', status: 'HELD', date: '2017-01-27' });
    expect(m.sides.map((s) => s.country)).toEqual(['US', 'MX']);
    expect(m.names).toEqual([['Trump'], ['Pena Nieto']]);
    expect(m.topics).toContain('economy');
    expect(m.span.quote).toBe('the conversation between President Trump and President Pena Nieto on January 27th.');
  });

  it('splits a phone call and a meeting named in one sentence and resolves "the two"', () => {
    const ms = meetings(
      "SENIOR STATE DEPARTMENT OFFICIAL: The visit builds on the talks that Secretary Tillerson and Foreign Secretary Videgaray began on the phone on Secretary Tillerson's first full day in office on February 2nd, and then a meeting the two held here in Washington on February 8th.",
    );
    expect(ms.map((m) => [m.kind, m.status, m.date, m.location])).toEqual([
      ['PHONE_CALL', 'HELD', '2017-02-02', null],
      ['IN_PERSON', 'HELD', '2017-02-08', 'Washington'],
    ]);
    expect(ms[1].names).toEqual([['Tillerson'], ['Videgaray']]);
  });

  it('finds planned meetings, resolves "They" to the previous subject and keeps counterparts apart', () => {
    const ms = meetings(
      'SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson and Secretary Kelly will meet up in Mexico City for meetings together with Mexican President Pena Nieto. In addition to the meetings with President Pena Nieto, Secretaries Kelly and Tillerson will also meet with Secretary of National Defense General Cienfuegos and Secretary of the Navy Admiral Soberon. They will also meet with the Mexican Secretary of Government Osorio.',
    );
    expect(ms.map((m) => [m.status, m.location, m.names])).toEqual([
      ['PLANNED', 'Mexico City', [['Tillerson', 'Kelly'], ['Pena Nieto']]],
      ['PLANNED', null, [['Kelly', 'Tillerson'], ['Cienfuegos', 'Soberon']]],
      ['PLANNED', null, [['Kelly', 'Tillerson'], ['Osorio']]],
    ]);
  });

  it('merges repeated mentions of one meeting', () => {
    const ms = meetings(
      'SENIOR STATE DEPARTMENT OFFICIAL: President Trump and President Pena Nieto spoke by phone on January 27th.\n\nQUESTION: And?\n\nSENIOR STATE DEPARTMENT OFFICIAL: After the President spoke by phone on the 27th, they agreed to talk again.',
    );
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ date: '2017-01-27', status: 'HELD' });
  });

  it('ignores questions, negations and the briefing call itself', () => {
    expect(
      meetings(
        "MODERATOR: Thanks for joining this call.\n\nQUESTION: Will Secretary Tillerson meet President Pena Nieto tomorrow?\n\nSENIOR STATE DEPARTMENT OFFICIAL: We're not going to speculate on presidential visits with President Pena Nieto.",
      ),
    ).toEqual([]);
  });

  it('dates a meeting with "tomorrow" and a place', () => {
    const [m] = meetings("MR. SPICER: The President will meet with Mexico's Foreign Secretary Luis Videgaray tomorrow at Mar-a-Lago.");
    expect(m).toMatchObject({ status: 'PLANNED', date: '2017-02-22', location: 'Mar-a-Lago', kind: 'IN_PERSON' });
  });
});
