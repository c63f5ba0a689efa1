import type { ClosureRecord, ClosureRepository } from '../types.js';
import type { Statements } from './statements.js';

const SQL = {
  list: `SELECT date, reason FROM closure_days ORDER BY date`,
  upsert: `INSERT INTO closure_days (date, reason, created_by) VALUES (@date, @reason, @createdBy)
           ON CONFLICT (date) DO UPDATE SET reason = excluded.reason, created_by = excluded.created_by`,
  delete: `DELETE FROM closure_days WHERE date = ?`,
};

export function sqliteClosures(s: Statements): ClosureRepository {
  return {
    list: async () => s.get(SQL.list).all() as ClosureRecord[],
    upsert: async (c, createdBy) => {
      s.get(SQL.upsert).run({ ...c, createdBy });
    },
    delete: async (date) => s.get(SQL.delete).run(date).changes > 0,
  };
}
