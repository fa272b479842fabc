/**
 * Text as it comes in, before anything counts offsets in it. Pure: no Nest, no database.
 *
 * Lone surrogates: a JavaScript string (a GraphQL variable, `"\ud83d"` in JSON) may hold half of
 * a UTF-16 pair. It has no UTF-8 form: stored as it is, it comes back as other characters, and
 * every offset after it points elsewhere. Each one is replaced by U+FFFD, also one UTF-16 unit,
 * so no offset moves.
 */

/** Half of a surrogate pair without its other half (without the u flag: UTF-16 units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface LoneSurrogates {
  /** How many lone surrogates the text holds. */
  count: number;
  /** The offset (UTF-16 units) of the first one, -1 when none. */
  first: number;
}

/** The lone surrogates of a text (none in a well-formed one). */
export function loneSurrogates(text: string): LoneSurrogates {
  let count = 0;
  let first = -1;
  for (const m of text.matchAll(LONE_SURROGATE)) {
    if (first < 0) first = m.index;
    count++;
  }
  return { count, first };
}

/** What loneSurrogates found, said to the user; null when there are none. */
export function loneSurrogateProblem(found: LoneSurrogates): string | null {
  if (!found.count) return null;
  return `holds ${found.count} lone UTF-16 surrogate${found.count > 1 ? 's' : ''} (half of a character; the first at offset ${found.first}), which cannot be stored as UTF-8`;
}

/**
 * The text with each lone surrogate replaced by U+FFFD (same length, same offsets), and a
 * warning naming how many and where; the text itself and no warning when it is well-formed.
 */
export function replaceLoneSurrogates(text: string, field = 'text'): { text: string; warning: string | null } {
  const found = loneSurrogates(text);
  if (!found.count) return { text, warning: null };
  return {
    text: text.replace(LONE_SURROGATE, '\uFFFD'),
    warning: `The ${field} held ${found.count} lone UTF-16 surrogate${found.count > 1 ? 's' : ''} (half of a character; the first at offset ${found.first}): replaced by U+FFFD, offsets unchanged`,
  };
}
