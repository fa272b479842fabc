/**
 * Text as it comes in, before anything counts offsets in it. Pure: no Nest, no database.
 *
 * Lone surrogates: a JavaScript string (a GraphQL variable, `"\ud83d"` in JSON) may hold half of
 * a UTF-16 pair. It has no UTF-8 form: stored as it is, it comes back as other characters, and
 * every offset after it points elsewhere. Each one is replaced by U+FFFD, also one UTF-16 unit,
 * so no offset moves.
 */

import * as chardet from 'chardet';
import * as iconv from 'iconv-lite';

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

/**
 * Bytes of a transcript (a file) as text. UTF-8 as it is; otherwise the encoding is told by
 * chardet and the bytes decoded by iconv-lite, with a warning naming the encoding; refused
 * (TranscriptDecodeError) when they look like binary data or no encoding is a clear guess.
 */
export interface DecodedTranscript {
  text: string;
  /** The encoding the bytes were decoded from (`UTF-8` when they were UTF-8). */
  encoding: string;
  /** Set when the bytes were not UTF-8: what was done. */
  warning: string | null;
}

/** Bytes that are not text, or whose encoding is not a clear guess; the message says which. */
export class TranscriptDecodeError extends Error {}

/** A guess this sure, or twice as sure as the next one, is taken (below, the text is refused). */
const SURE = 50;
const FAIR = 30;

const BOMS: Array<[number[], string]> = [
  [[0xff, 0xfe, 0x00, 0x00], 'UTF-32LE'],
  [[0x00, 0x00, 0xfe, 0xff], 'UTF-32BE'],
  [[0xff, 0xfe], 'UTF-16LE'],
  [[0xfe, 0xff], 'UTF-16BE'],
];

export function decodeTranscript(bytes: Uint8Array): DecodedTranscript {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // a byte order mark says it all (iconv-lite drops the mark)
  const bom = BOMS.find(([mark]) => mark.every((b, i) => buffer[i] === b));
  if (bom) return decodedAs(buffer, bom[1], `decoded from ${bom[1]} (byte order mark)`);
  const binary = binaryProblem(buffer);
  if (binary) throw new TranscriptDecodeError(binary);
  if (isUtf8(buffer)) return { text: buffer.toString('utf8'), encoding: 'UTF-8', warning: null };

  const guesses = chardet.analyse(buffer).filter((m) => m.name !== 'ASCII' && iconv.encodingExists(m.name));
  const [best, next] = guesses;
  const likely = guesses
    .slice(0, 2)
    .map((m) => `${m.name} (${m.confidence}%)`)
    .join(' or ');
  if (!best || !(best.confidence >= SURE || (best.confidence >= FAIR && best.confidence >= 2 * (next?.confidence ?? 0)))) {
    throw new TranscriptDecodeError(
      `is not UTF-8${likely ? ` and its encoding is not a clear guess: it looks most like ${likely}` : ''}; convert it to UTF-8 first (e.g. iconv -f ENCODING -t UTF-8)`,
    );
  }
  // ISO-8859-1 as the web reads it: windows-1252 is the same with letters and quotes in 0x80-0x9F
  const encoding = /^ISO-8859-1$/i.test(best.name) ? 'windows-1252' : best.name;
  const detected = encoding === best.name ? `detected with ${best.confidence}% confidence` : `detected as ${best.name}, ${best.confidence}% confidence`;
  return decodedAs(buffer, encoding, best.name === 'UTF-8' ? `not valid UTF-8: decoded as UTF-8 with U+FFFD for each invalid byte sequence` : `not UTF-8: decoded from ${encoding} (${detected}); check its accented letters`);
}

function decodedAs(buffer: Buffer, encoding: string, warning: string): DecodedTranscript {
  const text = iconv.decode(buffer, encoding);
  // what decodes to control characters was not text in that encoding either
  if (controlShare(text) > 0.05 || text.includes('\u0000')) throw new TranscriptDecodeError(`looks like binary data, not a transcript (not even as ${encoding})`);
  return { text, encoding, warning };
}

function isUtf8(buffer: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

/** Why the bytes are not text in any 8-bit encoding: NUL bytes, or many control bytes. */
function binaryProblem(buffer: Buffer): string | null {
  const sample = buffer.subarray(0, 65536);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) (i % 2 ? nulOdd++ : nulEven++);
    else if (b < 32 && b !== 9 && b !== 10 && b !== 12 && b !== 13) control++;
  }
  const half = sample.length / 2;
  if (half >= 8 && Math.max(nulEven, nulOdd) > half * 0.3 && Math.min(nulEven, nulOdd) < half * 0.02) {
    return `looks like UTF-${nulOdd > nulEven ? '16LE' : '16BE'} text without a byte order mark; save it as UTF-8 (or UTF-16 with a byte order mark)`;
  }
  if (nulEven + nulOdd > 0 || control > sample.length * 0.05) return 'looks like binary data, not a transcript';
  return null;
}

/** The share of control characters (other than tab, newlines and form feed), C1 included. */
function controlShare(text: string): number {
  const sample = text.slice(0, 65536);
  if (!sample.length) return 0;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || (c >= 0x7f && c < 0xa0)) control++;
  }
  return control / sample.length;
}
