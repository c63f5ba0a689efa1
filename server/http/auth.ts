import type { RequestHandler, Response } from 'express';
import { AppError } from '../../shared/errors.js';
import type { Role } from '../../shared/schemas/auth.js';
import type { AppContext } from '../context.js';
import type { AuthUser } from '../access/actors.js';
import { authenticate } from '../services/auth.js';

const USER = Symbol('user');
type WithUser = { [USER]?: AuthUser };

/** Requires `Authorization: Bearer <token>`; tokens are never accepted in URLs or cookies. */
export function requireAuth(ctx: Pick<AppContext, 'store' | 'tokens'>): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
    if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Send the access token as "Authorization: Bearer <token>".');
    (res.locals as WithUser)[USER] = await authenticate(ctx, match[1]);
    next();
  };
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
