import { join } from 'node:path';
import { loadConfig } from './configuration';

describe('loadConfig', () => {
  it('defaults to an SQLite file under ./data, port 3000, demo data on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      driver: 'better-sqlite3',
      sqlitePath: join(process.cwd(), 'data', 'tracker.sqlite'),
      demoData: true,
      logLevel: 'info',
    });
  });

  it('selects PostgreSQL from a postgres:// URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/db', DATABASE_SCHEMA: 'tracker', PORT: '4000' });
    expect(config).toMatchObject({ driver: 'postgres', databaseUrl: 'postgres://u@127.0.0.1:5432/db', databaseSchema: 'tracker', port: 4000 });
  });

  it('reads an SQLite path from sqlite:, file: or a bare path, and DEMO_DATA=false', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' }).sqlitePath).toBe('/tmp/x.sqlite');
    expect(loadConfig({ DATABASE_URL: 'file:///tmp/y.sqlite' }).sqlitePath).toBe('/tmp/y.sqlite');
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }).sqlitePath).toBe(':memory:');
    expect(loadConfig({ DEMO_DATA: 'FALSE' }).demoData).toBe(false);
  });
});
