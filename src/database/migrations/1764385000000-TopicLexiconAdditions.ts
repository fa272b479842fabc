import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second default topic lexicon (src/ingest/default-topics.ts) for databases seeded with the
 * first: each reference topic still in the database gets the keywords below that it lacks
 * (compared case-insensitively, appended after the existing ones) and loses the dropped ones.
 * Keywords an analyst added stay; a topic deleted or renamed (another slug) is left alone.
 * A new database is seeded with the second lexicon directly (ReferenceDataService), so this
 * finds nothing to do there. down() takes the additions out again and puts the dropped ones
 * back, for the topics that still exist.
 *
 * The lists are a copy, not an import: a migration does the same thing whenever it runs, and a
 * later change of the default lexicon needs a migration of its own
 * (src/database/migrations/topic-lexicon-additions.spec.ts checks the copy against the library).
 */
export const LEXICON_ADDITIONS: Record<string, string[]> = {
  security: [
    'criminal', 'criminal network', 'transnational organized crime', 'violence', 'violent', 'extortion', 'murder',
    'insecurity', 'public safety', 'citizen security', 'armed group', 'smuggling', 'smuggle', 'human smuggling',
    'migrant smuggling', 'smuggler', 'coyote', 'pollero', 'contraband', 'illicit', 'precursor chemicals',
    'synthetic drugs', 'overdose', 'illegal logging', 'illegal logger', 'illegal mining', 'illegal miner',
    'illicit finance', 'environmental crime', 'ammunition', 'illegal trade', 'illegal commerce', 'corruption',
    'corrupt', 'impunity', 'bribery', 'prosecutor', 'prosecution', 'prosecute', 'justice system', 'security forces',
    'armed forces', 'military', 'army', 'navy', 'National Guard', 'extremism', 'cyberattack', 'cyber attack',
    'cybercrime', 'peacekeeping',
  ],
  migration: [
    'migratory', 'emigrant', 'credible fear', 'refugee admissions', 'resettlement', 'resettle', 'humanitarian parole',
    'parole', 'Temporary Protected Status', 'TPS', 'deport', 'expedited removal', 'removal flight',
    'removal proceedings', 'repatriation flight', 'lawful pathway', 'legal pathway', 'pathway to citizenship',
    'citizenship', 'naturalization', 'green card', 'work permit', 'labor mobility', 'temporary worker',
    'seasonal worker', 'guest worker', 'H-2A', 'H-2B', 'displaced', 'displacement', 'unaccompanied',
    'unaccompanied children', 'family reunification', 'reunification', 'reunite', 'family unit', 'root causes',
    'pull factors', 'migrant smuggling', 'coyote', 'pollero', 'smuggling of migrants', 'unlawfully cross',
    'illegally cross', 'cross unlawfully', 'cross illegally', 'unlawful entry', 'illegal entry', 'irregular', 'shelter',
    'CBP custody', 'Border Patrol custody', 'Border Patrol facility', 'unlawful crossing', 'illegal crossing',
    'irregular crossing', 'Title 42', 'Remain in Mexico', 'CBP One',
  ],
  economy: [
    'USMCA', 'T-MEC', 'invest', 'private sector', 'private-sector', 'business', 'businessman', 'businesswoman',
    'company', 'entrepreneur', 'small business', 'workforce', 'worker', 'labor', 'labour', 'labor rights', 'wage',
    'income', 'poverty', 'prosperity', 'prosperous', 'inflation', 'tax', 'fiscal', 'recession', 'finance', 'financial',
    'economic development', 'development finance', 'development bank', 'multilateral development bank',
    'Inter-American Development Bank', 'IDB', 'World Bank', 'IMF', 'International Monetary Fund',
    'Development Finance Corporation', 'DFC', 'aid', 'humanitarian assistance', 'humanitarian relief',
    'economic assistance', 'foreign assistance', 'development assistance', 'infrastructure', 'digital economy',
    'digital transformation', 'telecommunications', 'telecom', 'broadband', 'semiconductor', 'critical minerals',
    'electric vehicle', 'agricultural', 'farmer', 'crops', 'food security', 'food insecurity', 'food insecure',
    'food production', 'economic insecurity', 'environmental sustainability', 'tourism', 'clean energy',
    'renewable energy', 'energy transition', 'electricity', 'oil', 'climate', 'climate change', 'climate finance',
    'emissions', 'deforestation', 'decarbonization', 'American Rescue Plan', 'Rescue Plan', 'Inflation Reduction Act',
    'CHIPS and Science Act',
  ],
  border: [
    'southern border', 'northern border', 'border crossings', 'land port', 'international bridge', 'border checkpoint',
    'border patrol', 'Border Patrol facility', 'cross the border',
  ],
  'foreign-policy': [
    'diplomatic', 'diplomat', 'summit', 'ministerial', 'head of state', 'heads of state', 'heads of delegation',
    'presidential delegation', 'state visit', 'international community', 'international partners', 'ally', 'alliance',
    'sanction', 'multinational', 'geopolitical', 'G7', 'G-7', 'Quad', 'CARICOM', 'European Union', 'APEC', 'COP',
    'human rights', 'democracies', 'democratic governance', 'democratic institutions', 'democratic principles',
    'democratically elected', 'election', 'electoral', 'coup', 'authoritarian', 'dictatorship', 'free press',
    'independent media', 'press freedom', 'Latin America', 'the Americas', 'Canada', 'Canadian', 'Guatemala',
    'Guatemalan', 'Honduras', 'Honduran', 'El Salvador', 'Salvadoran', 'Belize', 'Nicaragua', 'Nicaraguan',
    'Costa Rica', 'Panama', 'Haiti', 'Haitian', 'Dominican Republic', 'Jamaica', 'Venezuelan', 'Cuban', 'Colombia',
    'Colombian', 'Ecuador', 'Peru', 'Bolivia', 'Chile', 'Brazil', 'Brazilian', 'Argentina', 'Argentine', 'Paraguay',
    'Uruguay', 'China', 'Russia', 'Ukraine', 'Ukrainian', 'Japan', 'South Korea', 'North Korea', 'India', 'Israel',
    'Iran', 'Saudi Arabia', 'Taiwan',
  ],
};

