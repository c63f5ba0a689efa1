import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/schemas/auth.js';
import type { AppContext } from '../context.js';
import type { AuthUser } from '../access/actors.js';
import { authenticate } from '../services/auth.js';

const USER = Symbol('user');
type WithUser = { [USER]?: AuthUser };

const bearerToken = (req: Request): string | undefined => /^Bearer ([A-Za-z0-9._-]+)$/.exec(req.get('authorization') ?? '')?.[1];

/** Requires `Authorization: Bearer <token>`; tokens are never accepted in URLs or cookies. */
export function requireAuth(ctx: Pick<AppContext, 'store' | 'tokens'>): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Send the access token as "Authorization: Bearer <token>".');
    (res.locals as WithUser)[USER] = await authenticate(ctx, token);
    next();
  };
}

/**
 * Who sent a request that may have been refused before `requireAuth` ran (a body the parser
 * refused, an unknown route): the staff member behind a valid bearer token, or nobody. It never
 * refuses by itself, so the request's own answer stays what it was.
 */
export async function identifyCaller(ctx: Pick<AppContext, 'store' | 'tokens'>, req: Request, res: Response): Promise<AuthUser | undefined> {
  const known = currentUser(res, false);
  const token = bearerToken(req);
  if (known || !token) return known;
  try {
    const user = await authenticate(ctx, token);
    (res.locals as WithUser)[USER] = user; // so the request's log line names the user too
    return user;
  } catch {
    // An invalid, expired or revoked token identifies nobody: the refusal is not a user's.
    return undefined;
  }
}

/** The caller must have one of these roles. */
export function allow(...roles: Role[]): RequestHandler {
  return (_req, res, next) => {
    const user = currentUser(res);
    if (!roles.includes(user.role)) {
      throw new AppError('FORBIDDEN', `This needs the role ${roles.join(' or ')}; you are ${user.role}.`);
    }
    next();
  };
}

export function currentUser(res: Response): AuthUser;
export function currentUser(res: Response, required: false): AuthUser | undefined;
export function currentUser(res: Response, required = true): AuthUser | undefined {
  const user = (res.locals as WithUser)[USER];
  if (!user && required) throw new AppError('UNAUTHENTICATED', 'Log in first.');
  return user;
}
