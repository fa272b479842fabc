import { classifyHeaderLine, parseClock, parseHeader } from './header';
import { normaliseText, splitLines } from './normalise';

function header(text: string) {
  const lines = splitLines(normaliseText(text).text);
  return parseHeader(lines);
}

describe('parseHeader', () => {
  it('reads a State Department special briefing header and skips the site banner', () => {
    const r = header(
      [
        'UNITED24 - Make a charitable donation in support of Ukraine!',
        '',
        'Homeland Security',
        '',
        "Background Briefing Previewing Secretary Tillerson and DHS Secretary Kelly's Travel to Mexico",
        '',
        'Special Briefing',
        'Senior Administration Officials',
        'Via Teleconference',
        'Washington, DC',
        'February 21, 2017',
        '',
      ].join('\n'),
    );
    expect(r.header).toEqual({
      title: "Background Briefing Previewing Secretary Tillerson and DHS Secretary Kelly's Travel to Mexico",
      kind: 'Special Briefing',
      date: '2017-02-21',
      location: 'Washington, DC',
      medium: 'Via Teleconference',
      attribution: 'Senior Administration Officials',
      startTime: null,
      endTime: null,
      sourceUrl: null,
      heldOn: null,
    });
    expect(r.titleLine).toBe(4);
    expect(r.bodyStartLine).toBe(4);
  });

  it('reads a daily press briefing header with the spokesperson on two lines and a start time', () => {
    const r = header(
      ['Mark C. Toner', 'Deputy Department Spokesperson', 'Daily Press Briefing', 'Washington, DC', 'March 2, 2017', '', 'TRANSCRIPT:', '2:18 p.m. EST'].join('\n'),
    );
    expect(r.header.kind).toBe('Daily Press Briefing');
    expect(r.header.title).toBe('Daily Press Briefing');
    expect(r.header.attribution).toBe('Mark C. Toner, Deputy Department Spokesperson');
    expect(r.header.location).toBe('Washington, DC');
    expect(r.header.date).toBe('2017-03-02');
    expect(r.header.startTime).toBe('14:18');
    expect(r.bodyStartLine).toBe(0);
  });

  it('reads a date in parentheses and a comma-separated attribution line', () => {
    const r = header(['Department Press Briefing (March 2, 2017)', '', 'Mark C. Toner, Deputy Department Spokesperson, Washington, DC'].join('\n'));
    expect(r.header.title).toBe('Department Press Briefing (March 2, 2017)');
    expect(r.header.kind).toBe('Department Press Briefing');
    expect(r.header.date).toBe('2017-03-02');
    expect(r.header.attribution).toBe('Mark C. Toner, Deputy Department Spokesperson');
    expect(r.header.location).toBe('Washington, DC');
  });

  it('reads a White House background press call header', () => {
    const r = header(
      [
        'The White House',
        'Office of the Press Secretary',
        'For Immediate Release',
        'February 21, 2017',
        '',
        "Background Press Call by Senior Administration Officials on the President's Call with the President of Mexico",
        '',
        'Via Teleconference',
        '',
        '1:15 P.M. EST',
      ].join('\n'),
    );
    expect(r.header.kind).toBe('Background Press Call');
    expect(r.header.title).toMatch(/^Background Press Call by Senior Administration Officials/);
    expect(r.header.date).toBe('2017-02-21');
    expect(r.header.medium).toBe('Via Teleconference');
    expect(r.header.attribution).toBe('Senior Administration Officials');
    expect(r.header.startTime).toBe('13:15');
    expect(r.bodyStartLine).toBe(3);
  });

  it('reads a press gaggle header with an on-board location', () => {
    const r = header(
      ['Press Gaggle by Press Secretary Sean Spicer', 'Aboard Air Force One', 'En Route Palm Beach, Florida', 'February 17, 2017', '', '11:05 A.M. EST'].join('\n'),
    );
    expect(r.header.kind).toBe('Press Gaggle');
    expect(r.header.title).toBe('Press Gaggle by Press Secretary Sean Spicer');
    expect(r.header.location).toBe('Aboard Air Force One, En Route Palm Beach, Florida');
    expect(r.header.date).toBe('2017-02-17');
    expect(r.header.startTime).toBe('11:05');
  });
});

