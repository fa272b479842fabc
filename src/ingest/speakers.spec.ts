import type { ParsedPerson } from './ingest.types';
import {
  addJournalistFirstNames,
  buildSpeakers,
  findIntroductions,
  findSelfIntroduction,
  inferSpeakerOrganizations,
  parseLabel,
  resolveStandIns,
  titleCaseWords,
} from './speakers';

describe('parseLabel', () => {
  it('reads a named label with a courtesy title', () => {
    expect(parseLabel('MR. TONER')).toMatchObject({ anonymous: false, honorific: 'Mr.', surname: 'Toner', name: 'Toner', role: 'OFFICIAL' });
  });

  it('reads a named label with a post that is also an honorific', () => {
    expect(parseLabel('AMBASSADOR PASCUAL')).toMatchObject({ anonymous: false, honorific: 'Ambassador', post: 'Ambassador', surname: 'Pascual' });
  });

  it('reads a post and a two-word surname', () => {
    expect(parseLabel('PRESIDENT PENA NIETO (as interpreted)')).toMatchObject({ post: 'President', surname: 'Pena Nieto', anonymous: false });
    expect(parseLabel('SECRETARY TILLERSON')).toMatchObject({ post: 'Secretary', surname: 'Tillerson' });
  });

  it('reads a "NAME, POST" label', () => {
    expect(parseLabel('SEAN SPICER, WHITE HOUSE PRESS SECRETARY')).toMatchObject({ anonymous: false, name: 'Sean Spicer', surname: 'Sean Spicer', post: 'Press Secretary' });
  });

  it('makes one speaker of a fuller and a shorter label for the same person', () => {
    const r = buildSpeakers([
      { label: 'SEAN SPICER, WHITE HOUSE PRESS SECRETARY', paragraphs: ['Hello.'] },
      { label: 'SPICER', paragraphs: ['Again.'] },
    ]);
    expect(r.turnSpeakerKeys).toEqual(['speaker:sean-spicer', 'speaker:sean-spicer']);
    expect(r.speakers).toHaveLength(1);
  });

  it.each([
    ['MODERATOR', 'MODERATOR', 'Moderator'],
    ['OPERATOR', 'OPERATOR', 'Operator'],
    ['QUESTION', 'JOURNALIST', 'Unidentified questioner'],
    ['Q', 'JOURNALIST', 'Unidentified questioner'],
    ['SENIOR ADMINISTRATION OFFICIAL ONE', 'OFFICIAL', 'Senior Administration Official One'],
    ['SENIOR STATE DEPARTMENT OFFICIAL', 'OFFICIAL', 'Senior State Department Official'],
  ])('%s is anonymous (%s)', (label, role, name) => {
    expect(parseLabel(label)).toMatchObject({ anonymous: true, role, name });
  });

  it('title-cases names', () => {
    expect(titleCaseWords('MCMASTER')).toBe('McMaster');
    expect(titleCaseWords("O'BRIEN")).toBe("O'Brien");
    expect(titleCaseWords('PENA NIETO')).toBe('Pena Nieto');
  });
});

describe('questioner introductions', () => {
  it('reads an operator introduction', () => {
    expect(findIntroductions('And our first question will come from the line of Nick Wadhams with Bloomberg News. Please, go ahead.')).toEqual([
      expect.objectContaining({ name: 'Nick Wadhams', outlet: 'Bloomberg News' }),
    ]);
    expect(findIntroductions('Next we\'ll go to the line of Tracy Wilkinson with Los Angeles Times. Please go ahead.')[0]).toMatchObject({
      name: 'Tracy Wilkinson',
      outlet: 'Los Angeles Times',
    });
    expect(findIntroductions('And our next question comes from the line of Josh Lederman with the Associated Press.')[0].outlet).toBe('Associated Press');
    expect(findIntroductions("We'll go to Jorge Ramos from Univision.")[0]).toMatchObject({ name: 'Jorge Ramos', outlet: 'Univision' });
  });

  it('reads a host calling on the outlet first, and a moderator announcing who will ask', () => {
    expect(findIntroductions("I'd like to call on Associated Press, Colleen Long, for the first question.")).toEqual([
      expect.objectContaining({ name: 'Colleen Long', outlet: 'Associated Press' }),
    ]);
    expect(findIntroductions('(As interpreted.) David Cochrane, CBC, from Canada, will be asking to Prime Minister Trudeau.')[0]).toMatchObject({ name: 'David Cochrane', outlet: 'CBC' });
    expect(findIntroductions('Sara Pablo of the Formula Group will pose a question to the President.')[0]).toMatchObject({ name: 'Sara Pablo', outlet: 'Formula Group' });
    expect(findIntroductions('President Biden of the United States will ask Congress for funding.')).toEqual([]);
    expect(findIntroductions('The Americas Partnership of the President will have a launch.')).toEqual([]);
  });

  it('reads a self-introduction', () => {
    expect(findSelfIntroduction('Hi, Jorge Ramos here from Univision. My question is...')).toMatchObject({ name: 'Jorge Ramos', outlet: 'Univision' });
    expect(findSelfIntroduction('Yes, this is Anne Gearan with The Washington Post.')).toMatchObject({ name: 'Anne Gearan', outlet: 'The Washington Post' });
    expect(findSelfIntroduction('Thank you for doing this. Why now?')).toBeNull();
  });
});

