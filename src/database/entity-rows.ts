import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { SelectionTree } from '../common/preload/selection';

interface ColumnRead {
  property: string;
  key: string;
  column: ColumnMetadata;
}

/** Some of an entity's columns: how to select them and how to build the (partial) entity back. */
export class RowShape<T> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly prototype: object,
    private readonly prefix: string,
    readonly columns: readonly ColumnRead[],
  ) {}

  /** `alias.column AS "prefix_column", ...` for a SELECT list. */
  select(alias: string): string {
    return this.columns.map(({ column, key }) => `${alias}.${column.databaseName} AS "${key}"`).join(', ');
  }

  /** The entity from a row read with select(); null when its id is NULL (an outer join that found none). */
  read(row: Record<string, unknown>): T | null {
    const id = row[`${this.prefix}_id`];
    if (id === null || id === undefined) return null;
    const entity = Object.create(this.prototype) as Record<string, unknown>;
    const driver = this.dataSource.driver;
    for (const { property, key, column } of this.columns) entity[property] = driver.prepareHydratedValue(row[key], column);
    return entity as T;
  }
}

/**
 * Entities read from hand-written SQL: the select list of an entity's columns under a prefix,
 * and the entity built back from such a row with the driver's own conversions (dates, JSON,
 * booleans, transformers), so a row read here equals one a repository would return. For hot
 * read paths where TypeORM's query builder and result transformer cost more than the query.
 */
export class EntityRows<T extends ObjectLiteral> {
  private readonly byProperty = new Map<string, ColumnRead>();
  private readonly prototype: object;
  private readonly shapes = new Map<string, RowShape<T>>();
  /** Every column: what a repository would load. */
  readonly all: RowShape<T>;

  constructor(
    private readonly dataSource: DataSource,
    entity: EntityTarget<T>,
    private readonly prefix: string,
  ) {
    const metadata = dataSource.getMetadata(entity);
    this.prototype = (metadata.target as { prototype: object }).prototype;
    for (const column of metadata.columns) this.byProperty.set(column.propertyName, { property: column.propertyName, key: `${prefix}_${column.databaseName}`, column });
    this.all = new RowShape(dataSource, this.prototype, prefix, [...this.byProperty.values()]);
  }

  /**
   * Only the columns a GraphQL selection reads: its fields that are columns, the id, and the
   * columns `needed` (keys the caller joins on or sorts by). Fields in `loadedAhead` are the
   * caller's own to answer. Any other field has a resolver that may read any column: then all
   * of them, so a partial entity never reaches code that expects a whole one.
   */
  forSelection(selection: SelectionTree | undefined, needed: readonly string[] = [], loadedAhead: readonly string[] = []): RowShape<T> {
    if (!selection) return this.all;
    const properties = new Set(['id', ...needed]);
    for (const field of selection.keys()) {
      if (field === '__typename' || loadedAhead.includes(field)) continue;
      if (!this.byProperty.has(field)) return this.all;
      properties.add(field);
    }
    const key = [...properties].sort().join(',');
    let shape = this.shapes.get(key);
    if (!shape) {
      const columns = [...this.byProperty.values()].filter((c) => properties.has(c.property));
      this.shapes.set(key, (shape = new RowShape(this.dataSource, this.prototype, this.prefix, columns)));
    }
    return shape;
  }
}
