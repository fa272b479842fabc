import { registerEnumType } from '@nestjs/graphql';

export enum CommitmentKind {
  ACTION = 'ACTION',
  MEETING = 'MEETING',
  GOAL = 'GOAL',
  DIRECTIVE = 'DIRECTIVE',
  PROCEDURAL = 'PROCEDURAL',
}
registerEnumType(CommitmentKind, { name: 'CommitmentKind' });

export enum CommitmentStatus {
  ANNOUNCED = 'ANNOUNCED',
  IN_PROGRESS = 'IN_PROGRESS',
  STALLED = 'STALLED',
  PARTIALLY_FULFILLED = 'PARTIALLY_FULFILLED',
  FULFILLED = 'FULFILLED',
  NOT_FULFILLED = 'NOT_FULFILLED',
  INCONCLUSIVE = 'INCONCLUSIVE',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CommitmentStatus, { name: 'CommitmentStatus' });

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
  NONE = 'NONE',
}
registerEnumType(DatePrecision, { name: 'DatePrecision', description: 'How exactly a due date was stated.' });

export enum CommitmentMeetingRelation {
  DISCUSSED = 'DISCUSSED',
  CREATED = 'CREATED',
  ADVANCED = 'ADVANCED',
}
registerEnumType(CommitmentMeetingRelation, { name: 'CommitmentMeetingRelation' });

/** G7/G20 compliance scale (DOMAIN.md): null where a status is not assessed. */
export const COMPLIANCE_SCORE: Record<CommitmentStatus, number | null> = {
  ANNOUNCED: null,
  IN_PROGRESS: 0,
  STALLED: 0,
  PARTIALLY_FULFILLED: 0,
  FULFILLED: 1,
  NOT_FULFILLED: -1,
  INCONCLUSIVE: null,
  WITHDRAWN: null,
};
