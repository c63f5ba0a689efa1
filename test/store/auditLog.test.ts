import { beforeEach, describe, expect, it } from 'vitest';
import { recordAudit, SYSTEM_ACTOR } from '../../server/audit/trail.js';
import { chainEntry, GENESIS_HASH } from '../../server/domain/auditChain.js';
import { verifyAuditLog } from '../../server/services/auditLog.js';
import type { OpenStore } from '../../server/store/open.js';
import type { AuditEntry } from '../../shared/schemas/audit.js';
import { at } from '../support/records.js';
import { STORE_KINDS, useStores } from '../support/stores.js';

const MS = Date.parse(at(0));
const engineer = { kind: 'user', userId: 7, role: 'engineer', name: 'Kim' } as const;

/** The store contract for the audit chain, held by both stores alike. */
describe.each(STORE_KINDS)('the %s store keeps one audit chain', (kind) => {
  const stores = useStores(kind);
  let store: OpenStore;
  beforeEach(async () => {
    store = await stores.fresh();
  });
  /** `n` entries, each in its own transaction as services write them. */
  const append = async (n: number, input: Partial<Parameters<typeof recordAudit>[2]> = {}, minuteStep = 1) => {
    const written: AuditEntry[] = [];
    for (let i = 0; i < n; i++) {
      written.push(await store.write((tx) => recordAudit(tx, MS + written.length * minuteStep * 60_000, { actor: SYSTEM_ACTOR, action: 'test.step', details: { i }, ...input })));
    }
    return written;
  };

  it('chains each entry to the one before from the genesis hash, moves the head, and verifies', async () => {
    expect(await store.read.audit.head()).toBeNull();
    const [first, second] = await append(2, { actor: engineer, caseId: 3, sessionId: 4, details: { nested: { b: [1, 'two'], a: null }, text: '따옴표 "quoted" \\ \u0000' } });
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first!.hash });
    expect(await store.read.audit.head()).toEqual({ seq: 2, hash: second!.hash });
    expect(await store.read.audit.query({ afterSeq: 0, limit: 10 })).toEqual([first, second]);
    expect(await verifyAuditLog(store)).toEqual({ ok: true, checkedEntries: 2, headSeq: 2, firstBrokenSeq: null, problem: null });
  });

  it('filters by case, session, actor, action and time, and pages by sequence', async () => {
    await append(2);
    await store.write((tx) => recordAudit(tx, MS + 10 * 60_000, { actor: engineer, action: 'case.assigned', caseId: 3 }));
    await store.write((tx) => recordAudit(tx, MS + 20 * 60_000, { actor: engineer, action: 'session.opened', caseId: 3, sessionId: 9 }));
    const seqs = (q: Partial<Parameters<OpenStore['read']['audit']['query']>[0]>) => store.read.audit.query({ afterSeq: 0, limit: 100, ...q }).then((r) => r.map((e) => e.seq));
    expect(await seqs({ caseId: 3 })).toEqual([3, 4]);
    expect(await seqs({ sessionId: 9 })).toEqual([4]);
    expect(await seqs({ actorUserId: 7 })).toEqual([3, 4]);
    expect(await seqs({ action: 'test.step' })).toEqual([1, 2]);
    expect(await seqs({ from: '2026-11-25T10:10:00+09:00', to: at(15) })).toEqual([3]);
    expect(await seqs({ afterSeq: 1, limit: 2 })).toEqual([2, 3]);
  });

  it('streams a log longer than one page in order, whole or filtered', async () => {
    // 1,200 entries, 1,100 of them kept by the filter: both walks cross a page of 1,000.
    await store.write(async (tx) => {
      for (let i = 0; i < 1200; i++) await recordAudit(tx, MS + i, { actor: SYSTEM_ACTOR, action: i % 12 ? 'kept' : 'skipped', details: { i } });
    });
    const seqs: number[] = [];
    for await (const e of store.read.audit.all()) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    const kept: number[] = [];
    for await (const e of store.read.audit.all({ action: 'kept' })) kept.push(e.seq);
    expect(kept).toEqual(seqs.filter((seq) => (seq - 1) % 12 !== 0));
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedEntries: 1200 });
  });

  it('refuses to change or delete an entry, even for SQL behind the application', async () => {
    await append(3);
    await expect(stores.raw(`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(stores.raw('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
    if (kind === 'postgres') await expect(stores.raw('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedEntries: 3 });
  });

  it('refuses a second entry with a sequence number already taken', async () => {
    const [, second] = await append(2);
    const again = chainEntry({ seq: 2, at: at(5), actor: SYSTEM_ACTOR, action: 'forked', caseId: null, sessionId: null, details: {} }, second!.prevHash);
    await expect(store.write((tx) => tx.audit.append(again))).rejects.toThrow();
    expect(await store.read.audit.head()).toEqual({ seq: 2, hash: second!.hash });
  });

  it.each([
    ['an edited entry', `UPDATE audit_log SET details_json = '{"i":99}' WHERE seq = 3`, 3],
    ['a deleted entry', 'DELETE FROM audit_log WHERE seq = 2', 2],
    ['entries swapped with their sequence numbers', 'UPDATE audit_log SET seq = 999 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 999', 3],
    ['the last entry deleted', 'DELETE FROM audit_log WHERE seq = 5', 5],
    ['a changed actor', `UPDATE audit_log SET actor_json = '{"kind":"anonymous","ip":"198.51.100.1"}' WHERE seq = 1`, 1],
  ])('detects %s in the database', async (_name, sql, firstBrokenSeq) => {
    await append(5);
    await stores.tamper(sql);
    expect(await verifyAuditLog(store)).toMatchObject({ ok: false, firstBrokenSeq });
  });

  it('verifies intact while entries keep being appended', async () => {
    await store.write(async (tx) => {
      for (let i = 0; i < 1050; i++) await recordAudit(tx, MS + i, { actor: SYSTEM_ACTOR, action: 'before', details: { i } });
    });
    const appending = append(20, { action: 'during' });
    const verifications = [];
    for (let i = 0; i < 5; i++) verifications.push(await verifyAuditLog(store));
    await appending;
    expect(verifications.every((v) => v.ok)).toBe(true);
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedEntries: 1070 });
  });

  it.runIf(kind === 'postgres')('refuses an entry that does not link to the head, so the chain cannot fork', async () => {
    const [first] = await append(1);
    const stale = chainEntry({ seq: 2, at: at(5), actor: SYSTEM_ACTOR, action: 'forked', caseId: null, sessionId: null, details: {} }, GENESIS_HASH);
    await expect(store.write((tx) => tx.audit.append(stale))).rejects.toThrow(/does not follow the recorded head/);
    expect(await store.read.audit.head()).toEqual({ seq: 1, hash: first!.hash });
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedEntries: 1 });
  });
});
