import type { TopicLexiconEntry } from './ingest.types';

/**
 * The five agenda topics of the US - Mexico dialogue, seeded into the database. Keywords
 * are matched as whole words/phrases, case-insensitively (all-capital acronyms such as OAS
 * case-sensitively), with a plural 's'/'es' allowed; the longest match wins where phrases
 * overlap ("energy security" is economy, not security). Users can edit keywords later; the
 * ingest tags from whatever list it is given.
 */
export const DEFAULT_TOPICS: TopicLexiconEntry[] = [
  {
    slug: 'security',
    title: 'Security',
    parentSlug: null,
    keywords: [
      'security', 'security cooperation', 'national security', 'public security', 'counterterrorism', 'counter-terrorism',
      'terrorism', 'terrorist', 'drug', 'drugs', 'drug trafficking', 'drug cartel', 'cartel', 'narcotics', 'narcotrafficking',
      'narco-trafficking', 'heroin', 'fentanyl', 'opioid', 'cocaine', 'methamphetamine', 'trafficking', 'trafficker',
      'criminal organization', 'criminal group', 'transnational criminal organization', 'organized crime', 'crime', 'gang',
      'arms trafficking', 'arms sales', 'illegal guns', 'gun', 'firearm', 'weapon', 'bulk cash', 'money laundering',
      'extradition', 'eradication', 'law enforcement', 'police', 'rule of law', 'judicial reform', 'Merida Initiative',
      'military cooperation', 'defense cooperation', 'cybersecurity', 'intelligence sharing', 'homicide', 'kidnapping',
    ],
  },
  {
    slug: 'migration',
    title: 'Migration',
    parentSlug: null,
    keywords: [
      'migration', 'migrant', 'migrate', 'immigration', 'immigrant', 'emigration', 'irregular migration', 'illegal immigration',
      'undocumented', 'asylum', 'asylum seeker', 'refugee', 'deportation', 'deportee', 'deported', 'repatriation', 'returnee',
      'visa', 'push factors', 'Central America', 'Central American', 'Northern Triangle', 'southern border', 'remittance',
      'human smuggling', 'smuggler', 'unaccompanied minors', 'DACA', 'Dreamers',
    ],
  },
  {
    slug: 'economy',
    title: 'Economy',
    parentSlug: null,
    keywords: [
      'economy', 'economic', 'trade', 'trade deficit', 'trade agreement', 'trading', 'trading partner', 'tariff', 'NAFTA',
      'free trade', 'investment', 'investor', 'jobs', 'employment', 'manufacturing', 'export', 'import', 'commerce',
      'commercial', 'energy', 'energy security', 'energy reform', 'economic reforms', 'competitiveness', 'supply chain',
      'growth', 'goods', 'currency', 'peso', 'customs duties', 'border tax', 'market', 'industry', 'agriculture',
    ],
  },
  {
    slug: 'border',
    title: 'Border management',
    parentSlug: null,
    keywords: [
      'border', 'border management', 'border security', 'border wall', 'the wall', 'a wall', 'port of entry', 'ports of entry',
      'border crossing', 'cross-border', 'border infrastructure', 'customs', 'water resources', 'water sharing', 'water treaty',
      'public health threats', 'environmental concerns', 'environmental', 'transboundary', 'Rio Grande', 'border region',
      'border communities', 'frontier',
    ],
  },
  {
    slug: 'foreign-policy',
    title: 'Foreign policy',
    parentSlug: null,
    keywords: [
      'foreign policy', 'Organization of American States', 'OAS', 'United Nations', 'UN', 'Security Council',
      'regional and global challenges', 'global challenges', 'regional challenges', 'multilateral', 'diplomacy',
      'diplomatic relations', 'G20', 'G-20', 'Western Hemisphere', 'hemispheric', 'international organizations', 'NATO',
      'Venezuela', 'Cuba', 'Summit of the Americas',
    ],
  },
];
