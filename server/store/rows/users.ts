import type { UserPatch, UserRecord } from '../types.js';
import { type Flag, flag } from './flag.js';

/** A users row as both engines return it. */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: UserRecord['role'];
  company_id: number | null;
  password_hash: string;
  disabled: Flag;
  token_version: number;
  created_at: string;
}

/** The columns a patch may set, by the record's field. */
export const USER_PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  displayName: 'display_name',
  role: 'role',
  companyId: 'company_id',
  passwordHash: 'password_hash',
  disabled: 'disabled',
  tokenVersion: 'token_version',
};

export const userFromRow = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  companyId: r.company_id,
  passwordHash: r.password_hash,
  disabled: flag(r.disabled),
  tokenVersion: r.token_version,
  createdAt: r.created_at,
});
