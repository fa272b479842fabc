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
  ])('%s', (line, label) => expect(matchLabel(line)?.label).toBe(label));

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

  it('reports when there are no labels at all', () => {
    const { seg, list } = turns('A statement.\n\nAnother paragraph.');
    expect(list).toEqual([]);
    expect(seg.firstLabelLine).toBeNull();
  });
});
