import { detectTense, findDateMentions, findDueDate, findTimeExpressions, isValidIsoDate, parseAbsoluteDate, periodRelation } from './dates';

describe('parseAbsoluteDate', () => {
  it.each([
    ['February 21, 2017', '2017-02-21'],
    ['Tuesday, February 21, 2017', '2017-02-21'],
    ['Department Press Briefing (March 2, 2017)', '2017-03-02'],
    ['Feb. 2, 2017', '2017-02-02'],
    ['21 February 2017', '2017-02-21'],
    ['Press Briefing by Press Secretary Sean Spicer, 2/21/2017, #15', '2017-02-21'],
    ['2017-02-21', '2017-02-21'],
    ['FEBRUARY 21, 2017', '2017-02-21'],
  ])('%s -> %s', (s, d) => expect(parseAbsoluteDate(s)).toBe(d));

  it('rejects impossible dates', () => {
    expect(parseAbsoluteDate('February 30, 2017')).toBeNull();
    expect(isValidIsoDate('2017-02-30')).toBe(false);
    expect(isValidIsoDate('2017-02-28')).toBe(true);
  });
});

describe('findDateMentions', () => {
  const ref = '2017-02-21';
  const one = (t: string, tense = detectTense(t)) => findDateMentions(t, ref, tense)[0]?.date ?? null;

  it('resolves month and day against the briefing date', () => {
    expect(one('the conversation between the presidents on January 27th')).toBe('2017-01-27');
    expect(one('a meeting the two held here in Washington on February 8th')).toBe('2017-02-08');
    expect(one('they will meet on February 23rd')).toBe('2017-02-23');
    expect(one('they will meet on January 10')).toBe('2018-01-10');
    expect(one('they met on December 12')).toBe('2016-12-12');
  });

  it('resolves a bare day of the month with the tense', () => {
    expect(one('after the President spoke by phone on the 27th')).toBe('2017-01-27');
    expect(one('they met here in Washington on the 8th')).toBe('2017-02-08');
    expect(one('they will meet on the 28th')).toBe('2017-02-28');
  });

  it('resolves relative days and weekdays', () => {
    expect(one('we will post a transcript tomorrow')).toBe('2017-02-22');
    expect(one('the memos that went out today')).toBe('2017-02-21');
    expect(one('he was in Brussels yesterday')).toBe('2017-02-20');
    expect(one('they will meet on Thursday')).toBe('2017-02-23');
    expect(one('they met last Friday')).toBe('2017-02-17');
  });

  it('leaves dates unresolved without a briefing date', () => {
    expect(findDateMentions('on January 27th', null, 'PAST')[0]).toMatchObject({ date: null, text: 'January 27th' });
  });
});

describe('findDueDate', () => {
  const ref = '2017-02-21';
  it.each([
    ['report by September', '2017-09-30', 'MONTH'],
    ['convene a dialogue by September 2017', '2017-09-30', 'MONTH'],
    ['sign an agreement in January', '2018-01-31', 'MONTH'],
    ['expand cooperation this year', '2017-12-31', 'YEAR'],
    ['finish by the end of the year', '2017-12-31', 'YEAR'],
    ['announce it by the end of the month', '2017-02-28', 'MONTH'],
    ['post a transcript tomorrow', '2017-02-22', 'DAY'],
    ['report back within 30 days', '2017-03-23', 'DAY'],
    ['deliver in the third quarter', '2017-09-30', 'QUARTER'],
    ['meet by March 15', '2017-03-15', 'DAY'],
    ['complete it in 2018', '2018-12-31', 'YEAR'],
  ])('%s -> %s (%s)', (t, date, precision) => expect(findDueDate(t, ref)).toMatchObject({ date, precision }));

  it('finds nothing when no deadline is stated', () => {
    expect(findDueDate('we will continue to work together', ref)).toBeNull();
  });
});

describe('detectTense', () => {
  it('reads future and past cues', () => {
    expect(detectTense('they will meet')).toBe('FUTURE');
    expect(detectTense("we'll discuss")).toBe('FUTURE');
    expect(detectTense('they met in Washington')).toBe('PAST');
    expect(detectTense('the talks began on the phone')).toBe('PAST');
  });
});

