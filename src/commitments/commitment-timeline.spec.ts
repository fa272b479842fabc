import { Meeting, MeetingOutcome } from '../meetings/meeting.entity';
import { CommitmentEvent } from './commitment.entity';
import { CommitmentMeetingRelation, CommitmentStatus } from './commitment.enums';
import { buildTimeline } from './commitment-timeline';

const meeting = (id: number, date: string | null) => ({ id, date }) as Meeting;
const outcome = (id: number, heldOn: string | null) => ({ id, heldOn }) as MeetingOutcome;
const event = (id: number, validFrom: string, toStatus: CommitmentStatus) => ({ id, validFrom, toStatus }) as CommitmentEvent;

describe('commitment timeline', () => {
  it('orders by date, then kind, then id; dates a meeting by its outcome; unknown dates last', () => {
    const timeline = buildTimeline({
      statements: [
        { statementId: 7, date: '2017-02-21' },
        { statementId: 3, date: '2017-02-21' },
        { statementId: 7, date: '2017-02-21' }, // a second span in the same statement
      ],
      meetings: [
        { relation: CommitmentMeetingRelation.ADVANCED, meeting: meeting(5, '2017-02-23'), outcome: outcome(9, '2017-02-23') },
        { relation: CommitmentMeetingRelation.DISCUSSED, meeting: meeting(4, null), outcome: null },
        { relation: CommitmentMeetingRelation.CREATED, meeting: meeting(6, null), outcome: outcome(10, '2017-02-21') },
      ],
      events: [
        event(20, '2017-02-21', CommitmentStatus.ANNOUNCED),
        event(31, '2017-02-23', CommitmentStatus.IN_PROGRESS),
        event(40, '2017-02-22', CommitmentStatus.STALLED), // recorded later, back-dated
      ],
    });
    expect(timeline.map((e) => [e.date, e.kind, e.statementId ?? e.meeting?.id ?? e.event?.id, e.outcome?.id ?? null])).toEqual([
      ['2017-02-21', 'ANNOUNCED_IN', 3, null],
      ['2017-02-21', 'ANNOUNCED_IN', 7, null],
      ['2017-02-21', 'CREATED_AT', 6, 10],
      ['2017-02-21', 'STATUS_CHANGED', 20, null],
      ['2017-02-22', 'STATUS_CHANGED', 40, null],
      ['2017-02-23', 'ADVANCED_AT', 5, 9],
      ['2017-02-23', 'STATUS_CHANGED', 31, null],
      [null, 'DISCUSSED_AT', 4, null],
    ]);
  });

  it('is empty for a commitment with nothing recorded', () => {
    expect(buildTimeline({ statements: [], meetings: [], events: [] })).toEqual([]);
  });
});
