import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { LoginRequest, LoginResponse, UserView } from '../../shared/schemas/auth.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import type { AuthUser } from '../access/actors.js';
import type { AttemptLimiter, AttemptOutcome, LimitVerdict } from '../security/failureLimiter.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../security/passwords.js';
import type { UserRecord } from '../store/types.js';

export function toUserView(u: UserRecord): UserView {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, companyId: u.companyId, disabled: u.disabled, createdAt: u.createdAt };
}

type LoginDeps = Pick<AppContext, 'store' | 'clock' | 'tokens' | 'loginLimits' | 'refusals'>;
type LoginScope = 'account' | 'address';

/**
 * Begins one login attempt on both limits, or refuses it while either is in force (counting the
 * refusal into the audit log per address, username and minute: hammering a waiting account must
 * not buy one synced audit write per attempt). The attempt is held until the returned function
 * settles it, so a burst of concurrent tries cannot all pass before the first of them fails.
 */
async function beginLogin(ctx: LoginDeps, username: string, ip: string): Promise<(outcome: AttemptOutcome) => Promise<void>> {
  const limits: Array<[AttemptLimiter, string, LoginScope]> = [
    [ctx.loginLimits.perAccount, `account:${username}`, 'account'],
    [ctx.loginLimits.perAddress, `address:${ip}`, 'address'],
  ];
  const begun: Array<[AttemptLimiter, string]> = [];
  const release = () => Promise.all(begun.map(([held, heldKey]) => held.end(heldKey, 'not_counted')));
  for (const [limiter, key, scope] of limits) {
    let verdict: LimitVerdict;
    try {
      verdict = await limiter.begin(key);
    } catch (error) {
      // The limits cannot be counted (Redis away): no password is checked, however right it may be.
      await release().catch(() => undefined);
      ctx.refusals.record({ action: 'auth.login_refused', ip, details: { username, reason: 'limits_unavailable' } });
      throw error;
    }
    if (!verdict.allowed) {
      await release();
      ctx.refusals.record({ action: 'auth.login_refused', ip, details: { username, reason: 'rate_limited', scope } });
      throw new AppError('RATE_LIMITED', 'Too many failed logins. Wait and try again.', { details: { retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) } });
    }
    begun.push([limiter, key]);
  }
  return async (outcome) => {
    const [[account, accountKey], [address, addressKey]] = begun as [[AttemptLimiter, string], [AttemptLimiter, string]];
    // A right password starts its account over, not its address: one address may try many accounts.
    await Promise.all([account.end(accountKey, outcome), address.end(addressKey, outcome === 'success' ? 'not_counted' : outcome)]);
  };
}

/**
 * Password login. Failures are limited per account and per address before the password is even
 * checked, and every failure is audited; the answer never says whether the username exists.
 */
export async function login(ctx: LoginDeps, request: LoginRequest, ip: string): Promise<LoginResponse> {
  const settle = await beginLogin(ctx, request.username, ip);
  let outcome: AttemptOutcome = 'not_counted';
  try {
    const user = await ctx.store.read.users.byUsername(request.username);
    const passwordOk = await verifyPassword(request.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!user || !passwordOk || user.disabled) {
      outcome = 'failure';
      await ctx.store.write((tx) =>
        recordAudit(tx, ctx.clock.now(), {
          actor: { kind: 'anonymous', ip },
          action: 'auth.login_failed',
          details: { username: request.username, reason: !user || !passwordOk ? 'bad_credentials' : 'disabled' },
        }),
      );
      throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password, or the account is disabled.');
    }
    const { token, expiresAtMs } = ctx.tokens.issue(user);
    await ctx.store.write((tx) =>
      recordAudit(tx, ctx.clock.now(), {
        actor: { kind: 'user', userId: user.id, role: user.role, name: user.displayName },
        action: 'auth.login',
        details: { ip },
      }),
    );
    outcome = 'success';
    return { token, expiresAt: new Date(expiresAtMs).toISOString(), user: toUserView(user) };
  } finally {
    await settle(outcome);
  }
}

/**
 * Resolves a bearer token to its user. A token stops working as soon as its user is disabled or
 * its token version moves on (role, company or password changed).
 */
export async function authenticate(ctx: Pick<AppContext, 'store' | 'tokens'>, token: string): Promise<AuthUser> {
  let claims;
  try {
    claims = ctx.tokens.verify(token);
  } catch (error) {
    throw new AppError('UNAUTHENTICATED', 'The access token is invalid or expired. Log in again.', { cause: error });
  }
  const user = await ctx.store.read.users.byId(claims.userId);
  if (!user || user.disabled || user.tokenVersion !== claims.tokenVersion || user.role !== claims.role) {
    throw new AppError('UNAUTHENTICATED', 'The access token is no longer valid. Log in again.');
  }
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, companyId: user.companyId };
}

/**
 * On a store with no users: create the bootstrap admin from configuration, or else one with a
 * random password written to `<data>/initial-admin-password` (owner-only) for the operator.
 */
export async function ensureBootstrapAdmin(ctx: Pick<AppContext, 'store' | 'clock' | 'config' | 'logger'>): Promise<void> {
  if ((await ctx.store.read.users.count()) > 0) return;
  const configured = ctx.config.bootstrapAdmin;
  const username = configured?.username ?? 'admin';
  const password = configured?.password ?? randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  const created = await ctx.store.write(async (tx) => {
    if ((await tx.users.count()) > 0) return null;
    const user = await tx.users.insert({ username, displayName: 'Administrator', role: 'admin', companyId: null, passwordHash, createdAt: new Date(ctx.clock.now()).toISOString() });
    await recordAudit(tx, ctx.clock.now(), { actor: { kind: 'system' }, action: 'user.bootstrapped', details: { userId: user.id, username } });
    return user;
  });
  if (!created) return;
  if (configured) {
    ctx.logger.info({ username }, 'created the bootstrap admin from RA_BOOTSTRAP_ADMIN');
  } else {
    const file = join(ctx.config.dataDir, 'initial-admin-password');
    writeFileSync(file, `${username}:${password}\n`, { mode: 0o600 });
    ctx.logger.warn({ username, file }, 'no users and no RA_BOOTSTRAP_ADMIN: created an admin whose password is in this file');
  }
}
