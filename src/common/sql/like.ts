/**
 * Substring filters with LIKE. The user's words are matched literally: `%`, `_` and the
 * escape character itself are escaped, and every LIKE that takes such a pattern says
 * `ESCAPE '\'` (SQLite has no default escape character; PostgreSQL's is the same backslash).
 */
export const LIKE_ESCAPE = `ESCAPE '\\'`;

/** `%words%` for a case-insensitive LIKE (compare with LOWER(column)), wildcards escaped. */
export function likePattern(words: string): string {
  return `%${escapeLike(words.toLowerCase())}%`;
}

/** The text with LIKE's wildcards and escape character escaped, to be matched literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
