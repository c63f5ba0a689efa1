import type { ClosureRecord, ClosureRepository } from '../types.js';
import type { Sql } from './sql.js';

const SQL = {
  list: `SELECT date, reason FROM closure_days ORDER BY date`,
  upsert: `INSERT INTO closure_days (date, reason, created_by) VALUES ($1, $2, $3)
           ON CONFLICT (date) DO UPDATE SET reason = excluded.reason, created_by = excluded.created_by`,
  delete: `DELETE FROM closure_days WHERE date = $1`,
};

export function postgresClosures(sql: Sql): ClosureRepository {
  return {
    list: () => sql.rows<ClosureRecord>(SQL.list),
    upsert: async (c, createdBy) => {
      await sql.run(SQL.upsert, [c.date, c.reason, createdBy]);
    },
    delete: async (date) => (await sql.run(SQL.delete, [date])) > 0,
  };
}
