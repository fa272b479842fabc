/** A CSV cell as the exporters produce it; null and undefined are written as an empty field. */
export type CsvValue = string | number | boolean | null | undefined;

/** One field per RFC 4180: quoted when it holds a quote, a comma, CR or LF (quotes doubled). */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). Text is written as is: non-ASCII stays UTF-8. */
export function csvRecord(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** How several values share one cell (topics, parties): "a; b". */
export const joinList = (values: (string | number | null | undefined)[]): string => values.filter((v) => v !== null && v !== undefined && v !== '').join('; ');
