import { z } from 'zod';
import { Id, line } from './common.js';
import { PASSWORD_MIN_LENGTH } from '../policy.js';

/** The four kinds of staff. Call-center staff belong to exactly one customer company. */
export const Role = z.enum(['admin', 'engineer', 'callcenter', 'auditor']);
export type Role = z.infer<typeof Role>;

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'Use 3–32 characters: letters, digits, dot, dash or underscore.');

export const Password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(200);

export const LoginRequest = z.strictObject({
  username: Username,
  // Not the creation policy: an old account may have a shorter password; we only bound the size.
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** A staff account as the API shows it (never with its password hash). */
export const UserView = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  companyId: Id.nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: UserView,
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** Call-center staff belong to exactly one company; nobody else belongs to any. */
export function userCompanyProblem(role: Role, companyId: number | null | undefined): string | null {
  const hasCompany = companyId !== undefined && companyId !== null;
  if (role === 'callcenter' && !hasCompany) return 'Call-center staff must belong to a customer company.';
  if (role !== 'callcenter' && hasCompany) return 'Only call-center staff belong to a customer company.';
  return null;
}

export const CreateUserRequest = z
  .strictObject({
    username: Username,
    displayName: line(100),
    role: Role,
    companyId: Id.nullable().optional(),
    password: Password,
  })
  .superRefine((v, ctx) => {
    const problem = userCompanyProblem(v.role, v.companyId);
    if (problem) ctx.addIssue({ code: 'custom', path: ['companyId'], message: problem, params: { code: 'INVALID' } });
  });
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** Partial update. Changing role, company, password or `disabled` invalidates the user's tokens. */
export const UpdateUserRequest = z
  .strictObject({
    displayName: line(100).optional(),
    role: Role.optional(),
    companyId: Id.nullable().optional(),
    password: Password.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update.' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;