describe('findTimeExpressions (chrono-node, resolved against the briefing date)', () => {
  const first = (text: string, ref: string, tense = detectTense(text)) => {
    const t = findTimeExpressions(text, ref, tense)[0];
    return t ? [t.text, t.from, t.to, t.precision] : null;
  };

  it.each([
    // [text, briefing date, expected text, from, to, precision]
    ['the Vice President, tomorrow, will meet with leaders', '2022-06-08', 'tomorrow', '2022-06-09', '2022-06-09', 'DAY'],
    ['she will travel tomorrow, Tuesday, June 7', '2022-06-06', 'tomorrow', '2022-06-07', '2022-06-07', 'DAY'],
    ['a meeting he will hold on Friday', '2022-06-06', 'on Friday', '2022-06-10', '2022-06-10', 'DAY'],
    ['they met on Friday', '2022-06-08', 'on Friday', '2022-06-03', '2022-06-03', 'DAY'],
    ['she convened them virtually on April 29th', '2022-06-08', 'April 29th', '2022-04-29', '2022-04-29', 'DAY'],
    ['which will be June 6th through 10th in Los Angeles', '2022-01-20', 'June 6th through 10th', '2022-06-06', '2022-06-10', 'DAY'],
    ['we had dinner last night', '2023-11-17', 'last night', '2023-11-16', '2023-11-16', 'DAY'],
    ['the dialogue will meet next month', '2021-08-09', 'next month', '2021-09-01', '2021-09-30', 'MONTH'],
    ['an agreement to hold the dialogue in September', '2021-08-09', 'September', '2021-09-01', '2021-09-30', 'MONTH'],
    ['the President and the Prime Minister spoke last week', '2021-08-09', 'last week', '2021-07-30', '2021-08-05', 'WEEK'],
    ['when the Vice President held a roundtable last December', '2022-06-06', 'December', '2021-12-01', '2021-12-31', 'MONTH'],
    ['the democracy summit from December', '2022-01-20', 'December', '2021-12-01', '2021-12-31', 'MONTH'],
    ['she obviously talked to in late May', '2022-06-06', 'May', '2022-05-01', '2022-05-31', 'MONTH'],
    ['the third summit in 2001, in Canada', '2022-06-06', '2001', '2001-01-01', '2001-12-31', 'YEAR'],
    ['he launched at COP26 last year', '2022-06-08', 'last year', '2021-01-01', '2021-12-31', 'YEAR'],
    ['to see each other later in the summer', '2022-06-06', 'later in the summer', '2022-06-01', '2022-08-31', 'SEASON'],
  ])('%s (briefing %s) -> %s', (text, ref, said, from, to, precision) => expect(first(text, ref)).toEqual([said, from, to, precision]));

  it('skips clock times and texts with no time at all', () => {
    expect(findTimeExpressions('the call ended at 5:50 P.M.', '2022-06-08', 'PAST')).toEqual([]);
    expect(findTimeExpressions('they will meet with the foreign minister', '2022-06-08', 'FUTURE')).toEqual([]);
  });

  it('places a period before, around or after the briefing date', () => {
    const ref = '2021-08-09';
    const rel = (text: string) => periodRelation(findTimeExpressions(text, ref, detectTense(text))[0], ref);
    expect(rel('they spoke last week')).toBe('PAST');
    expect(rel('the dialogue will meet in September')).toBe('FUTURE');
    expect(rel('they will meet this week')).toBe('CURRENT');
  });
});

describe('detectTense', () => {
  it.each([
    ['I look forward to our discussion today', 'FUTURE'],
    ['he is holding a school summit', 'FUTURE'],
    ['the summit is coming up in about six weeks', 'FUTURE'],
    ['All that culminated in the summit later this year that produced over 50 deliverables', 'PAST'],
    ['what we would say is basically a new framework', 'UNKNOWN'],
    ['She went to her inauguration', 'PAST'],
  ])('%s -> %s', (text, tense) => expect(detectTense(text)).toBe(tense));
});
