import { normaliseText, splitLines } from './normalise';
import { matchLabel, segmentTurns } from './turns';

function turns(text: string) {
  const n = normaliseText(text);
  const seg = segmentTurns(splitLines(n.text));
  return {
    seg,
    list: seg.turns.map((t) => ({ label: t.label, paragraphs: t.paragraphs.map((p) => n.text.slice(p.start, p.end)) })),
  };
}

describe('matchLabel', () => {
  it.each([
    ['MODERATOR: Thanks.', 'MODERATOR'],
    ['SENIOR ADMINISTRATION OFFICIAL ONE: Thank you.', 'SENIOR ADMINISTRATION OFFICIAL ONE'],
    ['MR. TONER: Good afternoon.', 'MR. TONER'],
    ['AMBASSADOR PASCUAL: Thanks, Mark.', 'AMBASSADOR PASCUAL'],
    ['QUESTION: Why?', 'QUESTION'],
    ['PRESIDENT PEÑA NIETO (as interpreted): Gracias.', 'PRESIDENT PEÑA NIETO (as interpreted)'],
    ['Q    Sean, a question.', 'Q'],
    ['Q: A question.', 'Q'],
    ['A    An answer.', 'A'],
    ['SEAN SPICER, WHITE HOUSE PRESS SECRETARY: -- freezing', 'SEAN SPICER, WHITE HOUSE PRESS SECRETARY'],
    ['MR. McDONOUGH:  Thank you, Josh.', 'MR. McDONOUGH'],
    ['    MR TONER: Hey, everyone.', 'MR TONER'],
    ['5:19 P.M. EDT MODERATOR:  Thanks, everyone.', 'MODERATOR'],
    ['10:02 a.m. Q    A question.', 'Q'],
  ])('%s', (line, label) => expect(matchLabel(line)?.label).toBe(label));

  it('keeps a time stamp glued before a label out of the label and the content, and reads it', () => {
    const line = '5:19 P.M. EDT MODERATOR:  Thanks, everyone.';
    const m = matchLabel(line)!;
    expect(line.slice(m.labelOffset, m.contentOffset).trim()).toBe('MODERATOR:');
    expect(line.slice(m.contentOffset)).toBe('Thanks, everyone.');
    expect(m.time).toBe('17:19');
  });

  it.each(['A lot of people are asking.', 'TRANSCRIPT:', 'Mexico City: a note', 'http://example.gov/x', '2:18 p.m. EST', 'The MODERATOR: said'])(
    'ignores %s',
    (line) => expect(matchLabel(line)).toBeNull(),
  );
});

describe('segmentTurns', () => {
  it('continues a turn over unlabelled paragraphs and starts a new one at each label', () => {
    const { list } = turns('Title\n\nMODERATOR: One.\n\nTwo.\n\nQUESTION: Three?\nMR. TONER: Four.');
    expect(list).toEqual([
      { label: 'MODERATOR', paragraphs: ['One.', 'Two.'] },
      { label: 'QUESTION', paragraphs: ['Three?'] },
      { label: 'MR. TONER', paragraphs: ['Four.'] },
    ]);
  });

  it('makes two turns of the same label twice in a row', () => {
    const { list } = turns('MODERATOR: First.\n\nMODERATOR: Second.');
    expect(list.map((t) => t.label)).toEqual(['MODERATOR', 'MODERATOR']);
  });

  it('starts nothing at a label phrase inside a sentence', () => {
    const { list } = turns('MODERATOR: The person marked QUESTION: in our notes is a journalist, and OPERATOR: lines are instructions.');
    expect(list).toHaveLength(1);
  });

  it('ends the body at an END time mark and drops what follows', () => {
    const { list, seg } = turns('MR. SPICER: Thanks.\n\nQ    Sean?\n\nEND 1:45 P.M. EST\n\nRelated articles\nSomething else entirely.');
    expect(list.map((t) => t.label)).toEqual(['MR. SPICER', 'Q']);
    expect(seg.endTime).toBe('13:45');
  });

  it('ends the body at a "briefing was concluded" note', () => {
    const { list, seg } = turns('MR. TONER: Thanks.\n\nQUESTION: Thank you.\n\n(The briefing was concluded at 3:07 p.m.)');
    expect(list[1].paragraphs).toEqual(['Thank you.']);
    expect(seg.endTime).toBe('15:07');
  });

  it('drops page chrome after the last turn', () => {
    const { list } = turns('MODERATOR: Thanks, all.\n\nJoin the GlobalSecurity.org mailing list\n\nSome footer text.');
    expect(list).toEqual([{ label: 'MODERATOR', paragraphs: ['Thanks, all.'] }]);
  });

  it('takes a time stamp line after the last turn as the end time, not as a statement', () => {
    const { list, seg } = turns('MODERATOR: Thanks, everyone.\n\nQ    Thank you.\n\nMODERATOR: Bye.\n\n5:50 P.M. EDT');
    expect(list.map((t) => t.paragraphs)).toEqual([['Thanks, everyone.'], ['Thank you.'], ['Bye.']]);
    expect(seg.endTime).toBe('17:50');
  });

  it('drops a time stamp line between turns and reads one glued before the first label as the start time', () => {
    const { list, seg } = turns('5:19 P.M. EDT MODERATOR: Thanks, everyone.\n\n(6:02 P.M. EDT)\n\nOFFICIAL: Hello.');
    expect(list).toEqual([
      { label: 'MODERATOR', paragraphs: ['Thanks, everyone.'] },
      { label: 'OFFICIAL', paragraphs: ['Hello.'] },
    ]);
    expect(seg.startTime).toBe('17:19');
  });

  it('keeps a paragraph with a stray line break inside as one paragraph where paragraphs are separated by blank lines', () => {
    const body = Array.from({ length: 8 }, (_, i) => `Paragraph ${i} ends here.`).join('\n\n');
    const { list } = turns(`OFFICIAL: ${body}\n\nThe economies grew.\n(Speaks French.) (As interpreted.) Supply chains matter.\n\nQ    Next?`);
    expect(list[0].paragraphs).toHaveLength(9);
    expect(list[0].paragraphs[8]).toBe('The economies grew.\n(Speaks French.) (As interpreted.) Supply chains matter.');
    expect(list[1].label).toBe('Q');
  });

  it('joins a line that breaks off mid-sentence with one that goes on in lower case, and keeps lines one per paragraph otherwise', () => {
    const { list } = turns('OFFICIAL: There are 40 million Mexicans here, which\nstrengthens our bonds.\nThis is a new paragraph.\nAnd so is this.');
    expect(list[0].paragraphs).toEqual(['There are 40 million Mexicans here, which\nstrengthens our bonds.', 'This is a new paragraph.', 'And so is this.']);
  });

  it('reports when there are no labels at all', () => {
    const { seg, list } = turns('A statement.\n\nAnother paragraph.');
    expect(list).toEqual([]);
    expect(seg.firstLabelLine).toBeNull();
  });
});
