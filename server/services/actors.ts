import type { AuditActor } from '../../shared/schemas/audit.js';
import type { AuthUser } from '../context.js';

export function userActor(user: AuthUser): AuditActor {
  return { kind: 'user', userId: user.id, role: user.role, name: user.displayName };
}
