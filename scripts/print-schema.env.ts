import { join } from 'node:path';

Object.assign(process.env, {
  DATABASE_URL: 'sqlite::memory:',
  DEMO_DATA: 'false',
  GRAPHQL_SCHEMA_FILE: join(process.cwd(), 'schema.gql'),
});
