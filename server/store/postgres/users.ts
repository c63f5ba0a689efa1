import type { UserPatch, UserRecord, UserRepository } from '../types.js';
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

const COLUMNS: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  companyId: 'company_id',
  passwordHash: 'password_hash',
  disabled: 'disabled',
  tokenVersion: 'token_version',
};

interface Row {
  id: number;
  username: string;
  display_name: string;
  role: UserRecord['role'];
  company_id: number | null;
  password_hash: string;
  disabled: boolean;
  token_version: number;
  created_at: string;
}

const toRecord = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  companyId: r.company_id,
  passwordHash: r.password_hash,
  disabled: r.disabled,
  tokenVersion: r.token_version,
  createdAt: r.created_at,
});

export function postgresUsers(sql: Sql): UserRepository {
  const one = async (text: string, values: unknown[]) => {
    const row = await sql.one<Row>(text, values);
    return row ? toRecord(row) : null;
  };
  return {
    count: async () => (await sql.one<{ n: number }>(SQL.count))!.n,
    insert: async (u) => (await one(SQL.insert, [u.username, u.displayName, u.role, u.companyId, u.passwordHash, u.createdAt]))!,
    byId: (id) => one(SQL.byId, [id]),
    byUsername: (username) => one(SQL.byUsername, [username]),
    list: async () => (await sql.rows<Row>(SQL.list)).map(toRecord),
    update: async (id, patch) => {
      const params = new Params();
      const set = setClause(patch, COLUMNS, params);
      const updated = set ? await one(`UPDATE users SET ${set} WHERE id = ${params.add(id)} RETURNING ${COLUMNS_SQL}`, params.values) : await one(SQL.byId, [id]);
      if (!updated) throw new Error(`user ${id} vanished during update`);
      return updated;
    },
    countEnabledAdmins: async () => (await sql.one<{ n: number }>(SQL.enabledAdmins))!.n,
  };
}
