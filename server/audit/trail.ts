import type { AuditActor, AuditEntry } from '../../shared/schemas/audit.js';
import { chainEntry, GENESIS_HASH } from '../domain/auditChain.js';
import type { Repositories } from '../store/types.js';

export interface AuditRecordInput {
  actor: AuditActor;
  /** Dotted verb, subject first: `case.filed`, `user.disabled`, `request.refused`. */
  action: string;
  caseId?: number | null;
  sessionId?: number | null;
  /** Facts an auditor needs. Never a secret: no password, token, credential or join code. */
  details?: Record<string, unknown>;
}

/**
 * Appends one entry to the hash chain inside the caller's transaction, so the entry and the
 * change it records commit together or not at all.
 */
export async function recordAudit(tx: Repositories, atMs: number, input: AuditRecordInput): Promise<AuditEntry> {
  const head = await tx.audit.head();
  const entry = chainEntry(
    {
      seq: (head?.seq ?? 0) + 1,
      at: new Date(atMs).toISOString(),
      actor: input.actor,
      action: input.action,
      caseId: input.caseId ?? null,
      sessionId: input.sessionId ?? null,
      details: input.details ?? {},
    },
    head?.hash ?? GENESIS_HASH,
  );
  await tx.audit.append(entry);
  return entry;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system' };
