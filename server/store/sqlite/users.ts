import { USER_PATCH_COLUMNS, userFromRow, type UserRow } from '../rows/users.js';
import type { UserRepository } from '../types.js';
import { type Statements, updateColumns } from './statements.js';

const SELECT = `SELECT id, username, display_name, role, company_id, password_hash, disabled, token_version, created_at FROM users`;
const SQL = {
  count: `SELECT count(*) AS n FROM users`,
  insert: `INSERT INTO users (username, display_name, role, company_id, password_hash, created_at)
           VALUES (@username, @displayName, @role, @companyId, @passwordHash, @createdAt)`,
  byId: `${SELECT} WHERE id = ?`,
  byUsername: `${SELECT} WHERE username = ?`,
  list: `${SELECT} ORDER BY id`,
  enabledAdmins: `SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0`,
};

export function sqliteUsers(s: Statements): UserRepository {
  const byId = (id: number) => {
    const row = s.get(SQL.byId).get(id) as UserRow | undefined;
    return row ? userFromRow(row) : null;
  };
  return {
    count: async () => (s.get(SQL.count).get() as { n: number }).n,
    insert: async (u) => byId(Number(s.get(SQL.insert).run(u).lastInsertRowid))!,
    byId: async (id) => byId(id),
    byUsername: async (username) => {
      const row = s.get(SQL.byUsername).get(username) as UserRow | undefined;
      return row ? userFromRow(row) : null;
    },
    list: async () => (s.get(SQL.list).all() as UserRow[]).map(userFromRow),
    update: async (id, patch) => {
      updateColumns(s, 'users', id, patch, USER_PATCH_COLUMNS);
      const updated = byId(id);
      if (!updated) throw new Error(`user ${id} vanished during update`);
      return updated;
    },
    countEnabledAdmins: async () => (s.get(SQL.enabledAdmins).get() as { n: number }).n,
  };
}
