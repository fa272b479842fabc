import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_TOPICS } from './default-topics';
import { parseBriefing } from './parse-briefing';
import { ParsePool } from './parse-pool';

const SEED = readFileSync(join(__dirname, '../../test/fixtures/ingest/2017-02-21-background-briefing-tillerson-kelly-mexico.txt'), 'utf8');
const options = { topics: DEFAULT_TOPICS, title: null, date: null };

describe('ParsePool', () => {
  let pool: ParsePool;
  beforeAll(() => {
    pool = new ParsePool(2);
  });
  afterAll(() => pool.close());

  it('parses in worker threads exactly as on this thread', async () => {
    const texts = [SEED, SEED.replace('February 21, 2017', 'March 3, 2017'), readFileSync(join(__dirname, '../../test/fixtures/ingest/variants/q-a-turns.txt'), 'utf8')];
    const parsed = await Promise.all(texts.map((text) => pool.parse(text, options)));
    parsed.forEach((result, i) => expect(result).toEqual(parseBriefing(texts[i], options)));
    expect(pool.parsed).toBe(3);
  });

  it('answers null for a text the parser refuses, so the caller parses it and sees the error itself', async () => {
    await expect(pool.parse('   \n', options)).resolves.toBeNull();
    await expect(pool.parse('MODERATOR: Hello.', { ...options, date: '2017-02-30' })).resolves.toBeNull();
    expect(pool.size).toBe(2);
  });

  it('answers null once closed, and a pool of no threads always does', async () => {
    const closing = new ParsePool(1);
    const pending = closing.parse(SEED, options);
    await closing.close();
    await expect(pending).resolves.toBeNull();
    await expect(closing.parse(SEED, options)).resolves.toBeNull();
    await expect(new ParsePool(0).parse(SEED, options)).resolves.toBeNull();
  });
});