export const LEXICON_DROPS: Record<string, string[]> = {
  migration: ['Central America'],
};

/** keywords plus the missing additions, without the drops; null when nothing changes. */
export function reviseKeywords(keywords: string[], add: string[], drop: string[]): string[] | null {
  const dropped = new Set(drop.map((k) => k.toLowerCase()));
  const kept = keywords.filter((k) => !dropped.has(k.toLowerCase()));
  const have = new Set(kept.map((k) => k.toLowerCase()));
  const next = [...kept];
  for (const k of add) {
    if (have.has(k.toLowerCase())) continue;
    have.add(k.toLowerCase());
    next.push(k);
  }
  return next.length === keywords.length && next.every((k, i) => k === keywords[i]) ? null : next;
}

export class TopicLexiconAdditions1764385000000 implements MigrationInterface {
  name = 'TopicLexiconAdditions1764385000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await revise(queryRunner, LEXICON_ADDITIONS, LEXICON_DROPS);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await revise(queryRunner, LEXICON_DROPS, LEXICON_ADDITIONS);
  }
}

async function revise(queryRunner: QueryRunner, add: Record<string, string[]>, drop: Record<string, string[]>): Promise<void> {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const slugs = [...new Set([...Object.keys(add), ...Object.keys(drop)])];
  const rows: Array<{ id: number; slug: string; keywords: string | null }> = await queryRunner.query(`SELECT id, slug, keywords FROM topic`);
  for (const row of rows) {
    if (!slugs.includes(row.slug)) continue;
    let keywords: unknown;
    try {
      keywords = JSON.parse(row.keywords ?? '[]');
    } catch {
      continue; // not ours to repair
    }
    if (!Array.isArray(keywords) || !keywords.every((k) => typeof k === 'string')) continue;
    const next = reviseKeywords(keywords, add[row.slug] ?? [], drop[row.slug] ?? []);
    if (!next) continue;
    await queryRunner.query(postgres ? 'UPDATE topic SET keywords = $1 WHERE id = $2' : 'UPDATE topic SET keywords = ? WHERE id = ?', [JSON.stringify(next), row.id]);
  }
}
