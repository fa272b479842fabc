import { DEFAULT_MIN_CONFIDENCE } from './commitment-model';
import { DEFAULT_TOPICS } from './default-topics';
import type { ParsedCandidate } from './ingest.types';
import { parseBriefing, parseBriefingDetailed } from './parse-briefing';

const HEADER = 'Special Briefing\nSenior Administration Officials\nWashington, DC\nFebruary 21, 2017\n\n';

/**
 * Candidates of a briefing body. `minConfidence` 0 proposes every sentence the rules leave to
 * the model: the span, kind, party and date rules are tested apart from the model's decision.
 */
function candidates(body: string, minConfidence: number | null = 0): ParsedCandidate[] {
  const r = parseBriefing(HEADER + body, { topics: DEFAULT_TOPICS, minConfidence });
  for (const c of r.candidates) expect(r.statements[c.span.statementIndex].text.slice(c.span.start, c.span.end)).toBe(c.span.quote);
  return r.candidates;
}

const party = (c: ParsedCandidate) => c.parties.map((p) => p.organization?.acronym ?? p.organization?.name ?? p.country);

describe('commitment candidates: span, kind, parties, dates', () => {
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
    const cs = candidates('SENIOR ADMINISTRATION OFFICIAL: We will deliver the report by September. The two countries will expand cooperation on energy this year. We will open the new crossing tomorrow.');
    expect(cs.map((c) => [c.dueDate, c.dueDatePrecision])).toEqual([
      ['2017-09-30', 'MONTH'],
      ['2017-12-31', 'YEAR'],
      ['2017-02-22', 'DAY'],
    ]);
  });

  it('takes topics from an "On <topic>," paragraph cue', () => {
    const [c] = candidates('SENIOR ADMINISTRATION OFFICIAL: On border management, we have common interest in discussing cooperation on critical issues.');
    expect(c.topics).toEqual([{ slug: 'border', cue: 'cue:On border management,' }]);
    expect(c.cue).toMatch(/^agenda:/);
  });

  it('proposes a whole sentence the span rules cannot place, its kind read from its main verb', () => {
    const [c] = candidates('SENIOR ADMINISTRATION OFFICIAL: This includes allowing asylum officers to adjudicate asylum claims and a dedicated asylum docket.');
    expect(c.span.quote).toBe('This includes allowing asylum officers to adjudicate asylum claims and a dedicated asylum docket');
    expect(c.cue).toMatch(/^model:/);
    expect(c.kind).toBe('ACTION');
  });

  it('splits independent clauses and drops restatements', () => {
    const cs = candidates(
      'SENIOR ADMINISTRATION OFFICIAL: We expect to address cooperation against heroin trafficking, and we will continue to support the Merida Initiative.\n\nQUESTION: Why?\n\nSENIOR ADMINISTRATION OFFICIAL: The presidents talked and instructed their teams to continue the dialogue in a constructive way. I would echo that: they instructed their teams to continue the dialogue in a constructive way.',
      DEFAULT_MIN_CONFIDENCE,
    );
    expect(cs.map((c) => c.span.quote)).toEqual([
      'We expect to address cooperation against heroin trafficking',
      'we will continue to support the Merida Initiative',
      'The presidents talked and instructed their teams to continue the dialogue in a constructive way',
    ]);
  });

  it('gives a short title', () => {
    const [c] = candidates('SENIOR ADMINISTRATION OFFICIAL: And so, we remain committed to working with Mexico in these key areas.');
    expect(c.title).toBe('We remain committed to working with Mexico in these key areas');
  });
});

describe('commitment candidates: what the model proposes', () => {
  it('proposes undertakings of governments at the default threshold, procedural ones between governments included', () => {
    const cs = candidates(
      [
        'SENIOR ADMINISTRATION OFFICIAL: The Department of Homeland Security will publish the rule by September.',
        'The two governments will set up a working group on migration.',
        'Secretary Tillerson will travel to Mexico City next week.',
        'The two leaders agreed to meet again in the fall.',
      ].join('\n\n'),
      null,
    );
    expect(cs.map((c) => c.kind)).toEqual(['ACTION', 'ACTION', 'MEETING', 'MEETING']);
    for (const c of cs) expect(c.confidence).toBeGreaterThanOrEqual(DEFAULT_MIN_CONFIDENCE);
  });

  it('never proposes talk about the call itself, whatever the threshold', () => {
    expect(
      candidates(
        [
          "MODERATOR: So with that, I'll hand it over to our first speaker. This call is on background and embargoed until 6:00 a.m. tomorrow. We'll take your questions after the remarks.",
          "SENIOR ADMINISTRATION OFFICIAL: I'll be brief. I'll walk you through the five pillars of the strategy. I'll check on that and get back to you. Again, we will send you a factsheet.",
          'MODERATOR: We will go to Seung Min next.',
        ].join('\n\n'),
        0,
      ),
    ).toEqual([]);
  });

  it('never proposes questions, operator instructions or journalists', () => {
    expect(
      candidates(
        [
          "OPERATOR: You will hear a tone indicating you've been placed in queue. And our first question will come from the line of Nick Wadhams with Bloomberg News.",
          'QUESTION: How will they confront that issue? We will want to know whether the secretaries plan to discuss that.',
          'SENIOR ADMINISTRATION OFFICIAL: Will the two countries meet again?',
        ].join('\n\n'),
        0,
      ),
    ).toEqual([]);
  });

  it('scores agentless or past sentences below the default threshold, future undertakings above', () => {
    const scored = (sentence: string) => parseBriefingDetailed(`${HEADER}SENIOR ADMINISTRATION OFFICIAL: ${sentence}`, { topics: DEFAULT_TOPICS }).sentences[0].probability;
    for (const low of ['Trade will certainly come up.', 'We think it is important.', 'We launched a task force on fentanyl trafficking last year.', 'Leaders will discuss whatever they want to discuss.']) {
      expect({ low, below: scored(low) < DEFAULT_MIN_CONFIDENCE }).toEqual({ low, below: true });
    }
    for (const high of ['We will launch a task force on fentanyl trafficking.', 'The United States will provide $50 million to support the program.']) {
      expect({ high, above: scored(high) >= DEFAULT_MIN_CONFIDENCE }).toEqual({ high, above: true });
    }
  });

  it('gives each candidate a calibrated confidence and its reasons; a higher minConfidence proposes a subset', () => {
    const body =
      'SENIOR ADMINISTRATION OFFICIAL: We will launch a task force on fentanyl trafficking. We expect the visit to be forward-looking. It is going to be a process. The two leaders agreed to meet again in the fall.';
    const all = candidates(body, 0);
    for (const c of all) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.reasons.length).toBeGreaterThan(0);
      for (const r of c.reasons) expect(r).toMatch(/^[\w:+-]+ [+-]\d+\.\d\d$/);
    }
    const sure = candidates(body, 0.8);
    expect(sure.length).toBeLessThan(all.length);
    expect(all.map((c) => c.span.quote)).toEqual(expect.arrayContaining(sure.map((c) => c.span.quote)));
    expect(candidates(body, null).length).toBe(all.filter((c) => c.confidence >= DEFAULT_MIN_CONFIDENCE).length);
  });

  it('refuses a minConfidence outside 0..1', () => {
    expect(() => parseBriefing(`${HEADER}MODERATOR: Hello.`, { topics: DEFAULT_TOPICS, minConfidence: 1.5 })).toThrow(/minConfidence must be a number from 0 to 1/);
  });
});
