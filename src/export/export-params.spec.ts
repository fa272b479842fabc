import { BadUserInputError } from '../common/errors/domain-errors';
import { parseExportParams } from './export-params';

const fieldsOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    return (error as BadUserInputError).extensions.fields;
  }
  throw new Error('accepted');
};

describe('export parameters', () => {
  it('read the filter fields of the API, lists repeated or comma-separated, typed', async () => {
    expect(
      await parseExportParams('commitments', {
        status: ['FULFILLED', 'STALLED,FULFILLED'],
        kind: 'ACTION',
        topic: '3',
        party: 'MX',
        overdue: 'false',
        dueBefore: '2018-01-01',
        search: 'water, border',
        orderBy: 'DUE_DATE',
        direction: 'DESC',
      }),
    ).toEqual({
      filter: { status: ['FULFILLED', 'STALLED'], kind: ['ACTION'], topic: '3', party: 'MX', overdue: false, dueBefore: '2018-01-01', search: 'water, border' },
      orderBy: { field: 'DUE_DATE', direction: 'DESC' },
    });
  });

  it('default the order when only a direction is given, and ignore empty values', async () => {
    expect(await parseExportParams('statements', { direction: 'DESC', topic: '', kind: 'QUESTION' })).toEqual({
      filter: { kind: 'QUESTION' },
      orderBy: { field: 'POSITION', direction: 'DESC' },
    });
    expect(await parseExportParams('meetings', {})).toEqual({ filter: {}, orderBy: null });
  });

  it('refuse what the API would refuse, naming every offending parameter', async () => {
    expect(
      await fieldsOf(
        parseExportParams('commitments', { status: 'DONE', overdue: 'yes', dueBefore: '2017-02-30', nonsense: '1', orderBy: 'TITLE', topic: ['1', '2'] }),
      ),
    ).toEqual([
      { path: 'filter.status', message: '"DONE" is not one of ANNOUNCED, IN_PROGRESS, STALLED, PARTIALLY_FULFILLED, FULFILLED, NOT_FULFILLED, INCONCLUSIVE, WITHDRAWN' },
      { path: 'filter.overdue', message: 'must be true or false' },
      { path: 'filter.dueBefore', message: 'must be a calendar day written YYYY-MM-DD' },
      { path: 'nonsense', message: 'is not a filter of commitments; use status, topic, party, kind, overdue, statusAt.date, statusAt.status, dueBefore, search, dialogue, briefing, orderBy, direction' },
      { path: 'orderBy', message: 'must be one of ID, DUE_DATE, UPDATED' },
      { path: 'filter.topic', message: 'takes one value' },
    ]);
  });

  it("run the filter class's own validators", async () => {
    expect(await fieldsOf(parseExportParams('statements', { search: 'x'.repeat(201) }))).toEqual([
      { path: 'filter.search', message: expect.stringContaining('200') },
    ]);
  });

  it('read a nested input as dotted keys, or as the nesting of an extended query parser', async () => {
    const expected = { filter: { statusAt: { date: '2017-05-01', status: ['FULFILLED', 'STALLED'] } }, orderBy: null };
    expect(await parseExportParams('commitments', { 'statusAt.date': '2017-05-01', 'statusAt.status': 'FULFILLED,STALLED' })).toEqual(expected);
    expect(await parseExportParams('commitments', { statusAt: { date: '2017-05-01', status: ['FULFILLED', 'STALLED'] } })).toEqual(expected);
  });

  it("refuse a nested input without its required field, or nesting where there is none", async () => {
    expect(await fieldsOf(parseExportParams('commitments', { 'statusAt.status': 'FULFILLED' }))).toEqual([
      { path: 'filter.statusAt.date', message: expect.stringContaining('date') },
    ]);
    expect(await fieldsOf(parseExportParams('commitments', { 'statusAt.when': '2017-01-01', statusAt: 'x' }))).toEqual([
      { path: 'statusAt.when', message: expect.stringContaining('is not a filter of commitments') },
      { path: 'statusAt', message: expect.stringContaining('is not a filter of commitments') },
    ]);
    expect(await fieldsOf(parseExportParams('meetings', { status: { a: 'b' } }))).toEqual([{ path: 'status.a', message: expect.stringContaining('is not a filter of meetings') }]);
    expect(await fieldsOf(parseExportParams('meetings', { status: [['HELD']] }))).toEqual([{ path: 'status', message: 'must be a plain value' }]);
  });
});
