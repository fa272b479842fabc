/** Cue on a speaker whose words are an interpreter's ("(As interpreted.)"): a leader speaking another language. */
export const INTERPRETED_CUE = 'speaks:interpreted';
