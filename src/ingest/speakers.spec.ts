import type { ParsedPerson } from './ingest.types';
import {
  addJournalistFirstNames,
  anonymousOfficialOrdinals,
  buildSpeakers,
  findIntroductions,
  findRelayedQuestioners,
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

describe('questioners introduced in other ways', () => {
  it.each<[string, string, Array<{ name: string; outlet: string }>]>([
    ['the outlet first', "I'd like to call on Associated Press, Colleen Long, for the first question.", [{ name: 'Colleen Long', outlet: 'Associated Press' }]],
    ['a name, an outlet and a country before "will be asking"', '(As interpreted.) David Cochrane, CBC, from Canada, will be asking to Prime Minister Trudeau.', [{ name: 'David Cochrane', outlet: 'CBC' }]],
    ['"of the outlet will pose a question"', 'Sara Pablo of the Formula Group will pose a question to the President.', [{ name: 'Sara Pablo', outlet: 'Formula Group' }]],
    ['two reporters called by first name are not an outlet and a name', "I'll call on Jake, Kaitlan next.", []],
  ])('%s', (_case, text, expected) => {
    expect(findIntroductions(text).map(({ name, outlet }) => ({ name, outlet }))).toEqual(expected);
  });

  it('finds reporters whose questions another relays, not the one asking', () => {
    expect(findRelayedQuestioners('Thanks, Jen.  A couple questions on behalf of the print pool.  Jessie Hellmann with Modern Healthcare wanted to know: when?').map((r) => [r.name, r.outlet])).toEqual([
      ['Jessie Hellmann', 'Modern Healthcare'],
    ]);
    expect(findRelayedQuestioners('Okay.  And Tommy Christopher from Mediaite had a question on the filibuster.').map((r) => r.name)).toEqual(['Tommy Christopher']);
    expect(findRelayedQuestioners('I wanted to ask about the meeting with Mexico.')).toEqual([]);
  });

  it('keeps the floor with the reporter introduced until the moderator speaks again', () => {
    const r = buildSpeakers([
      { label: 'PRESIDENT BIDEN', paragraphs: ["I'd like to call on Associated Press, Colleen Long."] },
      { label: 'Q', paragraphs: ['Thanks, Mr. President.'] },
      { label: 'PRESIDENT BIDEN', paragraphs: ['We are working on it with Mexico.'] },
      { label: 'Q', paragraphs: ['And on the border?'] },
      { label: 'MODERATOR', paragraphs: ['Now a question from the Mexican press.'] },
      { label: 'Q', paragraphs: ['Good afternoon.'] },
    ]);
    expect(r.turnSpeakerKeys).toEqual(['speaker:biden', 'journalist:colleen-long', 'speaker:biden', 'journalist:colleen-long', 'speaker:moderator', 'speaker:q']);
    expect(r.relayed).toEqual([]);
  });

  it('marks a speaker whose words are interpreted', () => {
    const r = buildSpeakers([
      { label: 'PRESIDENT BIDEN', paragraphs: ['Thank you.'] },
      { label: 'PRESIDENT LÓPEZ OBRADOR', paragraphs: ['(As interpreted.) Thank you, President Biden.'] },
    ]);
    expect(r.speakers.map((s) => [s.name, s.cues.includes('speaks:interpreted')])).toEqual([
      ['Biden', false],
      ['López Obrador', true],
    ]);
  });

  it('names a moderator who gives their name, and only then', () => {
    const named = buildSpeakers([
      { label: 'MODERATOR', paragraphs: ['Good afternoon.  This call is on the record.'] },
      { label: 'MR. GONZALEZ', paragraphs: ['Thanks, Kedenard.'] },
      { label: 'MODERATOR', paragraphs: ['And if any questions, feel free to email me, Kedenard Raymond at the NSC press team.'] },
    ]);
    expect(named.speakers[0]).toMatchObject({ key: 'speaker:moderator', name: 'Kedenard Raymond', surname: 'Raymond', role: 'MODERATOR', anonymous: false, country: 'US' });
    const anonymous = buildSpeakers([{ label: 'MODERATOR', paragraphs: ['This is [senior administration official].  Thanks, everyone.'] }]);
    expect(anonymous.speakers[0]).toMatchObject({ name: 'Moderator', anonymous: true });
  });
});

describe('anonymousOfficialOrdinals: several officials under one label', () => {
  const SAO = 'SENIOR ADMINISTRATION OFFICIAL';
  const t = (label: string, text = '...') => ({ label, paragraphs: [text] });
  const ordinals = (turns: Array<{ label: string; paragraphs: string[] }>) =>
    anonymousOfficialOrdinals(turns, (label) => parseLabel(label));

  it.each<[string, Array<{ label: string; paragraphs: string[] }>, number[]]>([
    ['one official: all theirs', [t('MODERATOR'), t(SAO), t('Q'), t(SAO)], [0, 1, 0, 1]],
    ['two opening statements one after the other, then the lead answers', [t('MODERATOR'), t(SAO), t(SAO), t('MODERATOR'), t('Q'), t(SAO), t('Q'), t(SAO)], [0, 1, 2, 0, 0, 1, 0, 1]],
    ['a hand-off in the questions is the next official', [t('MODERATOR'), t(SAO), t(SAO), t('Q'), t(SAO), t(SAO)], [0, 1, 2, 0, 1, 2]],
    [
      'the moderator announces two, who speak apart',
      [t('MODERATOR', 'We have [senior administration official] and [senior administration official] with us.'), t(SAO, 'I will turn it over to my colleague.'), t('MODERATOR', 'Thanks.'), t(SAO)],
      [0, 1, 0, 2],
    ],
    ['numbered labels are people already', [t('SENIOR ADMINISTRATION OFFICIAL ONE'), t('SENIOR ADMINISTRATION OFFICIAL TWO')], [0, 0]],
  ])('%s', (_case, turns, expected) => {
    expect(ordinals(turns)).toEqual(expected);
  });

  it('makes separate people with their own keys and the label as attribution', () => {
    const r = buildSpeakers([t('MODERATOR'), t(SAO), t(SAO), t('Q'), t(SAO)]);
    expect(r.turnSpeakerKeys).toEqual(['speaker:moderator', 'speaker:senior-administration-official', 'speaker:senior-administration-official-2', 'speaker:q', 'speaker:senior-administration-official']);
    expect(r.speakers.filter((s) => s.role === 'OFFICIAL').map((s) => [s.name, s.attribution])).toEqual([
      ['Senior Administration Official', 'Senior Administration Official'],
      ['Senior Administration Official (2)', 'Senior Administration Official'],
    ]);
  });
});
