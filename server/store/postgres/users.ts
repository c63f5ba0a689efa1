import { USER_PATCH_COLUMNS, userFromRow, type UserRow } from '../rows/users.js';
import type { UserRepository } from '../types.js';
import { Params, setClause, type Sql } from './sql.js';

const COLUMNS_SQL = `id, username, display_name, role, company_id, password_hash, disabled, token_version, created_at`;
const SQL = {
  count: `SELECT count(*)::int AS n FROM users`,
  insert: `INSERT INTO users (username, display_name, role, company_id, password_hash, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS_SQL}`,
  byId: `SELECT ${COLUMNS_SQL} FROM users WHERE id = $1`,
  byUsername: `SELECT ${COLUMNS_SQL} FROM users WHERE username = $1`,
  list: `SELECT ${COLUMNS_SQL} FROM users ORDER BY id`,
  enabledAdmins: `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled`,
};

export function postgresUsers(sql: Sql): UserRepository {
  const one = async (text: string, values: unknown[]) => {
    const row = await sql.one<UserRow>(text, values);
    return row ? userFromRow(row) : null;
  };
  return {
    count: async () => (await sql.one<{ n: number }>(SQL.count))!.n,
    insert: async (u) => (await one(SQL.insert, [u.username, u.displayName, u.role, u.companyId, u.passwordHash, u.createdAt]))!,
    byId: (id) => one(SQL.byId, [id]),
    byUsername: (username) => one(SQL.byUsername, [username]),
    list: async () => (await sql.rows<UserRow>(SQL.list)).map(userFromRow),
    update: async (id, patch) => {
      const params = new Params();
      const set = setClause(patch, USER_PATCH_COLUMNS, params);
      const updated = set ? await one(`UPDATE users SET ${set} WHERE id = ${params.add(id)} RETURNING ${COLUMNS_SQL}`, params.values) : await one(SQL.byId, [id]);
      if (!updated) throw new Error(`user ${id} vanished during update`);
      return updated;
    },
    countEnabledAdmins: async () => (await sql.one<{ n: number }>(SQL.enabledAdmins))!.n,
  };
}
