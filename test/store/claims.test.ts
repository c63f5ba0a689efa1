import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenStore } from '../../server/store/open.js';
import type { OutboxRecord } from '../../server/store/types.js';
import { at, newCase, seedPeople, T0, type Seeded } from '../support/records.js';
import { STORE_KINDS, useStores } from '../support/stores.js';

/**
 * The store contract for due work that any node may do but one does: the live sessions' stored
 * timers and the outbox's deliveries, claimed for a while by one node. Held by both stores alike;
 * with several store instances on one PostgreSQL database (several nodes), each item goes to one.
 */
describe.each(STORE_KINDS)('the %s store hands out due work to one claimant', (kind) => {
  const stores = useStores(kind);
  let store: OpenStore;
  let people: Seeded;
  let sessionId: number;
  beforeEach(async () => {
    store = await stores.fresh();
    people = await seedPeople(store);
    const caseId = (await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)))).id;
    sessionId = (await store.write((tx) => tx.sessions.insert({ caseId, engineerId: people.engineerId, createdAt: T0 }))).id;
  });
  const claim = (s: OpenStore, now: string, by: string, until = at(100), limit = 10) => s.write((tx) => tx.timers.claimDue({ now, until, by, limit }));
  const timer = (key: string, dueAt: string) => ({ key, sessionId, dueAt });

  describe('session timers', () => {
    it('keeps one due-time per key, replaced when set again, and clears them by key or by session', async () => {
      await store.write(async (tx) => {
        await tx.timers.set(timer('session:1:deadline', at(60)));
        await tx.timers.set(timer('session:1:warning:10', at(50)));
        await tx.timers.set(timer('session:1:deadline', at(70)));
      });
      expect(await store.read.timers.byKey('session:1:deadline')).toEqual(timer('session:1:deadline', at(70)));
      expect(await store.read.timers.forSession(sessionId)).toEqual([timer('session:1:warning:10', at(50)), timer('session:1:deadline', at(70))]);
      expect(await store.write((tx) => tx.timers.setIfAbsent(timer('session:1:deadline', at(80))))).toBe(false);
      expect(await store.write((tx) => tx.timers.setIfAbsent(timer('session:1:grace:agent', at(2))))).toBe(true);
      expect(await store.read.timers.byKey('session:1:deadline')).toMatchObject({ dueAt: at(70) });
      await store.write((tx) => tx.timers.clear('session:1:warning:10'));
      expect((await store.read.timers.forSession(sessionId)).map((t) => t.key)).toEqual(['session:1:grace:agent', 'session:1:deadline']);
      await store.write((tx) => tx.timers.clearSession(sessionId));
      expect(await store.read.timers.forSession(sessionId)).toEqual([]);
      expect(await store.read.timers.nextClaimableAt()).toBeNull();
    });

    it('claims what is due in due order, leaves the rest, and refuses a second claim until the first lapses', async () => {
      await store.write(async (tx) => {
        await tx.timers.set(timer('b', at(5)));
        await tx.timers.set(timer('a', at(5)));
        await tx.timers.set(timer('c', at(1)));
        await tx.timers.set(timer('later', at(30)));
      });
      expect(await store.read.timers.nextClaimableAt()).toBe(at(1));
      expect(await claim(store, at(10), 'node-1', at(12))).toEqual([
        { ...timer('c', at(1)), attempts: 1 },
        { ...timer('a', at(5)), attempts: 1 },
        { ...timer('b', at(5)), attempts: 1 },
      ]);
      expect(await claim(store, at(11), 'node-2')).toEqual([]);
      // Claimed ones are claimable again when their claim lapses; before that, the next is `later`.
      expect(await store.read.timers.nextClaimableAt()).toBe(at(12));
      expect((await claim(store, at(12), 'node-2', at(13), 2)).map((t) => [t.key, t.attempts])).toEqual([['c', 2], ['a', 2]]);
    });

    it('removes a fired timer on release only if it is the claimant’s and was not set anew meanwhile', async () => {
      await store.write(async (tx) => {
        await tx.timers.set(timer('deadline', at(5)));
        await tx.timers.set(timer('warning', at(4)));
      });
      const claimed = await claim(store, at(5), 'node-1');
      await store.write(async (tx) => {
        // Moved while being fired (an extension): the new due-time is claimable at once and stays.
        await tx.timers.set(timer('deadline', at(50)));
        await tx.timers.release(claimed.find((t) => t.key === 'deadline')!, 'node-1');
        await tx.timers.release(claimed.find((t) => t.key === 'warning')!, 'node-2');
      });
      expect(await store.read.timers.byKey('deadline')).toEqual(timer('deadline', at(50)));
      expect(await store.read.timers.byKey('warning')).not.toBeNull();
      await store.write((tx) => tx.timers.release(claimed.find((t) => t.key === 'warning')!, 'node-1'));
      expect(await store.read.timers.byKey('warning')).toBeNull();
      expect(await claim(store, at(50), 'node-2')).toEqual([{ ...timer('deadline', at(50)), attempts: 1 }]);
    });

    it('keeps the claim on a timer set again to the same due-time', async () => {
      await store.write((tx) => tx.timers.set(timer('deadline', at(5))));
      await claim(store, at(5), 'node-1', at(20));
      await store.write((tx) => tx.timers.set(timer('deadline', at(5))));
      expect(await claim(store, at(6), 'node-2')).toEqual([]);
    });
  });

  describe('outbox deliveries', () => {
    const mail = (overrides: Partial<OutboxRecord> = {}) => ({
      kind: 'report' as const, recipient: 'reports@alpha.example', subject: 'Result report', html: '<p>r</p>', text: 'r',
      attachments: [], nextAttemptAt: T0, createdAt: T0, reference: null, ...overrides,
    });
    const claimMail = (s: OpenStore, now: string, by: string, until = at(100)) => s.write((tx) => tx.outbox.claimDue({ now, until, by, limit: 10 }));

    it('claims due pending mail for one node until delivered, failed or lapsed', async () => {
      const second = await store.write((tx) => tx.outbox.insert(mail({ subject: 'second', nextAttemptAt: at(2) })));
      const first = await store.write((tx) => tx.outbox.insert(mail({ subject: 'first', nextAttemptAt: at(1) })));
      const later = await store.write((tx) => tx.outbox.insert(mail({ subject: 'later', nextAttemptAt: at(30) })));
      expect((await claimMail(store, at(5), 'node-1', at(15))).map((m) => m.subject)).toEqual(['first', 'second']);
      expect(await claimMail(store, at(6), 'node-2')).toEqual([]);
      // A failure hands it back with its next attempt's time; a delivery takes it out.
      await store.write((tx) => tx.outbox.markFailed(first.id, 'connection refused', at(8)));
      await store.write((tx) => tx.outbox.markDelivered(second.id, 'sent', at(7), null));
      expect((await claimMail(store, at(8), 'node-2')).map((m) => m.id)).toEqual([first.id]);
      // node-2 died holding it: until its claim lapses, node-3 gets only what nobody holds.
      expect((await claimMail(store, at(99), 'node-3', at(200))).map((m) => m.id)).toEqual([later.id]);
      expect((await claimMail(store, at(100), 'node-3')).map((m) => m.id)).toEqual([first.id]);
    });
  });

  if (kind === 'postgres') {
    it('gives each due timer and message to exactly one of several nodes claiming at once', async () => {
      const nodes = [store, await stores.another(), await stores.another()];
      await store.write(async (tx) => {
        for (let i = 0; i < 30; i++) await tx.timers.set(timer(`t${String(i).padStart(2, '0')}`, at(i % 5)));
        for (let i = 0; i < 30; i++) await tx.outbox.insert(numberedMail(i));
      });
      const rounds = await Promise.all(
        nodes.flatMap((node, n) =>
          Array.from({ length: 5 }, () => Promise.all([claim(node, at(10), `node-${n}`, at(20), 4), node.write((tx) => tx.outbox.claimDue({ now: at(10), until: at(20), by: `node-${n}`, limit: 4 }))])),
        ),
      );
      const timers = rounds.flatMap(([t]) => t.map((x) => x.key));
      const mails = rounds.flatMap(([, m]) => m.map((x) => x.id));
      expect(new Set(timers).size).toBe(timers.length);
      expect(new Set(mails).size).toBe(mails.length);
      expect(timers.length).toBe(30);
      expect(mails.length).toBe(30);
    });
  }
  function numberedMail(i: number) {
    return { kind: 'report' as const, recipient: 'r@alpha.example', subject: `m${i}`, html: '', text: '', attachments: [], nextAttemptAt: T0, createdAt: T0, reference: null };
  }
});
