import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenStore } from '../../server/store/open.js';
import type { OutboxRecord } from '../../server/store/types.js';
import { windowsDevice } from '../support/realtime.js';
import { at, newCase, seedPeople, T0, type Seeded } from '../support/records.js';
import { STORE_KINDS, useStores } from '../support/stores.js';

/** The store contract for live sessions and what follows them, held by both stores alike. */
describe.each(STORE_KINDS)('the %s store keeps sessions, consents and mail', (kind) => {
  const stores = useStores(kind);
  let store: OpenStore;
  let people: Seeded;
  let caseId: number;
  beforeEach(async () => {
    store = await stores.fresh();
    people = await seedPeople(store);
    caseId = (await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)))).id;
  });
  const openSession = (createdAt = T0, forCase = caseId) => store.write((tx) => tx.sessions.insert({ caseId: forCase, engineerId: people.engineerId, createdAt }));

  describe('sessions', () => {
    it('opens a session waiting, with no deadline, nothing granted and no warnings sent', async () => {
      const s = await openSession();
      expect(s).toEqual({
        id: s.id, caseId, engineerId: people.engineerId, status: 'waiting', createdAt: T0, agentJoinedAt: null, startedAt: null, deadlineAt: null,
        grantedMinutes: 0, endedAt: null, endReason: null, device: null, agentKind: null, agentIp: null, language: null, allowObservers: false, warningsSent: [],
      });
      expect(await store.read.sessions.byId(s.id)).toEqual(s);
      expect(await store.read.sessions.byId(9999)).toBeNull();
    });

    it('keeps the device report, the agent kind, warnings, fractions of minutes and the token hash through an update', async () => {
      const s = await openSession();
      const device = windowsDevice();
      const updated = await store.write((tx) =>
        tx.sessions.update(s.id, { status: 'active', agentJoinedAt: at(1), startedAt: at(2), deadlineAt: at(62.5), grantedMinutes: 60.5, device, agentKind: 'browser', agentIp: '203.0.113.7', language: 'ko', allowObservers: true, warningsSent: [10, 1], tokenHash: 'th-1' }),
      );
      expect(updated).toEqual({ ...s, status: 'active', agentJoinedAt: at(1), startedAt: at(2), deadlineAt: at(62.5), grantedMinutes: 60.5, device, agentKind: 'browser', agentIp: '203.0.113.7', language: 'ko', allowObservers: true, warningsSent: [10, 1] });
      expect(await store.read.sessions.byTokenHash('th-1')).toEqual(updated);
      expect(await store.read.sessions.byTokenHash('th-2')).toBeNull();
      expect(await store.write((tx) => tx.sessions.update(s.id, { device: null, warningsSent: [] }))).toMatchObject({ device: null, warningsSent: [] });
      await expect(store.write((tx) => tx.sessions.update(9999, { status: 'ended' }))).rejects.toThrow(/vanished/);
    });

    it('holds at most one session open per case', async () => {
      const first = await openSession();
      await expect(openSession(at(1))).rejects.toThrow();
      expect(await store.read.sessions.openForCase(caseId)).toEqual(first);
      await store.write((tx) => tx.sessions.update(first.id, { status: 'ended', endedAt: at(5), endReason: 'engineer_ended' }));
      expect(await store.read.sessions.openForCase(caseId)).toBeNull();
      const second = await openSession(at(6));
      expect((await store.read.sessions.forCase(caseId)).map((s) => s.id)).toEqual([first.id, second.id]);
      expect((await store.read.sessions.listOpen()).map((s) => s.id)).toEqual([second.id]);
    });

    it('finds the sessions alive in a period and searches them with their case, newest first', async () => {
      const other = (await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)))).id;
      const a = await openSession(at(0));
      const b = await openSession(at(60), other);
      await store.write((tx) => tx.cases.update(other, { outcome: 'resolved' }));
      expect((await store.read.sessions.aliveBetween(at(0), at(60))).map((s) => s.id)).toEqual([a.id]);
      expect((await store.read.sessions.aliveBetween(at(61), at(120))).map((s) => s.id)).toEqual([a.id, b.id]);
      const search = (f: Partial<Parameters<OpenStore['read']['sessions']['search']>[0]>) => store.read.sessions.search({ limit: 10, ...f });
      expect(await search({})).toEqual([{ ...b, companyId: people.companyId, caseOutcome: 'resolved' }, { ...a, companyId: people.companyId, caseOutcome: null }]);
      expect((await search({ outcome: 'resolved' })).map((s) => s.id)).toEqual([b.id]);
      expect((await search({ from: '2026-11-25T10:30:00+09:00' })).map((s) => s.id)).toEqual([b.id]);
      expect((await search({ to: at(30), engineerId: people.engineerId, companyId: people.companyId })).map((s) => s.id)).toEqual([a.id]);
      expect(await search({ engineerId: 9999 })).toEqual([]);
      expect(await search({ limit: 1 })).toHaveLength(1);
    });
  });

  describe('join codes', () => {
    it('finds the newest code of a hash, tells whether it is live, and is used once only', async () => {
      const s1 = await openSession();
      await store.write((tx) => tx.sessions.update(s1.id, { status: 'ended' }));
      const s2 = await openSession(at(1));
      const old = await store.write((tx) => tx.joinCodes.insert({ sessionId: s1.id, codeHash: 'h', expiresAt: at(10) }));
      const code = await store.write((tx) => tx.joinCodes.insert({ sessionId: s2.id, codeHash: 'h', expiresAt: at(11) }));
      expect(code).toEqual({ id: code.id, sessionId: s2.id, codeHash: 'h', expiresAt: at(11), usedAt: null });
      expect(await store.read.joinCodes.byHash('h')).toEqual(code);
      expect(await store.read.joinCodes.forSession(s1.id)).toEqual(old);
      expect(await store.read.joinCodes.isLive('h', at(10.5))).toBe(true);
      expect(await store.read.joinCodes.isLive('h', at(11))).toBe(false);
      await store.write((tx) => tx.joinCodes.markUsed(code.id, at(2)));
      await store.write((tx) => tx.joinCodes.markUsed(code.id, at(3)));
      expect(await store.read.joinCodes.byHash('h')).toMatchObject({ usedAt: at(2) });
      expect(await store.read.joinCodes.isLive('h', at(10.5))).toBe(false);
      expect(await store.read.joinCodes.isLive('h', at(9))).toBe(true);
      expect(await store.read.joinCodes.byHash('nothing')).toBeNull();
    });
  });

  describe('consents and extensions', () => {
    it('keeps every consent as recorded, in order', async () => {
      const s = await openSession();
      const consent = { sessionId: s.id, kind: 'session', decision: 'accept', at: at(1), textVersion: 'v1', textSha256: 'ab'.repeat(32), language: 'en', typedName: 'Lee Customer', ip: '203.0.113.7', deviceSummary: 'Windows 10', extensionMinutes: null, allowObservers: true } as const;
      const first = await store.write((tx) => tx.consents.insert(consent));
      const second = await store.write((tx) => tx.consents.insert({ ...consent, kind: 'extension', decision: 'decline', at: at(50), language: 'ko', extensionMinutes: 12.5, allowObservers: false }));
      expect(first).toEqual({ ...consent, id: first.id });
      expect(await store.read.consents.forSession(s.id)).toEqual([first, second]);
      expect(second).toMatchObject({ extensionMinutes: 12.5, allowObservers: false });
    });

    it('settles an extension request once, from pending only', async () => {
      const s = await openSession();
      const request = { id: 'ext-1', sessionId: s.id, minutes: 20, reason: 'reboot', requestedBy: people.engineerId, requestedAt: at(50), expiresAt: at(52) };
      const pending = await store.write((tx) => tx.extensions.insert(request));
      expect(pending).toEqual({ ...request, status: 'pending', answeredAt: null });
      expect(await store.read.extensions.pendingForSession(s.id)).toEqual(pending);
      expect(await store.read.extensions.listPending()).toEqual([pending]);
      await store.write((tx) => tx.extensions.settle('ext-1', 'accepted', at(51)));
      await store.write((tx) => tx.extensions.settle('ext-1', 'expired', at(52)));
      expect(await store.read.extensions.byId('ext-1')).toEqual({ ...request, status: 'accepted', answeredAt: at(51) });
      expect(await store.read.extensions.pendingForSession(s.id)).toBeNull();
      await store.write((tx) => tx.extensions.insert({ ...request, id: 'ext-2', requestedAt: at(55), expiresAt: at(57) }));
      expect((await store.read.extensions.forSession(s.id)).map((e) => e.id)).toEqual(['ext-1', 'ext-2']);
      expect((await store.read.extensions.listPending()).map((e) => e.id)).toEqual(['ext-2']);
      expect(await store.read.extensions.byId('none')).toBeNull();
    });
  });

  describe('reports, outbox and statistics mailings', () => {
    const mail = (overrides: Partial<OutboxRecord> = {}) => ({
      kind: 'report' as const, recipient: 'reports@alpha.example', subject: 'Result report', html: '<p>r</p>', text: 'r',
      attachments: [{ filename: 'report.json', contentType: 'application/json', content: '{"a":1}' }], nextAttemptAt: T0, createdAt: T0, reference: null, ...overrides,
    });

    it('keeps reports by case and by submission time', async () => {
      const report = { caseId, submittedBy: people.engineerId, submittedAt: at(90), cause: 'player_runtime', outcome: 'resolved', json: '{"x":1}', html: '<p>x</p>', outboxId: null };
      const saved = await store.write((tx) => tx.reports.insert(report));
      expect(saved).toEqual({ ...report, id: saved.id });
      expect(await store.read.reports.forCase(caseId)).toEqual([saved]);
      expect(await store.read.reports.submittedBetween(at(90), at(91))).toEqual([saved]);
      expect(await store.read.reports.submittedBetween(at(0), at(90))).toEqual([]);
    });

    it('queues mail pending, hands out what is due in order, and records delivery and failure', async () => {
      const later = await store.write((tx) => tx.outbox.insert(mail({ subject: 'later', nextAttemptAt: at(10) })));
      const first = await store.write((tx) => tx.outbox.insert(mail()));
      expect(first).toEqual({ ...mail(), id: first.id, status: 'pending', attempts: 0, lastError: null, deliveredAt: null });
      expect((await store.read.outbox.due(at(5))).map((m) => m.id)).toEqual([first.id]);
      expect((await store.read.outbox.due(at(10))).map((m) => m.id)).toEqual([first.id, later.id]);

      await store.write((tx) => tx.outbox.markFailed(first.id, 'connection refused', at(20)));
      expect(await store.read.outbox.byId(first.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connection refused', nextAttemptAt: at(20) });
      expect(await store.write((tx) => tx.outbox.retryNow(first.id, at(6)))).toBe(true);
      await store.write((tx) => tx.outbox.markDelivered(first.id, 'sent', at(7), '<id@smtp>'));
      expect(await store.read.outbox.byId(first.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null, deliveredAt: at(7), reference: '<id@smtp>' });
      expect(await store.write((tx) => tx.outbox.retryNow(first.id, at(8)))).toBe(false);
      expect((await store.read.outbox.due(at(30))).map((m) => m.id)).toEqual([later.id]);
      expect((await store.read.outbox.list(1)).map((m) => m.id)).toEqual([first.id]);
      expect(await store.read.outbox.byId(9999)).toBeNull();
    });

    it('keeps a file reference unless the delivery brings its own', async () => {
      const m = await store.write((tx) => tx.outbox.insert(mail({ reference: 'case-1' })));
      await store.write((tx) => tx.outbox.markDelivered(m.id, 'written', at(1), null));
      expect(await store.read.outbox.byId(m.id)).toMatchObject({ status: 'written', reference: 'case-1' });
    });

    it('records each month and company mailed, once', async () => {
      const m = await store.write((tx) => tx.outbox.insert(mail({ kind: 'statistics' })));
      expect(await store.read.statisticsMailings.has('2026-10', people.companyId)).toBe(false);
      await store.write((tx) => tx.statisticsMailings.insert('2026-10', people.companyId, m.id));
      expect(await store.read.statisticsMailings.has('2026-10', people.companyId)).toBe(true);
      expect(await store.read.statisticsMailings.has('2026-11', people.companyId)).toBe(false);
      await expect(store.write((tx) => tx.statisticsMailings.insert('2026-10', people.companyId, m.id))).rejects.toThrow();
    });
  });
});
