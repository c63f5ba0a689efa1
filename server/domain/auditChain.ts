import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditActor, AuditEntry, ChainVerification } from '../../shared/schemas/audit.js';

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry says, before it is chained. */
export interface AuditContent {
  seq: number;
  at: string;
  actor: AuditActor;
  action: string;
  caseId: number | null;
  sessionId: number | null;
  details: Record<string, unknown>;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the entry including the previous hash, so any
 * change of content, order (the sequence number is hashed) or linkage changes the hash.
 */
export function hashEntry(content: AuditContent, prevHash: string): string {
  const { seq, at, actor, action, caseId, sessionId, details } = content;
  const canonical = canonicalize({ seq, at, actor, action, caseId, sessionId, details, prevHash });
  if (canonical === undefined) throw new Error('audit entry is not serialisable');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function chainEntry(content: AuditContent, prevHash: string): AuditEntry {
  return { ...content, prevHash, hash: hashEntry(content, prevHash) };
}

/** The newest entry as recorded separately from the log, so a cut-off tail is noticed. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/**
 * Walks the log in sequence order and reports the first entry at which it stops holding:
 * a gap (deleted entry), a wrong sequence (reordered), a broken link or a changed hash (edited),
 * or a log that does not reach the recorded head or holds another entry there (entries deleted
 * or replaced at the end).
 *
 * `head` is read before the walk starts. Entries after it that chain on correctly are entries
 * appended meanwhile (on a busy server or by the other nodes of a cluster) and hold like the rest:
 * refusing them would report a broken chain whenever someone works during a verification, and
 * whoever could forge such entries could move the head along with them anyway.
 */
export async function verifyChain(
  entries: AsyncIterable<AuditEntry> | Iterable<AuditEntry>,
  head: ChainHead | null,
): Promise<ChainVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let hashAtHead: string | null = null;
  const broken = (seq: number, problem: string): ChainVerification => ({
    ok: false, checkedEntries: checked, headSeq: head?.seq ?? 0, firstBrokenSeq: seq, problem,
  });
  for await (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return broken(Math.min(entry.seq, expectedSeq), `expected entry ${expectedSeq}, found ${entry.seq}: an entry was deleted or the order changed`);
    }
    if (entry.prevHash !== prevHash) return broken(entry.seq, 'does not link to the entry before it');
    if (hashEntry(entry, entry.prevHash) !== entry.hash) return broken(entry.seq, 'content does not match its hash: the entry was edited');
    if (entry.seq === head?.seq) hashAtHead = entry.hash;
    prevHash = entry.hash;
    expectedSeq++;
    checked++;
  }
  const lastSeq = expectedSeq - 1;
  if (head && head.seq > 0 && (lastSeq < head.seq || hashAtHead !== head.hash)) {
    return broken(Math.min(head.seq, lastSeq + 1), `the recorded head is entry ${head.seq} but the log ends at ${lastSeq}${lastSeq >= head.seq ? ' with another entry there' : ''}: entries were deleted or replaced at the end`);
  }
  return { ok: true, checkedEntries: checked, headSeq: lastSeq, firstBrokenSeq: null, problem: null };
}
