import type { Database, Statement } from 'better-sqlite3';

/** Prepares each SQL text once per connection. */
export class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

export const int = (v: boolean): number => (v ? 1 : 0);

/**
 * `UPDATE table SET <only the columns present in patch> WHERE id = @id`. Column names come from
 * the caller's fixed map, never from the patch, so no input reaches the SQL text.
 */
export function updateColumns<P extends object>(s: Statements, table: string, id: number, patch: P, columns: Record<keyof P, string>, encode: (key: keyof P, value: unknown) => unknown = (_k, v) => v): void {
  const entries = (Object.entries(patch) as Array<[keyof P, unknown]>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return;
  const set = entries.map(([k]) => `${columns[k]} = @${String(k)}`).join(', ');
  const values = Object.fromEntries(entries.map(([k, v]) => [k, encode(k, typeof v === 'boolean' ? int(v) : v)]));
  s.get(`UPDATE ${table} SET ${set} WHERE id = @id`).run({ ...values, id });
}

/**
 * A WHERE clause from the optional fields of a filter: one condition per field that is set,
 * joined with AND, and its named parameters. `from`/`to` arrive as dates or date-times and are
 * compared as ISO instants, the form every timestamp column is stored in.
 */
export function whereOf<F extends object>(filter: F, conditions: Array<[keyof F, string]>): { clause: string; params: Record<string, unknown> } {
  const used = conditions.filter(([key]) => filter[key] !== undefined);
  const params: Record<string, unknown> = {};
  for (const [key] of used) params[String(key)] = key === 'from' || key === 'to' ? new Date(filter[key] as string).toISOString() : filter[key];
  return { clause: used.length ? ` WHERE ${used.map(([, sql]) => sql).join(' AND ')}` : '', params };
}
