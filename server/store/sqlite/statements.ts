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

export const bool = (v: unknown): boolean => v === 1 || v === true;
export const int = (v: boolean): number => (v ? 1 : 0);
