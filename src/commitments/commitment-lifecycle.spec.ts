import { CommitmentStatus } from './commitment.enums';
import { canTransition, deriveOverallStatus, needsEvidence, planStatusChange, transitionError, TRANSITIONS } from './commitment-lifecycle';

const {
  ANNOUNCED,
  IN_PROGRESS,
  STALLED,
  PARTIALLY_FULFILLED,
  FULFILLED,
  NOT_FULFILLED,
  INCONCLUSIVE,
  WITHDRAWN,
} = CommitmentStatus;
const ALL = Object.values(CommitmentStatus);

describe('commitment lifecycle', () => {
  it('has the documented transition table (rows: from, columns: to, in enum order)', () => {
    const matrix = Object.fromEntries(ALL.map((from) => [from, ALL.map((to) => (canTransition(from, to) ? 'x' : '.')).join('')]));
    expect(matrix).toEqual({
      //                    A I S P F N C W
      ANNOUNCED: /*      */ '.xxxxxxx',
      IN_PROGRESS: /*    */ '..xxxxxx',
      STALLED: /*        */ '.x.xxxxx',
      PARTIALLY_FULFILLED: '.xx.xxxx',
      FULFILLED: /*      */ '......x.',
      NOT_FULFILLED: /*  */ '.x.xx.x.',
      INCONCLUSIVE: /*   */ '.xxxxx.x',
      WITHDRAWN: /*      */ '........',
    });
    expect(Object.keys(TRANSITIONS)).toEqual(ALL);
  });

  it('never goes back to ANNOUNCED, never to itself, never out of WITHDRAWN', () => {
    for (const from of ALL) {
      expect(canTransition(from, ANNOUNCED)).toBe(false);
      expect(canTransition(from, from)).toBe(false);
      expect(canTransition(WITHDRAWN, from)).toBe(false);
    }
  });

  it('keeps INCONCLUSIVE apart from NOT_FULFILLED: a contested verdict can still become either', () => {
    expect(canTransition(FULFILLED, INCONCLUSIVE)).toBe(true);
    expect(canTransition(FULFILLED, NOT_FULFILLED)).toBe(false);
    expect(canTransition(INCONCLUSIVE, NOT_FULFILLED)).toBe(true);
    expect(canTransition(INCONCLUSIVE, FULFILLED)).toBe(true);
    expect(canTransition(NOT_FULFILLED, FULFILLED)).toBe(true); // late action
  });

  it('names a refused transition', () => {
    expect(transitionError(FULFILLED, IN_PROGRESS)).toBe('cannot go from FULFILLED to IN_PROGRESS');
    expect(transitionError(ANNOUNCED, IN_PROGRESS)).toBeNull();
  });

  it('asks for evidence for the verdicts FULFILLED, PARTIALLY_FULFILLED and NOT_FULFILLED only', () => {
    expect(ALL.filter(needsEvidence)).toEqual([PARTIALLY_FULFILLED, FULFILLED, NOT_FULFILLED]);
  });

  it('derives the overall status from the parties', () => {
    const cases: [CommitmentStatus[], CommitmentStatus | null][] = [
      [[], null],
      [[FULFILLED], FULFILLED],
      [[FULFILLED, FULFILLED], FULFILLED],
      [[FULFILLED, ANNOUNCED], PARTIALLY_FULFILLED],
      [[FULFILLED, NOT_FULFILLED], PARTIALLY_FULFILLED],
      [[PARTIALLY_FULFILLED, IN_PROGRESS], PARTIALLY_FULFILLED],
      [[IN_PROGRESS, ANNOUNCED], IN_PROGRESS],
      [[IN_PROGRESS, STALLED, NOT_FULFILLED], IN_PROGRESS],
      [[STALLED, ANNOUNCED], STALLED],
      [[STALLED, INCONCLUSIVE], STALLED],
      [[NOT_FULFILLED, ANNOUNCED], NOT_FULFILLED],
      [[NOT_FULFILLED, INCONCLUSIVE], NOT_FULFILLED],
      [[INCONCLUSIVE, ANNOUNCED], INCONCLUSIVE],
      [[INCONCLUSIVE, INCONCLUSIVE], INCONCLUSIVE],
      [[WITHDRAWN, FULFILLED], FULFILLED],
      [[WITHDRAWN, ANNOUNCED, IN_PROGRESS], IN_PROGRESS],
      [[WITHDRAWN, WITHDRAWN], WITHDRAWN],
    ];
    for (const [parties, expected] of cases) expect([parties, deriveOverallStatus(parties)]).toEqual([parties, expected]);
  });

  describe('planning a change', () => {
    const parties = [
      { id: 1, status: ANNOUNCED },
      { id: 2, status: IN_PROGRESS },
    ];

    it('changes a commitment without parties directly', () => {
      expect(planStatusChange(ANNOUNCED, [], IN_PROGRESS, null)).toEqual({ ok: true, changes: [], overall: { from: ANNOUNCED, to: IN_PROGRESS } });
      expect(planStatusChange(WITHDRAWN, [], IN_PROGRESS, null)).toEqual({ ok: false, partyId: null, message: 'cannot go from WITHDRAWN to IN_PROGRESS' });
    });

    it('changes one party and the overall status when the derived one moves', () => {
      expect(planStatusChange(IN_PROGRESS, parties, FULFILLED, 1)).toEqual({
        ok: true,
        changes: [{ partyId: 1, from: ANNOUNCED, to: FULFILLED }],
        overall: { from: IN_PROGRESS, to: PARTIALLY_FULFILLED },
      });
      expect(planStatusChange(IN_PROGRESS, parties, STALLED, 1)).toEqual({ ok: true, changes: [{ partyId: 1, from: ANNOUNCED, to: STALLED }], overall: null });
    });

    it('changes every party not already there when no party is named', () => {
      expect(planStatusChange(IN_PROGRESS, parties, IN_PROGRESS, null)).toEqual({
        ok: true,
        changes: [{ partyId: 1, from: ANNOUNCED, to: IN_PROGRESS }],
        overall: null,
      });
      expect(planStatusChange(IN_PROGRESS, parties, FULFILLED, null)).toEqual({
        ok: true,
        changes: [
          { partyId: 1, from: ANNOUNCED, to: FULFILLED },
          { partyId: 2, from: IN_PROGRESS, to: FULFILLED },
        ],
        overall: { from: IN_PROGRESS, to: FULFILLED },
      });
    });

    it('refuses when one party cannot make the change, or nothing would change', () => {
      const done = [
        { id: 1, status: FULFILLED },
        { id: 2, status: IN_PROGRESS },
      ];
      expect(planStatusChange(PARTIALLY_FULFILLED, done, STALLED, null)).toEqual({ ok: false, partyId: 1, message: 'cannot go from FULFILLED to STALLED' });
      expect(planStatusChange(PARTIALLY_FULFILLED, done, IN_PROGRESS, 2)).toEqual({ ok: false, partyId: 2, message: 'cannot go from IN_PROGRESS to IN_PROGRESS' });
      expect(planStatusChange(FULFILLED, [{ id: 1, status: FULFILLED }], FULFILLED, null)).toEqual({
        ok: false,
        partyId: null,
        message: 'cannot go from FULFILLED to FULFILLED',
      });
    });
  });
});
