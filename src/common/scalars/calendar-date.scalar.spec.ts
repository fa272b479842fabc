import { Kind } from 'graphql';
import { CalendarDate, isCalendarDate } from './calendar-date.scalar';

describe('Date scalar', () => {
  it('accepts real calendar days only', () => {
    expect(isCalendarDate('2017-02-21')).toBe(true);
    expect(isCalendarDate('2016-02-29')).toBe(true);
    expect(isCalendarDate('2017-02-29')).toBe(false);
    expect(isCalendarDate('2017-2-21')).toBe(false);
    expect(isCalendarDate('2017-02-21T00:00:00Z')).toBe(false);
    expect(isCalendarDate(20170221)).toBe(false);
  });

  it('parses literals and variables, refusing others with BAD_USER_INPUT', () => {
    expect(CalendarDate.parseLiteral({ kind: Kind.STRING, value: '2017-01-27' }, {})).toBe('2017-01-27');
    expect(CalendarDate.parseValue('2017-01-27')).toBe('2017-01-27');
    expect(() => CalendarDate.parseValue('yesterday')).toThrow(/YYYY-MM-DD/);
    try {
      CalendarDate.parseValue('2017-13-01');
    } catch (error) {
      expect((error as { extensions: unknown }).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    }
  });

  it('serialises strings as they are and Date objects as their UTC day', () => {
    expect(CalendarDate.serialize('2017-02-21')).toBe('2017-02-21');
    expect(CalendarDate.serialize(new Date('2017-02-21T23:00:00Z'))).toBe('2017-02-21');
  });
});
