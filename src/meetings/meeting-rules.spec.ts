import { CommitmentMeetingRelation } from '../commitments/commitment.enums';
import { BadUserInputError, NotFoundError } from '../common/errors/domain-errors';
import { MeetingStatus } from './meeting.entity';
import { heldMeetingDate, mergeMeetingLink, rebase, refuseHeldInFuture } from './meeting-rules';

const { CREATED, ADVANCED, DISCUSSED } = CommitmentMeetingRelation;

describe('meeting rules', () => {
  it('ties a commitment to a meeting once: the stronger relation wins, the first outcome stays', () => {
    expect(mergeMeetingLink(null, { relation: ADVANCED, outcomeId: 7 })).toEqual({ relation: ADVANCED, outcomeId: 7 });
    // Discussed before any outcome: the outcome upgrades it and is remembered.
    expect(mergeMeetingLink({ relation: DISCUSSED, outcomeId: null }, { relation: ADVANCED, outcomeId: 7 })).toEqual({ relation: ADVANCED, outcomeId: 7 });
    expect(mergeMeetingLink({ relation: DISCUSSED, outcomeId: null }, { relation: CREATED, outcomeId: 7 })).toEqual({ relation: CREATED, outcomeId: 7 });
    // Already advanced by outcome 3 (perhaps final): a correction (8) changes nothing.
    expect(mergeMeetingLink({ relation: ADVANCED, outcomeId: 3 }, { relation: ADVANCED, outcomeId: 8 })).toBeNull();
    // Created by outcome 3 and advanced again: still CREATED by 3.
    expect(mergeMeetingLink({ relation: CREATED, outcomeId: 3 }, { relation: ADVANCED, outcomeId: 8 })).toBeNull();
    // Advanced without an outcome (linked by hand): it gains the outcome.
    expect(mergeMeetingLink({ relation: ADVANCED, outcomeId: null }, { relation: ADVANCED, outcomeId: 8 })).toEqual({ relation: ADVANCED, outcomeId: 8 });
    expect(mergeMeetingLink({ relation: ADVANCED, outcomeId: 3 }, { relation: CREATED, outcomeId: 8 })).toEqual({ relation: CREATED, outcomeId: 3 });
  });

  it('dates a meeting by the day it was held', () => {
    const planned = { status: MeetingStatus.PLANNED, date: '2017-02-22' };
    expect(heldMeetingDate(planned, '2017-02-23')).toBe('2017-02-23');
    expect(heldMeetingDate(planned, null)).toBe('2017-02-22');
    expect(heldMeetingDate({ status: MeetingStatus.POSTPONED, date: null }, '2017-03-01')).toBe('2017-03-01');
    const held = { status: MeetingStatus.HELD, date: '2017-02-23' };
    // A second outcome of a held meeting (day two of a visit) does not move it.
    expect(heldMeetingDate(held, '2017-02-24')).toBe('2017-02-23');
    expect(heldMeetingDate({ status: MeetingStatus.HELD, date: null }, '2017-02-24')).toBe('2017-02-24');
    // A correction of the outcome the date came from moves it; of another outcome, not.
    expect(heldMeetingDate(held, '2017-02-24', '2017-02-23')).toBe('2017-02-24');
    expect(heldMeetingDate(held, '2017-02-24', '2017-02-20')).toBe('2017-02-23');
    expect(heldMeetingDate(held, '2017-02-24', null)).toBe('2017-02-23');
  });

  it('refuses a held meeting dated after today', () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(() => refuseHeldInFuture(MeetingStatus.HELD, tomorrow, 'input.heldOn')).toThrow(BadUserInputError);
    expect(() => refuseHeldInFuture(MeetingStatus.PLANNED, tomorrow)).not.toThrow();
    expect(() => refuseHeldInFuture(MeetingStatus.HELD, '2017-02-23')).not.toThrow();
    expect(() => refuseHeldInFuture(MeetingStatus.HELD, null)).not.toThrow();
  });

  it('points error paths of a nested input at where it sits', () => {
    const notFound = rebase(new NotFoundError('Commitment', '9', 'input.id'), ['input.id', 'input.statusChanges.2.commitmentId'], ['input.', 'input.statusChanges.2.']);
    expect(notFound.extensions).toMatchObject({ code: 'NOT_FOUND', path: 'input.statusChanges.2.commitmentId' });
    const bad = rebase(
      new BadUserInputError('x', [
        { path: 'input.status', message: 'cannot go from FULFILLED to ANNOUNCED' },
        { path: 'input.identity', message: 'm' },
        { path: 'other', message: 'm' },
      ]),
      ['input.id', 'input.statusChanges.0.commitmentId'],
      ['input.', 'input.statusChanges.0.'],
    );
    expect(bad.extensions.fields).toEqual([
      { path: 'input.statusChanges.0.status', message: 'cannot go from FULFILLED to ANNOUNCED' },
      { path: 'input.statusChanges.0.identity', message: 'm' },
      { path: 'other', message: 'm' },
    ]);
  });
});
