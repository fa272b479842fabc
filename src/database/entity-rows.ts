import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Entities read from hand-written SQL: the select list of an entity's columns under a prefix,
 * and the entity built back from such a row with the driver's own conversions (dates, JSON,
 * booleans, transformers), so a row read here equals one a repository would return. For hot
 * read paths where TypeORM's query builder and result transformer cost more than the query.
 */
export class EntityRows<T extends ObjectLiteral> {
  private readonly columns: { property: string; key: string; column: import('typeorm/metadata/ColumnMetadata').ColumnMetadata }[];
  private readonly create: () => T;

  constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<T>,
    private readonly prefix: string,
  ) {
    const metadata = dataSource.getMetadata(entity);
    this.columns = metadata.columns.map((column) => ({ property: column.propertyName, key: `${prefix}_${column.databaseName}`, column }));
    const prototype = (metadata.target as { prototype: object }).prototype;
    this.create = () => Object.create(prototype) as T;
  }

  /** `alias.column AS "prefix_column", ...` for a SELECT list. */
  select(alias: string): string {
    return this.columns.map(({ column, key }) => `${alias}.${column.databaseName} AS "${key}"`).join(', ');
  }

  /** The entity from a row read with select(); null when its id is NULL (an outer join that found none). */
  read(row: Record<string, unknown>): T | null {
    if (row[`${this.prefix}_id`] === null || row[`${this.prefix}_id`] === undefined) return null;
    const entity = this.create() as Record<string, unknown>;
    const driver = this.dataSource.driver;
    for (const { property, key, column } of this.columns) entity[property] = driver.prepareHydratedValue(row[key], column);
    return entity as T;
  }
}