describe('parseHeader: labelled fields of a saved page', () => {
  const SAVED = [
    'Source: https://www.whitehouse.gov/briefing-room/press-briefings/2022/06/07/background-press-call/',
    'Title: Background Press Call by a Senior Administration Official on the Vice President\u2019s Engagements',
    'Date: 2022-06-07',
    '',
    'Via Teleconference',
    '',
    '(June 6, 2022)',
    '',
  ].join('\n');

  it('takes sourceUrl, title and date from Source:, Title: and Date: lines, not the address as the title', () => {
    const r = header(SAVED);
    expect(r.header.sourceUrl).toBe('https://www.whitehouse.gov/briefing-room/press-briefings/2022/06/07/background-press-call/');
    expect(r.header.title).toBe("Background Press Call by a Senior Administration Official on the Vice President's Engagements");
    expect(r.header.kind).toBe('Background Press Call');
    expect(r.header.attribution).toBe('Senior Administration Official');
    expect(r.header.date).toBe('2022-06-07');
    expect(r.header.medium).toBe('Via Teleconference');
    expect(r.publisher).toBe('US'); // a .gov address
  });

  it('keeps a different date in the text as the day the briefing was held', () => {
    expect(header(SAVED).header.heldOn).toBe('2022-06-06');
    expect(header(SAVED.replace('(June 6, 2022)', '(June 7, 2022)')).header.heldOn).toBeNull();
  });

  it('reads a bare address line as the source and ignores a Source: line that is not an address', () => {
    expect(header('https://www.state.gov/briefings/department-press-briefing-march-2-2017/\n\nDepartment Press Briefing\nMarch 2, 2017\n').header).toMatchObject({
      sourceUrl: 'https://www.state.gov/briefings/department-press-briefing-march-2-2017/',
      title: 'Department Press Briefing',
      date: '2017-03-02',
    });
    expect(header('Source: the White House press office\nTitle: Press Gaggle by Press Secretary Sean Spicer\n').header.sourceUrl).toBeNull();
  });

  it('names the most specific kind in a title and reads a venue line before the city as part of the location', () => {
    const r = header(['Title: Remarks by President Biden, Prime Minister Trudeau, and President L\u00f3pez Obrador in Joint Press Conference', '', 'National Palace', 'Mexico City, Mexico', '', '5:02 P.M. CST'].join('\n'));
    expect(r.header.kind).toBe('Joint Press Conference');
    expect(r.header.location).toBe('National Palace, Mexico City, Mexico');
    expect(header('James S. Brady Press Briefing Room\n\n1:06 P.M. EST').header).toMatchObject({ location: 'James S. Brady Press Briefing Room', kind: null });
  });
});

describe('classifyHeaderLine', () => {
  const line = (text: string) => classifyHeaderLine({ index: 0, start: 0, end: text.length, text });

  it('does not take a post for a city', () => {
    expect(line('Mark C. Toner, Deputy Department Spokesperson, Washington, DC').location).toBe('Washington, DC');
  });

  it('does not read "Via Teleconference" as the briefing kind', () => {
    const l = line('Via Teleconference');
    expect(l.kind).toBeNull();
    expect(l.medium).toBe('Via Teleconference');
    expect(l.fieldOnly).toBe(true);
  });
});

describe('parseClock', () => {
  it.each([
    ['1:15 P.M. EST', '13:15'],
    ['11:05 A.M. EST', '11:05'],
    ['12:30 p.m.', '12:30'],
    ['12:10 a.m.', '00:10'],
    ['3 p.m.', '15:00'],
  ])('%s -> %s', (s, t) => expect(parseClock(s)).toBe(t));

  it('rejects what is not a time', () => expect(parseClock('13:75 p.m.')).toBeNull());
});
