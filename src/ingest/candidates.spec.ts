import { DEFAULT_TOPICS } from './default-topics';
import type { ParsedCandidate } from './ingest.types';
import { parseBriefing } from './parse-briefing';

const HEADER = 'Special Briefing\nSenior Administration Officials\nWashington, DC\nFebruary 21, 2017\n\n';

function candidates(body: string): ParsedCandidate[] {
  const r = parseBriefing(HEADER + body, { topics: DEFAULT_TOPICS });
  for (const c of r.candidates) expect(r.statements[c.span.statementIndex].text.slice(c.span.start, c.span.end)).toBe(c.span.quote);
  return r.candidates;
}

const party = (c: ParsedCandidate) => c.parties.map((p) => p.organization?.acronym ?? p.organization?.name ?? p.country);

describe('commitment candidates', () => {
  it('proposes an action with its obligated organisation and a directive with both countries', () => {
    const cs = candidates(
      'SENIOR ADMINISTRATION OFFICIAL TWO: So to that end, the Department of Homeland Security will undergo a review and provide that information back to the President as directed. President Trump and Mexican President Pena Nieto also instructed their teams to continue the dialogue.',
    );
    expect(cs.map((c) => [c.kind, c.span.quote, party(c)])).toEqual([
      ['ACTION', 'the Department of Homeland Security will undergo a review and provide that information back to the President as directed', ['DHS']],
      ['DIRECTIVE', 'President Trump and Mexican President Pena Nieto also instructed their teams to continue the dialogue', ['US', 'MX']],
    ]);
    expect(cs[0].cue).toBe('will:will');
    expect(cs[1].cue).toMatch(/^directive:instructed their teams to continue/);
  });

  it('reads kinds: meeting, goal, and the "the two nations" party', () => {
    const cs = candidates(
      'SENIOR ADMINISTRATION OFFICIAL ONE: Secretary Tillerson and Secretary Kelly will meet up in Mexico City. The visit will focus on security; migration, with the goal of sharply reducing irregular migration to the United States. They discussed the need for the two nations to work together to stop drug cartels.',
    );
    expect(cs.map((c) => c.kind)).toEqual(['MEETING', 'ACTION', 'GOAL', 'GOAL']);
    expect(cs[2].span.quote).toBe('with the goal of sharply reducing irregular migration to the United States');
    expect(cs[2].topics.map((t) => t.slug)).toEqual(['migration']);
    expect(party(cs[3])).toEqual(['US', 'MX']);
  });

  it('reads due dates with their precision', () => {
    const cs = candidates(
      'SENIOR ADMINISTRATION OFFICIAL: We will deliver the report by September. The two countries will expand cooperation on energy this year. We will post a transcript tomorrow.',
    );
    expect(cs.map((c) => [c.dueDate, c.dueDatePrecision])).toEqual([
      ['2017-09-30', 'MONTH'],
      ['2017-12-31', 'YEAR'],
      ['2017-02-22', 'DAY'],
    ]);
    expect(cs[2].kind).toBe('PROCEDURAL');
  });

  it('takes topics from an "On <topic>," paragraph cue', () => {
    const [c] = candidates('SENIOR ADMINISTRATION OFFICIAL: On border management, we have common interest in discussing cooperation on critical issues.');
    expect(c.topics).toEqual([{ slug: 'border', cue: 'cue:On border management,' }]);
    expect(c.cue).toMatch(/^agenda:/);
  });

  it('never proposes questions, operator instructions, hand-offs, negations or agentless futures', () => {
    expect(
      candidates(
        [
          'MODERATOR: So with that, I\'ll hand it over to our first speaker. Our second speaker will be the official.',
          'OPERATOR: You will hear a tone indicating you\'ve been placed in queue. And our first question will come from the line of Nick Wadhams with Bloomberg News.',
          'QUESTION: How will they confront that issue? Will the secretaries plan to discuss that with their counterparts?',
          "SENIOR ADMINISTRATION OFFICIAL: We're not going to speculate on that. These are long-standing issues that are going to be discussed. Trade will certainly come up. There will be areas that we don't agree on. I don't want to speculate.",
        ].join('\n\n'),
      ),
    ).toEqual([]);
  });

  it('types promises to follow up as procedural and does not propose "we\'ll see"', () => {
    const cs = candidates("MR. TONER: I'll check on that and get back to you. We'll see what happens.");
    expect(cs.map((c) => [c.kind, c.span.quote])).toEqual([['PROCEDURAL', "I'll check on that and get back to you"]]);
  });

  it('does not propose speech acts, schedule logistics or nouns', () => {
    expect(
      candidates(
        "SENIOR ADMINISTRATION OFFICIAL: I want to acknowledge the threats. The delegation will arrive at Mar-a-Lago at 5:00 p.m. He will be, obviously, heading for the airport. I'd like to introduce the Secretary to talk about the plan to repeal the law. We will have more on that.",
      ),
    ).toEqual([]);
  });

  it('splits independent clauses and drops restatements', () => {
    const cs = candidates(
      'SENIOR ADMINISTRATION OFFICIAL: We expect to address cooperation against heroin trafficking, and we will continue to support the Merida Initiative.\n\nQUESTION: Why?\n\nSENIOR ADMINISTRATION OFFICIAL: The presidents talked and instructed their teams to continue the dialogue in a constructive way. I would echo that: they instructed their teams to continue the dialogue in a constructive way.',
    );
    expect(cs.map((c) => c.span.quote)).toEqual([
      'We expect to address cooperation against heroin trafficking',
      'we will continue to support the Merida Initiative',
      'The presidents talked and instructed their teams to continue the dialogue in a constructive way',
    ]);
  });

  it('scores confidence in 0..1 and gives a short title', () => {
    const [c] = candidates('SENIOR ADMINISTRATION OFFICIAL: And so, we remain committed to working with Mexico in these key areas.');
    expect(c.confidence).toBeGreaterThan(0.5);
    expect(c.confidence).toBeLessThanOrEqual(1);
    expect(c.title).toBe('We remain committed to working with Mexico in these key areas');
  });
});
