import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/** A join code: nine decimal digits, read out over the phone. */
export const JOIN_CODE_DIGITS = 9;

/** Uniformly random over 000000000–999999999 (randomInt draws without modulo bias). */
export function generateJoinCode(): string {
  return String(randomInt(0, 10 ** JOIN_CODE_DIGITS)).padStart(JOIN_CODE_DIGITS, '0');
}

/**
 * Codes are stored as HMAC-SHA256 under the server's secret: with only 10^9 codes a plain hash
 * would be reversed by brute force from a stolen database in seconds.
 */
export function hashJoinCode(code: string, secret: string): string {
  return createHmac('sha256', secret).update(`join-code:${code}`).digest('hex');
}


/** A session token: 256 random bits, so it is stored as a plain SHA-256. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
