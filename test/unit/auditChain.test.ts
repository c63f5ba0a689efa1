import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/schemas/audit.js';
import { chainEntry, GENESIS_HASH, verifyChain } from '../../server/domain/auditChain.js';

function chain(n: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq++) {
    entries.push(
      chainEntry(
        { seq, at: `2026-11-25T01:00:0${seq % 10}.000Z`, actor: { kind: 'system' }, action: `test.${seq}`, caseId: seq, sessionId: null, details: { n: seq, nested: { b: 1, a: [1, 2] } } },
        entries.at(-1)?.hash ?? GENESIS_HASH,
      ),
    );
  }
  return entries;
}
const headOf = (entries: AuditEntry[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('audit hash chain', () => {
  it('verifies an intact chain', async () => {
    const entries = chain(5);
    expect(await verifyChain(entries, headOf(entries))).toEqual({ ok: true, checkedEntries: 5, headSeq: 5, firstBrokenSeq: null, problem: null });
    expect((await verifyChain([], null)).ok).toBe(true);
  });

  it('hashes a canonical encoding: key order does not matter, content does', () => {
    const [a] = chain(1);
    const reordered = chainEntry({ ...a!, details: { nested: { a: [1, 2], b: 1 }, n: 1 } }, GENESIS_HASH);
    expect(reordered.hash).toBe(a!.hash);
    expect(chainEntry({ ...a!, details: { n: 2, nested: { b: 1, a: [1, 2] } } }, GENESIS_HASH).hash).not.toBe(a!.hash);
  });

  it('finds an edited entry', async () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, details: { n: 999 } };
    expect(await verifyChain(entries, headOf(entries))).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('finds a deleted entry', async () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(await verifyChain(entries, headOf(entries))).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('finds reordered entries even when their sequence numbers are swapped too', async () => {
    const entries = chain(5);
    const [third, fourth] = [entries[2]!, entries[3]!];
    entries[2] = { ...fourth, seq: 3 };
    entries[3] = { ...third, seq: 4 };
    expect(await verifyChain(entries, headOf(chain(5)))).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('finds entries cut off the end by comparing with the recorded head', async () => {
    const entries = chain(5);
    const head = headOf(entries);
    expect(await verifyChain(entries.slice(0, 3), head)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('finds a re-chained forgery that does not match the head', async () => {
    const entries = chain(5);
    const head = headOf(entries);
    const forged = chain(5).map((e) => ({ ...e }));
    forged[4] = chainEntry({ ...forged[4]!, details: { forged: true } }, forged[3]!.hash);
    expect(await verifyChain(forged, head)).toMatchObject({ ok: false, firstBrokenSeq: 5 });
  });

  it('holds entries appended after the head was read, as on a busy server or cluster', async () => {
    const entries = chain(5);
    expect(await verifyChain(entries, headOf(entries.slice(0, 3)))).toEqual({ ok: true, checkedEntries: 5, headSeq: 5, firstBrokenSeq: null, problem: null });
  });

  it('finds the entry at the head replaced, even with a re-chained tail after it', async () => {
    const entries = chain(5);
    const head = headOf(entries.slice(0, 3));
    const forged = entries.slice(0, 2);
    for (const e of entries.slice(2)) forged.push(chainEntry({ ...e, details: { forged: true } }, forged.at(-1)!.hash));
    expect(await verifyChain(forged, head)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });
});
