/** Reference data present in every database (DOMAIN.md); loaded idempotently at start. */
export const REFERENCE_COUNTRIES = [
  { code: 'US', name: 'United States' },
  { code: 'MX', name: 'Mexico' },
];

export const REFERENCE_DIALOGUES = [{ title: 'United States - Mexico', countries: ['US', 'MX'] }];

export interface ReferenceTopic {
  slug: string;
  title: string;
  description: string;
  keywords: string[];
}

/** The five agenda topics. Keywords feed ingest's topic tagging and are editable through the API. */
export const REFERENCE_TOPICS: ReferenceTopic[] = [
  {
    slug: 'security',
    title: 'Security',
    description: 'Drug trafficking, criminal organisations, arms and cash smuggling, counterterrorism, law enforcement cooperation.',
    keywords: [
      'security', 'drug', 'drugs', 'cartel', 'cartels', 'heroin', 'fentanyl', 'opium', 'poppy', 'eradication', 'trafficking',
      'criminal organization', 'criminal organizations', 'transnational criminal', 'extradition', 'extradite', 'arms', 'guns',
      'weapons', 'bulk cash', 'money laundering', 'counterterrorism', 'terrorism', 'terrorist', 'law enforcement', 'Merida',
      'violence', 'homicide', 'military', 'defense', 'navy',
    ],
  },
  {
    slug: 'migration',
    title: 'Migration',
    description: 'Irregular migration, deportation and removals, asylum, Central America, Mexico\'s southern border.',
    keywords: [
      'migration', 'migrant', 'migrants', 'immigration', 'immigrant', 'immigrants', 'deportation', 'deportations', 'deport',
      'deported', 'removal', 'removals', 'asylum', 'refugee', 'refugees', 'southern border', 'Central America', 'Central American',
      'undocumented', 'illegal aliens', 'repatriation', 'third-country nationals',
    ],
  },
  {
    slug: 'economy',
    title: 'Economy',
    description: 'Trade, investment, NAFTA, energy, economic reforms and the flow of goods.',
    keywords: [
      'economy', 'economic', 'economics', 'trade', 'trade deficit', 'tariff', 'tariffs', 'NAFTA', 'investment', 'investments',
      'jobs', 'commerce', 'commercial', 'energy', 'energy security', 'exports', 'imports', 'manufacturing', 'flow of goods',
      'economic reforms', 'business', 'prosperity', 'competitiveness',
    ],
  },
  {
    slug: 'border',
    title: 'Border management',
    description: 'The shared border: ports of entry, infrastructure, the wall, water, public health, environment.',
    keywords: [
      'border', 'border security', 'border management', 'ports of entry', 'port of entry', 'wall', 'water', 'water resources',
      'public health', 'environment', 'environmental', 'border crossing', 'border infrastructure', 'customs',
    ],
  },
  {
    slug: 'foreign-policy',
    title: 'Foreign policy',
    description: 'Regional and global cooperation: OAS, United Nations, Venezuela, Cuba and other shared challenges.',
    keywords: [
      'foreign policy', 'Organization of American States', 'OAS', 'United Nations', 'UN', 'regional and global challenges',
      'regional challenges', 'global challenges', 'hemisphere', 'hemispheric', 'Venezuela', 'Cuba', 'multilateral', 'diplomatic',
    ],
  },
];