describe('buildSpeakers', () => {
  const turns = [
    { label: 'MODERATOR', paragraphs: ['Thanks. Go ahead, [Senior Administration Official One].'] },
    { label: 'SENIOR ADMINISTRATION OFFICIAL ONE', paragraphs: ['From the State perspective, we will continue.'] },
    { label: 'OPERATOR', paragraphs: ['Our first question comes from the line of Nick Wadhams with Bloomberg News.'] },
    { label: 'QUESTION', paragraphs: ['Hi. Will they meet?'] },
    { label: 'SENIOR ADMINISTRATION OFFICIAL ONE', paragraphs: ['Yes.'] },
    { label: 'QUESTION', paragraphs: ['Hi, Jorge Ramos here from Univision. And the wall?'] },
    { label: 'QUESTION', paragraphs: ['A follow-up?'] },
  ];
  const r = buildSpeakers(turns);

  it('makes one person per label and one journalist per questioner', () => {
    expect(r.turnSpeakerKeys).toEqual([
      'speaker:moderator',
      'speaker:senior-administration-official-one',
      'speaker:operator',
      'journalist:nick-wadhams',
      'speaker:senior-administration-official-one',
      'journalist:jorge-ramos',
      // on an operator-run call an unintroduced question is a follow-up from the open line
      'journalist:jorge-ramos',
    ]);
    const wadhams = r.speakers.find((s) => s.key === 'journalist:nick-wadhams')!;
    expect(wadhams).toMatchObject({ role: 'JOURNALIST', surname: 'Wadhams', anonymous: false });
    expect(wadhams.organization).toMatchObject({ name: 'Bloomberg News', kind: 'NEWS_OUTLET', country: 'US' });
    expect(r.warnings).toEqual([]);
  });

  it('without an operator, gives an unintroduced question to the last questioner until the floor is handed on', () => {
    const conference = buildSpeakers([
      { label: 'PRESIDENT BIDEN', paragraphs: ["I'd like to call on Associated Press, Colleen Long, for the first question."] },
      { label: 'Q', paragraphs: ['Thanks, Mr. President. What is the right balance?'] },
      { label: 'PRESIDENT BIDEN', paragraphs: ['Your first question related to -'] },
      { label: 'Q', paragraphs: ['I asked if the -'] },
      { label: 'PRESIDENT BIDEN', paragraphs: ['The answer is: both extremes are wrong. Go ahead.'] },
      { label: 'Q', paragraphs: ['A question for the Prime Minister.'] },
    ]);
    expect(conference.turnSpeakerKeys).toEqual(['speaker:biden', 'journalist:colleen-long', 'speaker:biden', 'journalist:colleen-long', 'speaker:biden', 'speaker:q']);
    expect(conference.warnings).toEqual(['turn 5: questioner not identified']);
  });

  it('takes a question that opens with a greeting for a new questioner, not a follow-up', () => {
    const call = buildSpeakers([
      { label: 'MODERATOR', paragraphs: ['Sara Pablo of the Formula Group will pose a question.'] },
      { label: 'Q', paragraphs: ['Good afternoon. On migration?'] },
      { label: 'SENIOR ADMINISTRATION OFFICIAL', paragraphs: ['We are working on it.'] },
      { label: 'Q', paragraphs: ['Hi. Thank you for doing this. On trade?'] },
    ]);
    expect(call.turnSpeakerKeys.slice(1)).toEqual(['journalist:sara-pablo', 'speaker:senior-administration-official', 'speaker:q']);
  });

  it('leaves a question unattributed when nobody introduced the questioner', () => {
    const plain = buildSpeakers([
      { label: 'MR. TONER', paragraphs: ['Good afternoon.'] },
      { label: 'QUESTION', paragraphs: ['On Mexico?'] },
    ]);
    expect(plain.turnSpeakerKeys).toEqual(['speaker:toner', 'speaker:question']);
    expect(plain.speakers[1]).toMatchObject({ role: 'JOURNALIST', anonymous: true, name: 'Unidentified questioner' });
    expect(plain.warnings).toEqual(['turn 1: questioner not identified']);
  });

  it('resolves bracketed stand-ins and spelled-out forms as aliases, not people', () => {
    const speakers = buildSpeakers(turns).speakers;
    const found = resolveStandIns(speakers, ['Go ahead, [Senior Administration Official One].', 'Over to Senior Administration Official Number One.', 'Thanks, [Moderator].']);
    expect(found.map((f) => f.key)).toEqual(['speaker:senior-administration-official-one', 'speaker:senior-administration-official-one', 'speaker:moderator']);
    const one = speakers.find((s) => s.key === 'speaker:senior-administration-official-one')!;
    expect(one.aliases).toEqual(expect.arrayContaining(['[Senior Administration Official One]', 'Senior Administration Official Number One']));
    expect(speakers).toHaveLength(r.speakers.length);
  });

  it('infers an anonymous official\'s organisation from what they say', () => {
    const speakers: ParsedPerson[] = buildSpeakers(turns).speakers;
    inferSpeakerOrganizations(
      speakers,
      [{ speakerKey: 'speaker:senior-administration-official-one', text: 'From the State perspective, we will continue.', nearbyPersonOrg: () => null }],
      'US',
    );
    const one = speakers.find((s) => s.key === 'speaker:senior-administration-official-one')!;
    expect(one.organization?.name).toBe('U.S. Department of State');
    expect(one.country).toBe('US');
  });

  it('adds a journalist\'s first name as an alias when it is used as a vocative', () => {
    const speakers = buildSpeakers(turns).speakers;
    addJournalistFirstNames(speakers, ['Nick, I can jump in.']);
    expect(speakers.find((s) => s.key === 'journalist:nick-wadhams')!.aliases).toContain('Nick');
  });
});
