import type { CompanyRecord, CompanyRepository } from '../types.js';
import type { Sql } from './sql.js';

const COLUMNS_SQL = `id, name, report_email AS "reportEmail", created_at AS "createdAt"`;
const SQL = {
  insert: `INSERT INTO companies (name, report_email, created_at) VALUES ($1, $2, $3) RETURNING ${COLUMNS_SQL}`,
  byId: `SELECT ${COLUMNS_SQL} FROM companies WHERE id = $1`,
  // Names compare and sort regardless of case, as SQLite's COLLATE NOCASE column does.
  byName: `SELECT ${COLUMNS_SQL} FROM companies WHERE lower(name) = lower($1)`,
  list: `SELECT ${COLUMNS_SQL} FROM companies ORDER BY lower(name), id`,
  update: `UPDATE companies SET name = coalesce($2, name), report_email = coalesce($3, report_email) WHERE id = $1 RETURNING ${COLUMNS_SQL}`,
  delete: `DELETE FROM companies WHERE id = $1`,
  references: `SELECT (SELECT count(*)::int FROM users WHERE company_id = $1) AS users,
                      (SELECT count(*)::int FROM cases WHERE company_id = $1) AS cases`,
};

export function postgresCompanies(sql: Sql): CompanyRepository {
  return {
    insert: async (c) => (await sql.one<CompanyRecord>(SQL.insert, [c.name, c.reportEmail, c.createdAt]))!,
    byId: (id) => sql.one<CompanyRecord>(SQL.byId, [id]),
    byName: (name) => sql.one<CompanyRecord>(SQL.byName, [name]),
    list: () => sql.rows<CompanyRecord>(SQL.list),
    update: async (id, patch) => {
      const updated = await sql.one<CompanyRecord>(SQL.update, [id, patch.name ?? null, patch.reportEmail ?? null]);
      if (!updated) throw new Error(`company ${id} vanished during update`);
      return updated;
    },
    delete: async (id) => {
      await sql.run(SQL.delete, [id]);
    },
    references: async (id) => (await sql.one<{ users: number; cases: number }>(SQL.references, [id]))!,
  };
}
