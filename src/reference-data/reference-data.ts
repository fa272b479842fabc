import { DEFAULT_TOPICS } from '../ingest/default-topics';

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

const DESCRIPTIONS: Record<string, string> = {
  security: 'Drug trafficking, criminal organisations, arms and cash smuggling, counterterrorism, law enforcement cooperation.',
  migration: "Irregular migration, deportation and removals, asylum, Central America, Mexico's southern border.",
  economy: 'Trade, investment, NAFTA, energy, economic reforms and the flow of goods.',
  border: 'The shared border: ports of entry, infrastructure, the wall, water, public health, environment.',
  'foreign-policy': 'Regional and global cooperation: OAS, United Nations and other shared challenges.',
};

/**
 * The five agenda topics, with the keywords ingest tags by (the same lists the ingest library is
 * evaluated with). Seeded once; after that they are the users' to edit through the API.
 */
export const REFERENCE_TOPICS: ReferenceTopic[] = DEFAULT_TOPICS.map((t) => ({
  slug: t.slug,
  title: t.title,
  description: DESCRIPTIONS[t.slug] ?? '',
  keywords: [...t.keywords],
}));
