import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';
import { Role } from './auth.js';

/** Who did it: a staff member, the end user's agent, or the server itself. */
export const AuditActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: Id, role: Role, name: z.string() }),
  z.object({ kind: z.literal('agent'), sessionId: Id, name: z.string() }),
  z.object({ kind: z.literal('system') }),
  /** An unauthenticated caller (a failed login or join attempt), known only by address. */
  z.object({ kind: z.literal('anonymous'), ip: z.string() }),
]);
export type AuditActor = z.infer<typeof AuditActor>;

/** One entry of the hash-chained audit log, as auditors read it. */
export const AuditEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: AuditActor,
  action: z.string(),
  caseId: Id.nullable(),
  sessionId: Id.nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = z.strictObject({
  caseId: Id.optional(),
  sessionId: Id.optional(),
  actorUserId: Id.optional(),
  action: z.string().trim().min(1).max(100).optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  /** Return entries with `seq` greater than this (keyset paging). */
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `afterSeq` to get the next page; null when this was the last. */
  nextAfterSeq: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

export const ChainVerification = z.object({
  ok: z.boolean(),
  checkedEntries: z.number().int(),
  headSeq: z.number().int(),
  /** The first sequence number at which the chain does not hold, or null. */
  firstBrokenSeq: z.number().int().nullable(),
  problem: z.string().nullable(),
});
export type ChainVerification = z.infer<typeof ChainVerification>;
