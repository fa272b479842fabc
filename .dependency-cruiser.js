/**
 * Module boundaries (`npm run lint:deps`, run in .ci/run): which folder of src/ may import which.
 *
 * - Feature folders (one per part of the domain) may depend on each other, but never in a
 *   cycle: shared pieces move down to their owner or to an infrastructure folder.
 * - Infrastructure folders (common, config, database, logging, lifecycle, http) never import a
 *   feature.
 * - The pure ingest library (src/ingest) imports neither Nest, TypeORM nor a feature: it is
 *   text in, records out.
 */
const FEATURES = ['auth', 'briefings', 'briefing-import', 'candidates', 'commitments', 'countries', 'dashboard', 'dialogues', 'events', 'export', 'facets', 'health', 'ingest', 'meetings', 'organizations', 'participants', 'search', 'sources', 'statements', 'subscriptions', 'topics'];
const INFRASTRUCTURE = ['common', 'config', 'database', 'logging', 'lifecycle', 'http'];
const either = (names) => `^src/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-feature-cycles',
      comment: 'Feature folders depend on each other in one direction only: move the shared piece to its owner or down.',
      severity: 'error',
      scope: 'folder',
      from: { path: either(FEATURES) },
      to: { circular: true },
    },
    {
      name: 'infrastructure-imports-no-feature',
      comment: 'common/, config/, database/, logging/, lifecycle/ and http/ are below every feature.',
      severity: 'error',
      from: { path: either(INFRASTRUCTURE) },
      to: { path: either(FEATURES) },
    },
    {
      name: 'pure-ingest-library',
      comment: 'src/ingest is the pure parsing library: no Nest, no TypeORM, no feature.',
      severity: 'error',
      from: { path: '^src/ingest/' },
      to: { path: [`^node_modules/(@nestjs|typeorm)/`, either(FEATURES.filter((f) => f !== 'ingest'))] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
  },
};
