import { Briefing } from '../briefings/briefing.entity';
import { Commitment, CommitmentParty } from '../commitments/commitment.entity';
import { Country } from '../countries/country.entity';
import { Meeting, MeetingParticipant } from '../meetings/meeting.entity';
import { Organization } from '../organizations/organization.entity';
import { Participant } from '../participants/participant.entity';
import { SourceSpan } from '../sources/source-span.entity';
import { Statement, StatementKind } from '../statements/statement.entity';

/**
 * Popolo-style JSON (the Popolo data specification: persons, organizations, memberships, posts,
 * areas, events and speeches), with the tracker's own records where Popolo has no class
 * (commitments) and a few extra properties (topics, attendees). Ids are prefixed by type
 * (`person/12`, `briefing/3`) so briefings and meetings, both events, never collide.
 */
export const popoloId = {
  person: (id: number) => `person/${id}`,
  organization: (id: number) => `organization/${id}`,
  area: (code: string) => `country/${code}`,
  briefing: (id: number) => `briefing/${id}`,
  meeting: (id: number) => `meeting/${id}`,
  speech: (id: number) => `speech/${id}`,
  commitment: (id: number) => `commitment/${id}`,
  membership: (personId: number) => `membership/${personId}`,
  /** A post is a position in an organization: people holding the same one share it. */
  post: (organizationId: number | null, label: string) => `post/${organizationId ?? 'none'}/${encodeURIComponent(label.trim().toLowerCase())}`,
};

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Popolo speech types for the statement kinds. */
const SPEECH_TYPE: Record<StatementKind, string> = {
  [StatementKind.REMARK]: 'speech',
  [StatementKind.QUESTION]: 'question',
  [StatementKind.ANSWER]: 'answer',
  [StatementKind.PROCEDURAL]: 'other',
};

export function person(p: Participant) {
  return {
    id: popoloId.person(p.id),
    name: p.name,
    honorific_prefix: p.honorific,
    other_names: p.aliases.map((name) => ({ name })),
    national_identity: p.countryCode,
    role: p.role,
    anonymous: p.anonymous,
    attribution: p.attribution,
  };
}

export function organization(o: Organization) {
  return {
    id: popoloId.organization(o.id),
    name: o.name,
    other_names: o.acronym ? [{ name: o.acronym, note: 'acronym' }] : [],
    classification: o.kind,
    area_id: o.countryCode ? popoloId.area(o.countryCode) : null,
  };
}

/** A person's membership of their organization, in their post when they hold one. */
export function membership(p: Participant) {
  if (p.organizationId === null) return null;
  return {
    id: popoloId.membership(p.id),
    person_id: popoloId.person(p.id),
    organization_id: popoloId.organization(p.organizationId),
    post_id: p.post ? popoloId.post(p.organizationId, p.post) : null,
    role: p.role,
    label: p.post,
  };
}

export function post(p: Participant) {
  if (!p.post) return null;
  return {
    id: popoloId.post(p.organizationId, p.post),
    label: p.post,
    organization_id: p.organizationId !== null ? popoloId.organization(p.organizationId) : null,
  };
}

export function area(c: Country) {
  return { id: popoloId.area(c.code), name: c.name, identifier: c.code, classification: 'country' };
}

export function briefingEvent(b: Briefing) {
  return {
    id: popoloId.briefing(b.id),
    name: b.title,
    classification: 'briefing',
    type: b.kind,
    start_date: b.date,
    location: b.location,
    medium: b.medium,
    sources: b.sourceUrl ? [{ url: b.sourceUrl }] : [],
    text_sha256: b.textSha256,
  };
}

export function meetingEvent(m: Meeting, attendees: MeetingParticipant[], topics: string[]) {
  return {
    id: popoloId.meeting(m.id),
    name: m.title,
    classification: 'meeting',
    type: m.kind,
    status: m.status,
    start_date: m.date,
    location: m.location,
    attendees: attendees.map((a) => ({ person_id: popoloId.person(a.participantId), side: a.sideCode ? popoloId.area(a.sideCode) : null, role: a.role })),
    topics,
    created_at: iso(m.createdAt),
    updated_at: iso(m.updatedAt),
  };
}

export function speech(s: Statement, briefingDate: string | null, topics: string[]) {
  return {
    id: popoloId.speech(s.id),
    creator_id: s.speakerId !== null ? popoloId.person(s.speakerId) : null,
    attribution_text: s.speakerLabel,
    event_id: popoloId.briefing(s.briefingId),
    date: briefingDate,
    type: SPEECH_TYPE[s.kind],
    kind: s.kind,
    turn: s.turnIndex,
    paragraph: s.paragraphIndex,
    text: s.text,
    topics,
  };
}

export function commitment(
  c: Commitment,
  extra: { topics: string[]; parties: CommitmentParty[]; sources: SourceSpan[]; overdue: boolean; complianceScore: number | null },
) {
  return {
    id: popoloId.commitment(c.id),
    title: c.title,
    text: c.text,
    kind: c.kind,
    status: c.status,
    due_date: c.dueDate,
    due_date_precision: c.dueDatePrecision,
    overdue: extra.overdue,
    compliance_score: extra.complianceScore,
    topics: extra.topics,
    parties: extra.parties.map((p) => ({
      organization_id: p.organizationId !== null ? popoloId.organization(p.organizationId) : null,
      area_id: p.countryCode ? popoloId.area(p.countryCode) : null,
      status: p.status,
    })),
    sources: extra.sources.map((s) => ({ speech_id: popoloId.speech(s.statementId), start: s.start, end: s.end, quote: s.quote })),
    version: c.version,
    created_by: c.createdBy,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}
