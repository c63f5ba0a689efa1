import type { Request } from 'express';
import { AppError } from '../../shared/errors.js';
import type { AppContext } from '../context.js';
import { sessionTransition } from '../domain/sessions/stateMachine.js';
import { hashSessionToken } from '../security/joinCodes.js';
import type { SessionRecord } from '../store/types.js';

const BEARER = /^Bearer ([A-Za-z0-9_-]{20,128})$/;

/**
 * The session whose token the request carries as `Authorization: Bearer <session token>`, which
 * must be running: the end user's consent is recorded and the session has not ended. What the
 * end user's side fetches over HTTP (the agent's and the browser check's probes) goes through
 * here, so nothing flows before consent or after the end.
 */
export async function runningSessionOf(ctx: Pick<AppContext, 'store'>, req: Request): Promise<SessionRecord> {
  const session = await sessionOfToken(ctx, req);
  // What flows to the end user's side is a relay in the session's terms: only while it runs.
  sessionTransition(session.status, 'relay');
  return session;
}

/** The session whose token the request carries, in whatever state it is. */
export async function sessionOfToken(ctx: Pick<AppContext, 'store'>, req: Request): Promise<SessionRecord> {
  const token = BEARER.exec(req.get('authorization') ?? '')?.[1];
  const session = token ? await ctx.store.read.sessions.byTokenHash(hashSessionToken(token)) : null;
  if (!session) throw new AppError('SESSION_TOKEN_INVALID', 'Send the session token as "Authorization: Bearer <token>".');
  return session;
}
