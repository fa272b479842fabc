import { DataSource } from 'typeorm';
import { ADDED_KEYWORDS, DEFAULT_TOPICS, DROPPED_KEYWORDS, FIRST_KEYWORDS } from '../../ingest/default-topics';
import { SnakeNamingStrategy } from '../snake-naming.strategy';
import { LEXICON_ADDITIONS, LEXICON_DROPS, reviseKeywords, TopicLexiconAdditions1764385000000 } from './1764385000000-TopicLexiconAdditions';
import { MIGRATIONS } from './index';

describe('TopicLexiconAdditions migration', () => {
  it('carries exactly the change from the first default lexicon to the current one', () => {
    expect(LEXICON_ADDITIONS).toEqual(ADDED_KEYWORDS);
    expect(LEXICON_DROPS).toEqual(DROPPED_KEYWORDS);
    for (const topic of DEFAULT_TOPICS) {
      expect(reviseKeywords(FIRST_KEYWORDS[topic.slug], LEXICON_ADDITIONS[topic.slug] ?? [], LEXICON_DROPS[topic.slug] ?? [])).toEqual(topic.keywords);
    }
  });

  it.each([
    ['appends what is missing, after the analyst\'s own', ['drug', 'ISIS'], ['cartel', 'drug'], [], ['drug', 'ISIS', 'cartel']],
    ['compares case-insensitively', ['Illicit'], ['illicit', 'violence'], [], ['Illicit', 'violence']],
    ['drops the dropped, whatever their case', ['central america', 'migrant'], [], ['Central America'], ['migrant']],
    ['reports no change as null', ['a', 'b'], ['B'], ['c'], null],
  ])('reviseKeywords %s', (_what, keywords, add, drop, expected) => {
    expect(reviseKeywords(keywords as string[], add as string[], drop as string[])).toEqual(expected);
  });

  describe('on a database seeded with the first lexicon', () => {
    let dataSource: DataSource;
    const keywordsOf = async (slug: string): Promise<string[]> => JSON.parse((await dataSource.query('SELECT keywords FROM topic WHERE slug = ?', [slug]))[0].keywords);

    beforeAll(async () => {
      dataSource = new DataSource({
        type: 'better-sqlite3',
        database: ':memory:',
        namingStrategy: new SnakeNamingStrategy(),
        migrations: MIGRATIONS.filter((m) => m !== TopicLexiconAdditions1764385000000),
      });
      await dataSource.initialize();
      await dataSource.runMigrations();
      const insert = (slug: string, keywords: string[]) =>
        dataSource.query("INSERT INTO topic (slug, title, keywords, created_at, updated_at) VALUES (?, ?, ?, '2024-01-01', '2024-01-01')", [slug, slug, JSON.stringify(keywords)]);
      await insert('security', [...FIRST_KEYWORDS.security, 'ISIS']); // an analyst's keyword
      await insert('migration', FIRST_KEYWORDS.migration);
      await insert('economy', ['trade']); // an analyst trimmed the list
      await insert('energy', ['pipeline']); // not a reference topic
    });

    afterAll(() => dataSource.destroy());

    it('adds the new keywords, keeps the analyst\'s, drops the dropped; down() undoes it', async () => {
      const runner = dataSource.createQueryRunner();
      try {
        await new TopicLexiconAdditions1764385000000().up(runner);
        expect(await keywordsOf('security')).toEqual([...FIRST_KEYWORDS.security, 'ISIS', ...ADDED_KEYWORDS.security]);
        expect(await keywordsOf('migration')).toEqual(DEFAULT_TOPICS.find((t) => t.slug === 'migration')!.keywords);
        expect(await keywordsOf('economy')).toEqual(['trade', ...ADDED_KEYWORDS.economy]);
        expect(await keywordsOf('energy')).toEqual(['pipeline']);

        await new TopicLexiconAdditions1764385000000().down(runner);
        expect(await keywordsOf('security')).toEqual([...FIRST_KEYWORDS.security, 'ISIS']);
        expect(await keywordsOf('migration')).toEqual([...FIRST_KEYWORDS.migration.filter((k) => k !== 'Central America'), 'Central America']);
        expect(await keywordsOf('economy')).toEqual(['trade']);
      } finally {
        await runner.release();
      }
    });
  });
});
