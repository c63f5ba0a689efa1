import type { CompanyRecord, CompanyRepository } from '../types.js';
import type { Statements } from './statements.js';

const SELECT = `SELECT id, name, report_email AS reportEmail, created_at AS createdAt FROM companies`;
const SQL = {
  insert: `INSERT INTO companies (name, report_email, created_at) VALUES (@name, @reportEmail, @createdAt)`,
  byId: `${SELECT} WHERE id = ?`,
  byName: `${SELECT} WHERE name = ?`,
  list: `${SELECT} ORDER BY name`,
  update: `UPDATE companies SET name = coalesce(@name, name), report_email = coalesce(@reportEmail, report_email) WHERE id = @id`,
  delete: `DELETE FROM companies WHERE id = ?`,
  references: `SELECT (SELECT count(*) FROM users WHERE company_id = @id) AS users,
                      (SELECT count(*) FROM cases WHERE company_id = @id) AS cases`,
};

export function sqliteCompanies(s: Statements): CompanyRepository {
  const byId = (id: number) => (s.get(SQL.byId).get(id) as CompanyRecord | undefined) ?? null;
  return {
    insert: async (c) => byId(Number(s.get(SQL.insert).run(c).lastInsertRowid))!,
    byId: async (id) => byId(id),
    byName: async (name) => (s.get(SQL.byName).get(name) as CompanyRecord | undefined) ?? null,
    list: async () => s.get(SQL.list).all() as CompanyRecord[],
    update: async (id, patch) => {
      s.get(SQL.update).run({ id, name: patch.name ?? null, reportEmail: patch.reportEmail ?? null });
      const updated = byId(id);
      if (!updated) throw new Error(`company ${id} vanished during update`);
      return updated;
    },
    delete: async (id) => {
      s.get(SQL.delete).run(id);
    },
    references: async (id) => s.get(SQL.references).get({ id }) as { users: number; cases: number },
  };
}
