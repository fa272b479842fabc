import type { TopicLexiconEntry } from './ingest.types';

/**
 * The five agenda topics of the US - Mexico dialogue, seeded into the database. Keywords
 * are matched as whole words/phrases, case-insensitively (all-capital acronyms such as OAS
 * case-sensitively), with a plural 's'/'es' allowed and, for a lower-case last word, its
 * regular inflections (a lemma such as "deport" also finds "deported", "deporting"; see
 * inflectedForms in topics.ts); the longest match wins where phrases overlap ("energy
 * security" is economy, not security), and words listed under two topics tag both. Users can
 * edit keywords later; the ingest tags from whatever list it is given.
 *
 * Each list is the first list (the 2017 agenda's words) without DROPPED_KEYWORDS, followed by
 * ADDED_KEYWORDS: the vocabulary a policy analyst files under each area, for briefings of every
 * kind (2021-2024 White House calls, leaders' remarks). Databases seeded with the first list get
 * the same change from migration 1764385000000-TopicLexiconAdditions.
 */
export const FIRST_KEYWORDS: Record<string, string[]> = {
  security: [
    'security', 'security cooperation', 'national security', 'public security', 'counterterrorism', 'counter-terrorism',
    'terrorism', 'terrorist', 'drug', 'drugs', 'drug trafficking', 'drug cartel', 'cartel', 'narcotics', 'narcotrafficking',
    'narco-trafficking', 'heroin', 'fentanyl', 'opioid', 'cocaine', 'methamphetamine', 'trafficking', 'trafficker',
    'criminal organization', 'criminal group', 'transnational criminal organization', 'organized crime', 'crime', 'gang',
    'arms trafficking', 'arms sales', 'illegal guns', 'gun', 'firearm', 'weapon', 'bulk cash', 'money laundering',
    'extradition', 'eradication', 'law enforcement', 'police', 'rule of law', 'judicial reform', 'Merida Initiative',
    'military cooperation', 'defense cooperation', 'cybersecurity', 'intelligence sharing', 'homicide', 'kidnapping',
  ],
  migration: [
    'migration', 'migrant', 'migrate', 'immigration', 'immigrant', 'emigration', 'irregular migration', 'illegal immigration',
    'undocumented', 'asylum', 'asylum seeker', 'refugee', 'deportation', 'deportee', 'deported', 'repatriation', 'returnee',
    'visa', 'push factors', 'Central America', 'Central American', 'Northern Triangle', 'southern border', 'remittance',
    'human smuggling', 'smuggler', 'unaccompanied minors', 'DACA', 'Dreamers',
  ],
  economy: [
    'economy', 'economic', 'trade', 'trade deficit', 'trade agreement', 'trading', 'trading partner', 'tariff', 'NAFTA',
    'free trade', 'investment', 'investor', 'jobs', 'employment', 'manufacturing', 'export', 'import', 'commerce',
    'commercial', 'energy', 'energy security', 'energy reform', 'economic reforms', 'competitiveness', 'supply chain',
    'growth', 'goods', 'currency', 'peso', 'customs duties', 'border tax', 'market', 'industry', 'agriculture',
  ],
  border: [
    'border', 'border management', 'border security', 'border wall', 'the wall', 'a wall', 'port of entry', 'ports of entry',
    'border crossing', 'cross-border', 'border infrastructure', 'customs', 'water resources', 'water sharing', 'water treaty',
    'public health threats', 'environmental concerns', 'environmental', 'transboundary', 'Rio Grande', 'border region',
    'border communities', 'frontier',
  ],
  'foreign-policy': [
    'foreign policy', 'Organization of American States', 'OAS', 'United Nations', 'UN', 'Security Council',
    'regional and global challenges', 'global challenges', 'regional challenges', 'multilateral', 'diplomacy',
    'diplomatic relations', 'G20', 'G-20', 'Western Hemisphere', 'hemispheric', 'international organizations', 'NATO',
    'Venezuela', 'Cuba', 'Summit of the Americas',
  ],
};

/**
 * The analyst's vocabulary of each area, beyond the first list. Lemmas are enough: inflections
 * are matched. Not here on purpose: words whose everyday sense is another field ("wall",
 * "development", "return", "dialogue", "assistance", "democracy" as a shared value, "embassy"),
 * posts ("Foreign Minister", "Secretary of Economy": who speaks is not what is discussed) and
 * languages that are also nationalities ("Spanish", "French").
 */
