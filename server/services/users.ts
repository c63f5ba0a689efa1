import { AppError } from '../../shared/errors.js';
import type { CreateUserRequest, UpdateUserRequest, UserView } from '../../shared/schemas/auth.js';
import { userCompanyProblem } from '../../shared/schemas/auth.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import { userActor, type AuthUser } from '../access/actors.js';
import { hashPassword } from '../security/passwords.js';
import type { Repositories, UserPatch } from '../store/types.js';
import { toUserView } from './auth.js';

type Deps = Pick<AppContext, 'store' | 'clock'>;

export async function listUsers(ctx: Deps): Promise<UserView[]> {
  return (await ctx.store.read.users.list()).map(toUserView);
}

export async function getUser(ctx: Deps, id: number): Promise<UserView> {
  const user = await ctx.store.read.users.byId(id);
  if (!user) throw new AppError('NOT_FOUND', `No user ${id}.`);
  return toUserView(user);
}

async function requireCompany(tx: Repositories, companyId: number | null | undefined): Promise<void> {
  if (companyId === null || companyId === undefined) return;
  if (!(await tx.companies.byId(companyId))) {
    throw new AppError('VALIDATION_FAILED', `No company ${companyId}.`, { fields: { companyId: { code: 'INVALID', message: `No company ${companyId}.` } } });
  }
}

export async function createUser(ctx: Deps, actor: AuthUser, request: CreateUserRequest): Promise<UserView> {
  const passwordHash = await hashPassword(request.password);
  return ctx.store.write(async (tx) => {
    if (await tx.users.byUsername(request.username)) {
      throw new AppError('CONFLICT', `The username "${request.username}" is taken.`, { fields: { username: { code: 'INVALID', message: 'This username is taken.' } } });
    }
    await requireCompany(tx, request.companyId);
    const user = await tx.users.insert({
      username: request.username,
      displayName: request.displayName,
      role: request.role,
      companyId: request.role === 'callcenter' ? (request.companyId ?? null) : null,
      passwordHash,
      createdAt: new Date(ctx.clock.now()).toISOString(),
    });
    await recordAudit(tx, ctx.clock.now(), {
      actor: userActor(actor),
      action: 'user.created',
      details: { userId: user.id, username: user.username, role: user.role, companyId: user.companyId },
    });
    return toUserView(user);
  });
}

/**
 * Changes a user. Any change to role, company, password or the disabled flag raises the token
 * version, which invalidates every token issued before, and is announced as `accessRevoked`. The last enabled admin cannot be
 * disabled or demoted: nobody could administer the system afterwards.
 */
export async function updateUser(ctx: Deps & Pick<AppContext, 'userEvents'>, actor: AuthUser, id: number, request: UpdateUserRequest): Promise<UserView> {
  const passwordHash = request.password ? await hashPassword(request.password) : undefined;
  const { view, tokensInvalidated } = await ctx.store.write(async (tx) => {
    const before = await tx.users.byId(id);
    if (!before) throw new AppError('NOT_FOUND', `No user ${id}.`);
    const role = request.role ?? before.role;
    const companyId = request.companyId !== undefined ? request.companyId : role === 'callcenter' ? before.companyId : null;
    const problem = userCompanyProblem(role, companyId);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, { fields: { companyId: { code: 'INVALID', message: problem } } });
    await requireCompany(tx, companyId);
    const losesAdmin = before.role === 'admin' && !before.disabled && (role !== 'admin' || request.disabled === true);
    if (losesAdmin && (await tx.users.countEnabledAdmins()) <= 1) {
      throw new AppError('CONFLICT', 'This is the last enabled admin: create another admin first.');
    }
    const invalidatesTokens =
      role !== before.role || companyId !== before.companyId || passwordHash !== undefined || (request.disabled !== undefined && request.disabled !== before.disabled);
    const patch: UserPatch = {
      displayName: request.displayName,
      role,
      companyId,
      passwordHash,
      disabled: request.disabled,
      tokenVersion: invalidatesTokens ? before.tokenVersion + 1 : undefined,
    };
    const after = await tx.users.update(id, patch);
    await recordAudit(tx, ctx.clock.now(), {
      actor: userActor(actor),
      action: request.disabled === true && !before.disabled ? 'user.disabled' : 'user.updated',
      details: {
        userId: id,
        changed: Object.keys(request).filter((k) => k !== 'password').concat(passwordHash ? ['password'] : []).sort(),
        role: after.role,
        companyId: after.companyId,
        disabled: after.disabled,
        tokensInvalidated: invalidatesTokens,
      },
    });
    return { view: toUserView(after), tokensInvalidated: invalidatesTokens };
  });
  // After the commit: whatever still holds the old tokens (live viewer connections) is cut off now.
  if (tokensInvalidated) ctx.userEvents.emit('accessRevoked', id);
  return view;
}
