import type { AuditEntry, AuditPage, AuditQuery, ChainVerification } from '../../shared/schemas/audit.js';
import { recordAudit } from '../audit/trail.js';
import type { AppContext } from '../context.js';
import { userActor, type AuthUser } from '../access/actors.js';
import { verifyChain } from '../domain/auditChain.js';
import { spreadsheetCsv } from '../exports/spreadsheetCells.js';
import { CorruptRowError } from '../store/corruptRow.js';
import type { Store } from '../store/types.js';

type Deps = Pick<AppContext, 'store' | 'clock'>;

export async function listAudit(ctx: Deps, query: AuditQuery): Promise<AuditPage> {
  const entries = await ctx.store.read.audit.query(query);
  const last = entries.at(-1);
  return { entries, nextAfterSeq: entries.length === query.limit && last ? last.seq : null };
}

/**
 * Verifies the whole chain against the recorded head. An entry whose stored JSON no longer reads
 * as an entry was edited too: the chain is reported broken there, not the verification failed.
 */
export async function verifyAuditLog(store: Pick<Store, 'read'>): Promise<ChainVerification> {
  const head = await store.read.audit.head();
  try {
    return await verifyChain(store.read.audit.all(), head);
  } catch (error) {
    if (!(error instanceof CorruptRowError) || error.table !== 'audit_log') throw error;
    const seq = Number(error.rowKey);
    return { ok: false, checkedEntries: seq - 1, headSeq: head?.seq ?? 0, firstBrokenSeq: seq, problem: `${error.message}: the entry was edited` };
  }
}

export type ExportFormat = 'jsonl' | 'csv';

const CSV_HEADER = ['seq', 'at', 'actor_kind', 'actor_id', 'actor_name', 'actor_role', 'action', 'case_id', 'session_id', 'details', 'prev_hash', 'hash'];

function csvRow(e: AuditEntry): unknown[] {
  const a = e.actor;
  const id = a.kind === 'user' ? a.userId : a.kind === 'agent' ? a.sessionId : a.kind === 'anonymous' ? a.ip : '';
  const name = a.kind === 'user' || a.kind === 'agent' ? a.name : '';
  return [e.seq, e.at, a.kind, id, name, a.kind === 'user' ? a.role : '', e.action, e.caseId ?? '', e.sessionId ?? '', JSON.stringify(e.details), e.prevHash, e.hash];
}

/**
 * Streams the filtered log as JSON Lines or CSV. The export itself is recorded first, so the file an
 * auditor takes away always ends with (or after) the record of its own taking.
 */
export async function* exportAudit(ctx: Deps, actor: AuthUser, filter: Omit<AuditQuery, 'afterSeq' | 'limit'>, format: ExportFormat = 'jsonl'): AsyncGenerator<string> {
  await ctx.store.write((tx) => recordAudit(tx, ctx.clock.now(), { actor: userActor(actor), action: 'audit.exported', details: { format, filter } }));
  if (format === 'csv') yield `\uFEFF${spreadsheetCsv([CSV_HEADER])}`;
  for await (const entry of ctx.store.read.audit.all(filter)) yield format === 'csv' ? spreadsheetCsv([csvRow(entry)]) : `${JSON.stringify(entry)}\n`;
}
