import type { AuditPage, AuditQuery, ChainVerification } from '../../shared/schemas/audit.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext, AuthUser } from '../context.js';
import { verifyChain } from '../domain/auditChain.js';
import type { Store } from '../store/types.js';
import { userActor } from './actors.js';

type Deps = Pick<AppContext, 'store' | 'clock'>;

export async function listAudit(ctx: Deps, query: AuditQuery): Promise<AuditPage> {
  const entries = await ctx.store.read.audit.query(query);
  const last = entries.at(-1);
  return { entries, nextAfterSeq: entries.length === query.limit && last ? last.seq : null };
}

/** Verifies the whole chain against the recorded head. */
export async function verifyAuditLog(store: Pick<Store, 'read'>): Promise<ChainVerification> {
  return verifyChain(store.read.audit.all(), await store.read.audit.head());
}

/**
 * Streams the filtered log as JSON Lines. The export itself is recorded first, so the file an
 * auditor takes away always ends with (or after) the record of its own taking.
 */
export async function* exportAudit(ctx: Deps, actor: AuthUser, filter: Omit<AuditQuery, 'afterSeq' | 'limit'>): AsyncGenerator<string> {
  await ctx.store.write((tx) => recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'audit.exported', details: { format: 'jsonl', filter } }));
  for await (const entry of ctx.store.read.audit.all(filter)) yield `${JSON.stringify(entry)}\n`;
}
