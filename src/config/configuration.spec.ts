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

  it('SQLite durability: synchronous FULL and a 5 s busy timeout by default, both configurable and validated', () => {
    expect(loadConfig({})).toMatchObject({ sqliteSynchronous: 'FULL', sqliteBusyTimeoutMs: 5000 });
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'normal', SQLITE_BUSY_TIMEOUT_MS: '250' })).toMatchObject({ sqliteSynchronous: 'NORMAL', sqliteBusyTimeoutMs: 250 });
    expect(loadConfig({ SQLITE_SYNCHRONOUS: 'OFF', SQLITE_BUSY_TIMEOUT_MS: '0' })).toMatchObject({ sqliteSynchronous: 'OFF', sqliteBusyTimeoutMs: 0 });
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'SOMETIMES' })).toThrow('SQLITE_SYNCHRONOUS must be one of EXTRA, FULL, NORMAL, OFF; got "SOMETIMES"');
    expect(() => loadConfig({ SQLITE_SYNCHRONOUS: 'FULL; DROP TABLE briefing' })).toThrow(/SQLITE_SYNCHRONOUS/);
    expect(() => loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '5s' })).toThrow('SQLITE_BUSY_TIMEOUT_MS must be a whole number');
    expect(() => loadConfig({ SQLITE_BUSY_TIMEOUT_MS: '-1' })).toThrow(/SQLITE_BUSY_TIMEOUT_MS/);
  });
});
