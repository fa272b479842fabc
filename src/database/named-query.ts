import { DataSource } from 'typeorm';

/**
 * Hand-written SQL with `:name` and `:...list` parameters, as query builders take them, turned
 * into each driver's placeholders (`?` on SQLite, `$n` on PostgreSQL) and run.
 */
export function queryNamed<T = Record<string, unknown>>(dataSource: DataSource, sql: string, parameters: Record<string, unknown>): Promise<T[]> {
  const [query, values] = dataSource.driver.escapeQueryWithParameters(sql, parameters);
  return dataSource.query(query, values);
}
