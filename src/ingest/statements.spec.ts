import { classifyStatement, isProceduralSentence } from './statements';

describe('classifyStatement', () => {
  it('questioners ask questions and operators give instructions', () => {
    expect(classifyStatement('We will win.', 'JOURNALIST', false)).toBe('QUESTION');
    expect(classifyStatement('Please press *1 to ask a question.', 'OPERATOR', true)).toBe('PROCEDURAL');
  });

  it('hand-offs, thanks and queue management are procedural', () => {
    expect(classifyStatement('Great, thanks so much [Senior Official Two]. We\'ll hand it over to our operator to get some of your questions in. Thanks.', 'MODERATOR', false)).toBe(
      'PROCEDURAL',
    );
    expect(classifyStatement('Next question.', 'MODERATOR', true)).toBe('PROCEDURAL');
    expect(classifyStatement('[Senior Official One], do you want to take a first swing at that?', 'MODERATOR', true)).toBe('PROCEDURAL');
  });

  it('substance is a remark before the first question and an answer after it', () => {
    const text = 'On security, we expect to address cooperation against heroin trafficking.';
    expect(classifyStatement(text, 'OFFICIAL', false)).toBe('REMARK');
    expect(classifyStatement(text, 'OFFICIAL', true)).toBe('ANSWER');
  });

  it('recognises procedural sentences', () => {
    expect(isProceduralSentence('Time for just one or two more questions, please.')).toBe(true);
    expect(isProceduralSentence('The Secretary will travel to Mexico.')).toBe(false);
  });
});
