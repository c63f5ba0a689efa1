import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** A pool (reads, each statement on its own) or one client inside a transaction (writes). */
export type Queryable = Pool | PoolClient;

/** The three shapes of answer the repositories need, over either kind of connection. */
export class Sql {
  constructor(private readonly db: Queryable) {}

  async rows<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(text, values)).rows;
  }

  async one<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R | null> {
    return (await this.db.query<R>(text, values)).rows[0] ?? null;
  }

  /** Runs a statement; how many rows it changed. */
  async run(text: string, values: unknown[] = []): Promise<number> {
    return (await this.db.query(text, values)).rowCount ?? 0;
  }
}

/** Numbered parameters (`$1`, `$2`, …) for SQL assembled from optional parts. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * `SET <only the columns present in patch>` and its parameters. Column names come from the
 * caller's fixed map, never from the patch, so no input reaches the SQL text. Null when the patch
 * changes nothing.
 */
export function setClause<P extends object>(patch: P, columns: Record<keyof P, string>, params: Params, encode: (key: keyof P, value: unknown) => unknown = (_k, v) => v): string | null {
  const entries = (Object.entries(patch) as Array<[keyof P, unknown]>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return null;
  return entries.map(([k, v]) => `${columns[k]} = ${params.add(encode(k, v))}`).join(', ');
}

/**
 * A WHERE clause from the optional fields of a filter: one condition per field that is set,
 * joined with AND. `from`/`to` arrive as dates or date-times and are compared as ISO instants,
 * the form every timestamp column is stored in (as in the SQLite store).
 */
export function whereOf<F extends object>(filter: F, conditions: Array<[keyof F, (placeholder: string) => string]>, params: Params): string {
  const used = conditions.filter(([key]) => filter[key] !== undefined);
  const sql = used.map(([key, condition]) => {
    const value = filter[key];
    return condition(params.add(key === 'from' || key === 'to' ? new Date(value as string).toISOString() : value));
  });
  return sql.length ? ` WHERE ${sql.join(' AND ')}` : '';
}