export const ADDED_KEYWORDS: Record<string, string[]> = {
  security: [
    // crime and violence
    'criminal', 'criminal network', 'transnational organized crime', 'violence', 'violent', 'extortion', 'murder',
    'insecurity', 'public safety', 'citizen security', 'armed group',
    // trafficking and smuggling (smuggling of people is also migration)
    'smuggling', 'smuggle', 'human smuggling', 'migrant smuggling', 'smuggler', 'coyote', 'pollero', 'contraband', 'illicit',
    'precursor chemicals', 'synthetic drugs', 'overdose', 'illegal logging', 'illegal logger', 'illegal mining', 'illegal miner', 'illicit finance',
    'environmental crime', 'ammunition', 'illegal trade', 'illegal commerce',
    // corruption and justice
    'corruption', 'corrupt', 'impunity', 'bribery', 'prosecutor', 'prosecution', 'prosecute', 'justice system',
    // forces and threats
    'security forces', 'armed forces', 'military', 'army', 'navy', 'National Guard', 'extremism', 'cyberattack',
    'cyber attack', 'cybercrime', 'peacekeeping',
  ],
  migration: [
    'migratory', 'emigrant', 'credible fear', 'refugee admissions', 'resettlement', 'resettle', 'humanitarian parole', 'parole',
    'Temporary Protected Status', 'TPS', 'deport', 'expedited removal', 'removal flight', 'removal proceedings',
    'repatriation flight', 'lawful pathway', 'legal pathway', 'pathway to citizenship', 'citizenship', 'naturalization',
    'green card', 'work permit', 'labor mobility', 'temporary worker', 'seasonal worker', 'guest worker', 'H-2A', 'H-2B',
    'displaced', 'displacement', 'unaccompanied', 'unaccompanied children', 'family reunification',
    'reunification', 'reunite', 'family unit', 'root causes', 'pull factors', 'migrant smuggling', 'coyote', 'pollero',
    'smuggling of migrants', 'unlawfully cross', 'illegally cross', 'cross unlawfully', 'cross illegally', 'unlawful entry',
    'illegal entry', 'irregular', 'shelter', 'CBP custody', 'Border Patrol custody', 'Border Patrol facility',
    'unlawful crossing', 'illegal crossing', 'irregular crossing', 'Title 42', 'Remain in Mexico', 'CBP One',
  ],
  economy: [
    // trade, business and work
    'USMCA', 'T-MEC', 'invest', 'private sector', 'private-sector', 'business', 'businessman', 'businesswoman', 'company',
    'entrepreneur', 'small business', 'workforce', 'worker', 'labor', 'labour', 'labor rights', 'wage', 'income', 'poverty',
    'prosperity', 'prosperous', 'inflation', 'tax', 'fiscal', 'recession',
    // finance and development
    'finance', 'financial', 'economic development', 'development finance', 'development bank', 'multilateral development bank', 'Inter-American Development Bank',
    'IDB', 'World Bank', 'IMF', 'International Monetary Fund', 'Development Finance Corporation', 'DFC', 'aid',
    'humanitarian assistance', 'humanitarian relief', 'economic assistance', 'foreign assistance', 'development assistance',
    // sectors
    'infrastructure', 'digital economy', 'digital transformation', 'telecommunications', 'telecom', 'broadband',
    'semiconductor', 'critical minerals', 'electric vehicle', 'agricultural', 'farmer', 'crops', 'food security',
    'food insecurity', 'food insecure', 'food production', 'economic insecurity', 'environmental sustainability', 'tourism',
    // energy and climate (the economic agenda's energy transition)
    'clean energy', 'renewable energy', 'energy transition', 'electricity', 'oil', 'climate', 'climate change',
    'climate finance', 'emissions', 'deforestation', 'decarbonization',
    // economic legislation
    'American Rescue Plan', 'Rescue Plan', 'Inflation Reduction Act', 'CHIPS and Science Act',
  ],
  border: [
    'southern border', 'northern border', 'border crossings', 'land port', 'international bridge', 'border checkpoint',
    'border patrol', 'Border Patrol facility', 'cross the border',
  ],
  'foreign-policy': [
    // diplomacy and its forums
    'diplomatic', 'diplomat', 'summit', 'ministerial', 'head of state', 'heads of state', 'heads of delegation',
    'presidential delegation', 'state visit', 'international community', 'international partners', 'ally', 'alliance',
    'sanction', 'multinational', 'geopolitical', 'G7', 'G-7', 'Quad', 'CARICOM', 'European Union', 'APEC', 'COP',
    // democracy and rights abroad
    'human rights', 'democracies', 'democratic governance', 'democratic institutions', 'democratic principles',
    'democratically elected', 'election', 'electoral', 'coup', 'authoritarian', 'dictatorship', 'free press',
    'independent media', 'press freedom',
    // the region and third countries (relations with them are this dialogue's foreign policy)
    'Latin America', 'the Americas', 'Canada', 'Canadian', 'Guatemala', 'Guatemalan', 'Honduras', 'Honduran',
    'El Salvador', 'Salvadoran', 'Belize', 'Nicaragua', 'Nicaraguan', 'Costa Rica', 'Panama', 'Haiti', 'Haitian',
    'Dominican Republic', 'Jamaica', 'Venezuelan', 'Cuban', 'Colombia', 'Colombian', 'Ecuador', 'Peru', 'Bolivia', 'Chile',
    'Brazil', 'Brazilian', 'Argentina', 'Argentine', 'Paraguay', 'Uruguay', 'China', 'Russia', 'Ukraine', 'Ukrainian',
    'Japan', 'South Korea', 'North Korea', 'India', 'Israel', 'Iran', 'Saudi Arabia', 'Taiwan',
  ],
};

/**
 * First-list words that tag more wrongly than rightly: "Central America" names a region, and
 * paragraphs about it are as often about its economy or security as about migration (which
 * "root causes", "Northern Triangle", "Central American minors", "migrants" still find).
 */
export const DROPPED_KEYWORDS: Record<string, string[]> = {
  migration: ['Central America'],
};

const TITLES: Array<[slug: string, title: string]> = [
  ['security', 'Security'],
  ['migration', 'Migration'],
  ['economy', 'Economy'],
  ['border', 'Border management'],
  ['foreign-policy', 'Foreign policy'],
];

export const DEFAULT_TOPICS: TopicLexiconEntry[] = TITLES.map(([slug, title]) => ({
  slug,
  title,
  parentSlug: null,
  keywords: [...new Set([...FIRST_KEYWORDS[slug].filter((k) => !(DROPPED_KEYWORDS[slug] ?? []).includes(k)), ...ADDED_KEYWORDS[slug]])],
}));
