/** A CSV cell as the exporters produce it; null and undefined are written as an empty field. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * One field per RFC 4180: quoted when it holds a quote, a comma, CR or LF (quotes doubled).
 * A text cell a spreadsheet would read as a formula is neutralised (neutraliseFormula).
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const safe = neutraliseFormula(value);
    if (safe !== value) return `"${safe.replace(/"/g, '""')}"`;
  }
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** What a spreadsheet takes as the start of a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP's advice against CSV (formula) injection, for text cells: one beginning with `=`, `+`,
 * `-`, `@`, a tab or a carriage return gets a single quote in front (and csvField quotes the
 * cell), so a spreadsheet shows it as text. Numbers written as numbers (ids, versions, scores)
 * are not text and stay as they are, negative ones too.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One record, CRLF-terminated (RFC 4180). Text is written as is: non-ASCII stays UTF-8. */
export function csvRecord(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** How several values share one cell (topics, parties): "a; b". */
export const joinList = (values: (string | number | null | undefined)[]): string => values.filter((v) => v !== null && v !== undefined && v !== '').join('; ');
