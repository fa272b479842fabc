/**
 * Thrown when the briefing text cannot be ingested at all (empty or whitespace-only text,
 * malformed options). The BriefingImportService maps it to the GraphQL error code BAD_USER_INPUT.
 * Anything the parser merely cannot understand is reported in `warnings` instead.
 */
export class IngestInputError extends Error {
  readonly code = 'BAD_USER_INPUT';

  constructor(message: string) {
    super(message);
    this.name = 'IngestInputError';
    Object.setPrototypeOf(this, IngestInputError.prototype);
  }
}
