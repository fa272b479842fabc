import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { BadUserInputError, NotFoundError } from '../common/errors/domain-errors';
import { formatSocketErrors, formatSocketResult } from './graphql-ws.options';

describe('formatSocketResult', () => {
  it('leaves a result without errors to graphql-ws', () => {
    expect(formatSocketResult({ data: { x: 1 } })).toBeUndefined();
  });

  it('keeps domain errors and masks anything else, like formatError over HTTP', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => {});
    const located = (original: Error) => new GraphQLError(original.message, { path: ['commitmentChanged', 'party'], originalError: original, extensions: (original as GraphQLError).extensions });
    const result = formatSocketResult({
      data: { commitmentChanged: null },
      errors: [located(new NotFoundError('Topic', '9', 'topic')), located(new Error('SQLITE_ERROR: no such column: x'))],
    });
    expect(result).toEqual({
      data: { commitmentChanged: null },
      errors: [
        { message: 'Topic 9 was not found', path: ['commitmentChanged', 'party'], extensions: { code: 'NOT_FOUND', entity: 'Topic', id: '9', path: 'topic' } },
        { message: 'Internal server error', path: ['commitmentChanged', 'party'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ],
    });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0][0])).toContain('SQLITE_ERROR: no such column: x');
    logged.mockRestore();
  });
});

describe('formatSocketErrors', () => {
  it('reports an invalid document as BAD_USER_INPUT and masks a failed stream', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => {});
    const invalid = new GraphQLError('Cannot query field "nope" on type "CommitmentEvent".');
    const failed = new GraphQLError('connect ECONNREFUSED 127.0.0.1:5432', { originalError: new Error('connect ECONNREFUSED 127.0.0.1:5432') });
    const badInput = BadUserInputError.field('topic', 'is not a valid id');
    expect(formatSocketErrors([invalid, failed, badInput])).toEqual([
      { message: 'Cannot query field "nope" on type "CommitmentEvent".', extensions: { code: 'BAD_USER_INPUT', fields: [], reason: 'GRAPHQL_VALIDATION_FAILED' } },
      { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      { message: 'topic: is not a valid id', extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'topic', message: 'is not a valid id' }] } },
    ]);
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });
});
