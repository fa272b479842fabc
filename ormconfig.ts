import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/configuration';
import { buildDataSourceOptions } from './src/database/data-source-options';
import { ENTITIES } from './src/entities';

/** The DataSource the TypeORM CLI uses: `npm run migration:run`, `npm run migration:revert`. */
export default new DataSource(buildDataSourceOptions(loadConfig(), { entities: ENTITIES }));
