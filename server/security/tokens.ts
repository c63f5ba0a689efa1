import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { Role } from '../../shared/schemas/auth.js';

/** Staff access tokens. HS256 only: the algorithm is pinned on both sign and verify. */
const ALGORITHM = 'HS256';
export const TOKEN_AUDIENCE = 'remote-assist:staff';
export const TOKEN_ISSUER = 'remote-assist';

const Claims = z.object({
  sub: z.string().regex(/^\d+$/),
  role: Role,
  /** The user's token version: raised when the account is disabled or its role changes. */
  tv: z.number().int(),
  exp: z.number(),
});
export type StaffClaims = { userId: number; role: Role; tokenVersion: number; expiresAtMs: number };

export interface TokenService {
  issue(user: { id: number; role: Role; tokenVersion: number }): { token: string; expiresAtMs: number };
  /** Throws when the token is not one of ours, expired or malformed. */
  verify(token: string): StaffClaims;
}

export function createTokenService(opts: { secret: string; ttlSeconds: number; now: () => number }): TokenService {
  // One key object for the process: jsonwebtoken would otherwise derive it on every call.
  const key = createSecretKey(Buffer.from(opts.secret, 'utf8'));
  return {
    issue(user) {
      const nowSeconds = Math.floor(opts.now() / 1000);
      const exp = nowSeconds + opts.ttlSeconds;
      const token = jwt.sign({ role: user.role, tv: user.tokenVersion, iat: nowSeconds, exp }, key, {
        algorithm: ALGORITHM,
        audience: TOKEN_AUDIENCE,
        issuer: TOKEN_ISSUER,
        subject: String(user.id),
      });
      return { token, expiresAtMs: exp * 1000 };
    },
    verify(token) {
      const payload = jwt.verify(token, key, {
        algorithms: [ALGORITHM],
        audience: TOKEN_AUDIENCE,
        issuer: TOKEN_ISSUER,
        clockTimestamp: Math.floor(opts.now() / 1000),
      });
      const claims = Claims.parse(payload);
      return { userId: Number(claims.sub), role: claims.role, tokenVersion: claims.tv, expiresAtMs: claims.exp * 1000 };
    },
  };
}
