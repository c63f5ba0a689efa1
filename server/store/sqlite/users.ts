import type { UserPatch, UserRecord, UserRepository } from '../types.js';
import { bool, type Statements, updateColumns } from './statements.js';

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
  disabled: number;
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
  disabled: bool(r.disabled),
  tokenVersion: r.token_version,
  createdAt: r.created_at,
});

export function sqliteUsers(s: Statements): UserRepository {
  const byId = (id: number) => {
    const row = s.get(SQL.byId).get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  };
  return {
    count: async () => (s.get(SQL.count).get() as { n: number }).n,
    insert: async (u) => byId(Number(s.get(SQL.insert).run(u).lastInsertRowid))!,
    byId: async (id) => byId(id),
    byUsername: async (username) => {
      const row = s.get(SQL.byUsername).get(username) as Row | undefined;
      return row ? toRecord(row) : null;
    },
    list: async () => (s.get(SQL.list).all() as Row[]).map(toRecord),
    update: async (id, patch) => {
      updateColumns(s, 'users', id, patch, COLUMNS);
      const updated = byId(id);
      if (!updated) throw new Error(`user ${id} vanished during update`);
      return updated;
    },
    countEnabledAdmins: async () => (s.get(SQL.enabledAdmins).get() as { n: number }).n,
  };
}
