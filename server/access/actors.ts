import type { AuditActor } from '../../shared/schemas/audit.js';
import type { Role } from '../../shared/schemas/auth.js';

/**
 * Who acts, as every layer names them: the authenticated staff member behind a request or a
 * staff socket, and the audit actors built from them. Below services and sessions, above nothing
 * but `shared/`, so both use-case layers can depend on it.
 */
export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  companyId: number | null;
}

export function userActor(user: AuthUser): AuditActor {
  return { kind: 'user', userId: user.id, role: user.role, name: user.displayName };
}

/** The end user's agent as an audit actor, named by the name they typed when they consented. */
export function agentActor(session: { id: number }, typedName?: string | null): AuditActor {
  return { kind: 'agent', sessionId: session.id, name: typedName ?? 'end-user agent' };
}

/** The server itself: timers, recovery, automatic case settlement. */
export const SYSTEM: AuditActor = { kind: 'system' };
