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

describe('meetings by kind, date and status (briefing of 2017-02-21)', () => {
  // [statement, expected kind, status, date, location, event word in the title]
  it.each([
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson will host a breakfast with President Pena Nieto tomorrow.', 'IN_PERSON', 'PLANNED', '2017-02-22', null, 'Breakfast'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson and President Pena Nieto held a bilateral in Mexico City on February 2nd.', 'IN_PERSON', 'HELD', '2017-02-02', 'Mexico City', 'Bilateral'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson will attend the North American Leaders Summit on March 3rd.', 'IN_PERSON', 'PLANNED', '2017-03-03', null, 'North American Leaders Summit'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: The U.S.-Mexico High-Level Economic Dialogue will meet next month.', 'IN_PERSON', 'PLANNED', null, null, 'U.S.-Mexico High-Level Economic Dialogue'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Kelly spoke with Foreign Secretary Videgaray by phone last week.', 'PHONE_CALL', 'HELD', null, null, 'Phone call'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: The committee meeting with Foreign Secretary Videgaray and Secretary Tillerson will be in September.', 'IN_PERSON', 'PLANNED', null, null, 'Committee meeting'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson traveled to Mexico City on Monday.', 'VISIT', 'HELD', '2017-02-20', 'Mexico City', 'Visit'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson will travel to Mexico City on Thursday.', 'VISIT', 'PLANNED', '2017-02-23', 'Mexico City', 'Visit'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson met President Pena Nieto earlier today.', 'IN_PERSON', 'HELD', '2017-02-21', null, 'Meeting'],
    ['SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson will meet President Pena Nieto this afternoon.', 'IN_PERSON', 'PLANNED', '2017-02-21', null, 'Meeting'],
  ])('%s', (body, kind, status, date, location, event) => {
    const ms = meetings(body);
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ kind, status, date, location });
    expect(ms[0].title.startsWith(`${event}:`)).toBe(true);
  });

  it('keeps what the text only places in a month, week or year out of the date, but in the title and status', () => {
    const [m] = meetings('SENIOR STATE DEPARTMENT OFFICIAL: Secretary Tillerson and Foreign Secretary Videgaray agreed to hold the dialogue in September.');
    expect(m).toMatchObject({ status: 'PLANNED', date: null });
    expect(m.title).toContain('September 2017');
  });

  it('reads a journalist only for meetings stated as done, never for a guess', () => {
    expect(meetings('QUESTION: Will Secretary Tillerson meet President Pena Nieto in March?')).toEqual([]);
    const [m] = meetings('QUESTION: Secretary Tillerson met President Pena Nieto in Washington on February 8th. What came of it?');
    expect(m).toMatchObject({ status: 'HELD', date: '2017-02-08' });
  });

  it('makes sides of countries named as parties and of unnamed officials of the briefing government', () => {
    const [m] = meetings('SENIOR STATE DEPARTMENT OFFICIAL: The Vice President will host a roundtable with the government of Mexico on Friday.');
    expect(m.sides.map((s) => [s.country, s.personKeys.length])).toEqual([['US', 0], ['MX', 0]]);
    expect(m).toMatchObject({ status: 'PLANNED', date: '2017-02-24' });
  });

  it('merges "the summit" into the summit already named and keeps other summits apart', () => {
    const ms = meetings(
      'SENIOR STATE DEPARTMENT OFFICIAL: President Trump will attend the Summit of the Americas in Mexico City on April 13th. Secretary Tillerson will join the President at the summit. The last summit, which we attended in Washington in 2015, was different.',
    );
    expect(ms.map((m) => [m.status, m.date, m.location])).toEqual([
      ['PLANNED', '2017-04-13', 'Mexico City'],
      ['HELD', null, 'Washington'],
    ]);
    expect(ms[0].names.flat().sort()).toEqual(['Tillerson', 'Trump']);
  });
});

describe('meetings between leaders who address each other', () => {
  const REMARKS = 'Remarks by President Trump and President Pena Nieto Before Bilateral Meeting\nThe White House\nFebruary 21, 2017\n\n';
  const leaders = (body: string) => {
    const r = parseBriefing(REMARKS + body, { topics: DEFAULT_TOPICS });
    const people = new Map([...r.speakers, ...r.mentioned].map((p) => [p.key, p.surname ?? p.name]));
    return r.meetings.map((m) => ({ ...m, names: m.sides.flatMap((s) => s.personKeys.map((k) => people.get(k)!)).sort() }));
  };

  it('reads I, you and we as the speakers, and the occasion the title names as planned for the day', () => {
    const ms = leaders(
      "PRESIDENT TRUMP: Mr. President, I look forward to our discussion today. We had dinner last night. I was honored to meet you on one of my visits.\n\nPRESIDENT PENA NIETO: (As interpreted.) Thank you, Mr. President.",
    );
    // both speakers on every one (how the speakers' names and countries are read is not this test's concern)
    expect(ms.map((m) => [m.status, m.date, m.names.length, m.names.includes('Trump')])).toEqual([
      ['PLANNED', '2017-02-21', 2, true],
      ['HELD', '2017-02-20', 2, true],
      ['HELD', null, 2, true],
    ]);
    expect(ms[1].title.startsWith('Dinner:')).toBe(true);
  });
});
