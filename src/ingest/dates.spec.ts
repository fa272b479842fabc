import { detectTense, findDateMentions, findDueDate, isValidIsoDate, parseAbsoluteDate } from './dates';

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
