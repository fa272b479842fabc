import { complianceScoreOf, isOverdue } from '../commitments/commitment-rules';
import { MeetingParticipant } from '../meetings/meeting.entity';
import { CsvValue, csvRecord, joinList } from './csv';
import { ExportKind } from './export-params';
import { CommitmentRow, ExportRows, MeetingRow, StatementRow } from './export-rows';

/** The CSV document: a header line, then one chunk of records per batch of the main list. */
export async function* csvDocument(rows: ExportRows, kind: ExportKind, batches: AsyncIterable<unknown[]>, today: string): AsyncGenerator<string> {
  const columns = CSV_COLUMNS[kind](today);
  yield csvRecord(columns.map(([header]) => header));
  for await (const batch of batches) {
    const records = await rows.of(kind, batch);
    yield records.map((row) => csvRecord(columns.map(([, value]) => value(row as never)))).join('');
  }
}

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

type Column<R> = [string, (row: R) => CsvValue];

/** The CSV columns of each kind (snake_case headers; lists joined with "; "). */
const CSV_COLUMNS: Record<ExportKind, (today: string) => Column<never>[]> = {
  commitments: (today): Column<CommitmentRow>[] => [
    ['id', (r) => r.commitment.id],
    ['title', (r) => r.commitment.title],
    ['text', (r) => r.commitment.text],
    ['kind', (r) => r.commitment.kind],
    ['status', (r) => r.commitment.status],
    ['due_date', (r) => r.commitment.dueDate],
    ['due_date_precision', (r) => r.commitment.dueDatePrecision],
    ['overdue', (r) => isOverdue(r.commitment, today)],
    ['compliance_score', (r) => complianceScoreOf(r.commitment.status)],
    ['dialogue_id', (r) => r.commitment.dialogueId],
    ['topics', (r) => joinList(r.topics)],
    ['parties', (r) => joinList(r.parties.map((p) => `${p.name} (${p.party.status})`))],
    ['source_briefing_ids', (r) => joinList([...new Set(r.sourceStatements.map((s) => s?.briefingId))])],
    ['source_statement_ids', (r) => joinList(r.sources.map((s) => s.statementId))],
    ['source_quotes', (r) => r.sources.map((s) => s.quote).join('\n')],
    ['version', (r) => r.commitment.version],
    ['created_by', (r) => r.commitment.createdBy],
    ['created_at', (r) => iso(r.commitment.createdAt)],
    ['updated_at', (r) => iso(r.commitment.updatedAt)],
  ],
  statements: (): Column<StatementRow>[] => [
    ['id', (r) => r.statement.id],
    ['briefing_id', (r) => r.statement.briefingId],
    ['briefing_date', (r) => r.briefing?.date],
    ['briefing_title', (r) => r.briefing?.title],
    ['turn_index', (r) => r.statement.turnIndex],
    ['paragraph_index', (r) => r.statement.paragraphIndex],
    ['kind', (r) => r.statement.kind],
    ['speaker_id', (r) => r.statement.speakerId],
    ['speaker_name', (r) => r.speaker?.name],
    ['speaker_label', (r) => r.statement.speakerLabel],
    ['speaker_organization', (r) => r.organization?.name],
    ['topics', (r) => joinList(r.topics)],
    ['text', (r) => r.statement.text],
  ],
  meetings: (): Column<MeetingRow>[] => [
    ['id', (r) => r.meeting.id],
    ['title', (r) => r.meeting.title],
    ['kind', (r) => r.meeting.kind],
    ['status', (r) => r.meeting.status],
    ['date', (r) => r.meeting.date],
    ['location', (r) => r.meeting.location],
    ['dialogue_id', (r) => r.meeting.dialogueId],
    ['topics', (r) => joinList(r.topics)],
    ['participants', (r) => joinList(r.attendees.map((a) => `${a.person?.name ?? a.seat.participantId}${seatNote(a.seat)}`))],
    ['created_at', (r) => iso(r.meeting.createdAt)],
    ['updated_at', (r) => iso(r.meeting.updatedAt)],
  ],
} as Record<ExportKind, (today: string) => Column<never>[]>;

/** " (MX, host)": a seat's side and role, when known. */
function seatNote(seat: MeetingParticipant): string {
  const parts = [seat.sideCode, seat.role].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
