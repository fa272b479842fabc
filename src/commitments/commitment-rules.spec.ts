import { BadUserInputError } from '../common/errors/domain-errors';
import { CommitmentStatus, DatePrecision } from './commitment.enums';
import { complianceScoreOf, isFinalStatus, isOverdue, normaliseDueDate, statusAt, StatusEvent, todayIso } from './commitment-rules';

const paths = { dueDate: 'input.dueDate', precision: 'input.dueDatePrecision' };

describe('commitment rules', () => {
  it('knows the final statuses', () => {
    expect(Object.values(CommitmentStatus).filter(isFinalStatus)).toEqual(['FULFILLED', 'NOT_FULFILLED', 'WITHDRAWN']);
  });

  it('derives overdue from the due date, today and the status', () => {
    const today = '2017-03-01';
    expect(isOverdue({ dueDate: '2017-02-28', status: CommitmentStatus.ANNOUNCED }, today)).toBe(true);
    expect(isOverdue({ dueDate: '2017-02-28', status: CommitmentStatus.STALLED }, today)).toBe(true);
    expect(isOverdue({ dueDate: '2017-03-01', status: CommitmentStatus.ANNOUNCED }, today)).toBe(false);
    expect(isOverdue({ dueDate: null, status: CommitmentStatus.ANNOUNCED }, today)).toBe(false);
    for (const status of [CommitmentStatus.FULFILLED, CommitmentStatus.NOT_FULFILLED, CommitmentStatus.WITHDRAWN]) {
      expect(isOverdue({ dueDate: '2000-01-01', status }, today)).toBe(false);
    }
    expect(todayIso(new Date('2017-02-21T23:59:59Z'))).toBe('2017-02-21');
  });

  it('maps statuses to the G7/G20 compliance scale', () => {
    expect(Object.values(CommitmentStatus).map(complianceScoreOf)).toEqual([null, 0, 0, 0, 1, -1, null, null]);
  });

  it('reads the status on a date from the history: last whole-commitment event valid by then, ties by id', () => {
    const events: StatusEvent[] = [
      { id: 1, partyId: null, toStatus: CommitmentStatus.ANNOUNCED, validFrom: '2017-02-21' },
      { id: 4, partyId: null, toStatus: CommitmentStatus.STALLED, validFrom: '2017-05-01' },
      { id: 3, partyId: null, toStatus: CommitmentStatus.IN_PROGRESS, validFrom: '2017-05-01' },
      { id: 5, partyId: 9, toStatus: CommitmentStatus.FULFILLED, validFrom: '2017-04-01' },
    ];
    expect(statusAt(events, '2017-02-20')).toBeNull();
    expect(statusAt(events, '2017-02-21')).toBe('ANNOUNCED');
    expect(statusAt(events, '2017-04-15')).toBe('ANNOUNCED'); // a party's event is not the commitment's status
    expect(statusAt(events, '2017-05-01')).toBe('STALLED');
    expect(statusAt([], '2017-05-01')).toBeNull();
  });

  it('makes a due date and its precision consistent', () => {
    expect(normaliseDueDate('2017-06-30', null, paths)).toEqual({ dueDate: '2017-06-30', dueDatePrecision: 'DAY' });
    expect(normaliseDueDate('2017-06-30', DatePrecision.QUARTER, paths)).toEqual({ dueDate: '2017-06-30', dueDatePrecision: 'QUARTER' });
    expect(normaliseDueDate(null, null, paths)).toEqual({ dueDate: null, dueDatePrecision: 'NONE' });
    expect(normaliseDueDate(null, DatePrecision.NONE, paths)).toEqual({ dueDate: null, dueDatePrecision: 'NONE' });
    for (const [date, precision] of [
      ['2017-06-30', DatePrecision.NONE],
      [null, DatePrecision.MONTH],
    ] as const) {
      try {
        normaliseDueDate(date, precision, paths);
        throw new Error('accepted');
      } catch (error) {
        expect(error).toBeInstanceOf(BadUserInputError);
        expect((error as BadUserInputError).extensions).toMatchObject({ fields: [{ path: 'input.dueDatePrecision' }] });
      }
    }
  });
});
