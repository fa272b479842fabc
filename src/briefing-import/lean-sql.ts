import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

// The ingest writer's SQL, lean: what a briefing's write runs many times or with many rows.

/**
 * Multi-row `INSERT ... VALUES (...), (...) [RETURNING ...]` for the ingest writer, one SQL
 * statement per chunk of rows, on SQLite and PostgreSQL alike.
 *
 * Why not `em.insert`: TypeORM's insert builder names a parameter per value and looks each one
 * up among all the others (quadratic in rows x columns; with a briefing's 70 statements and 36
 * candidates it cost more than the database did), writes numbers into the SQL text (so the
 * statement is new every time and never found in the prepared-statement cache), and cannot
 * return the ids of a multi-row insert on SQLite. Values are still converted by the driver
 * exactly as TypeORM converts them (transformers, dates, simple-json), and the statements go
 * through the entity manager (its transaction, its logger). Tables are named unqualified, as in
 * the project's other raw SQL (on PostgreSQL the schema is on the search_path).
 */
export async function insertRows<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  rows: Partial<T>[],
  options: { returning?: Array<keyof T & string>; chunk?: number } = {},
): Promise<T[]> {
  if (!rows.length) return [];
  const driver = em.connection.driver;
  const metadata = em.connection.getMetadata(target);
  const postgres = driver.options.type === 'postgres';
  // every column a row gives a value for (the generated id is left to the database)
  const columns = metadata.columns.filter((c) => !c.isVirtual && rows.some((r) => c.getEntityValue(r) !== undefined));
  const returning = (options.returning ?? []).map((p) => columnOf(metadata.columns, p));
  const head = `INSERT INTO ${driver.escape(metadata.tableName)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const tail = returning.length ? ` RETURNING ${returning.map((c) => driver.escape(c.databaseName)).join(', ')}` : '';
  const chunk = options.chunk ?? Math.max(1, Math.floor(10_000 / columns.length));
  const created: T[] = [];
  for (let from = 0; from < rows.length; from += chunk) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (const row of rows.slice(from, from + chunk)) {
      const cells: string[] = [];
      for (const column of columns) {
        const value = driver.preparePersistentValue(column.getEntityValue(row), column);
        params.push(value === undefined ? null : value);
        cells.push(postgres ? `$${params.length}` : '?');
      }
      tuples.push(`(${cells.join(', ')})`);
    }
    const raw = (await em.query(head + tuples.join(', ') + tail, params)) as Array<Record<string, unknown>>;
    if (!returning.length) continue;
    for (const record of raw) {
      const entity = em.create(target);
      for (const column of returning) column.setEntityValue(entity, driver.prepareHydratedValue(record[column.databaseName], column));
      created.push(entity);
    }
  }
  return created;
}

function columnOf(columns: ColumnMetadata[], property: string): ColumnMetadata {
  const column = columns.find((c) => c.propertyName === property);
  if (!column) throw new Error(`no column for property ${property}`);
  return column;
}

/**
 * A SELECT through the entity manager without TypeORM's query building and entity
 * transformation (a third of what a briefing's write cost in JavaScript): SQL with database
 * names, `:name` / `:...list` parameters as in query builders, and each row's columns hydrated
 * by the driver into the entity's properties.
 */
export async function selectRows<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, sql: string, parameters: ObjectLiteral = {}): Promise<T[]> {
  const driver = em.connection.driver;
  const metadata = em.connection.getMetadata(target);
  const [query, params] = driver.escapeQueryWithParameters(sql, parameters);
  const raw = (await em.query(query, params)) as Array<Record<string, unknown>>;
  return raw.map((record) => {
    const entity = em.create(target);
    for (const column of metadata.columns) {
      if (column.databaseName in record) column.setEntityValue(entity, driver.prepareHydratedValue(record[column.databaseName], column));
    }
    return entity;
  });
}
