import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenStore } from '../../server/store/open.js';
import { at, newCase, seedPeople, storedIntake, T0, type Seeded } from '../support/records.js';
import { STORE_KINDS, useStores } from '../support/stores.js';

/** The store contract for the escalation desk's records, held by both stores alike. */
describe.each(STORE_KINDS)('the %s store keeps the desk records', (kind) => {
  const stores = useStores(kind);
  let store: OpenStore;
  let people: Seeded;
  beforeEach(async () => {
    store = await stores.fresh();
    people = await seedPeople(store);
  });

  describe('users', () => {
    it('inserts a user enabled at token version 0 and finds it by id and by name', async () => {
      const admin = await store.write((tx) => tx.users.insert({ username: 'root', displayName: 'Root', role: 'admin', companyId: null, passwordHash: 'h', createdAt: at(1) }));
      expect(admin).toEqual({ id: admin.id, username: 'root', displayName: 'Root', role: 'admin', companyId: null, passwordHash: 'h', disabled: false, tokenVersion: 0, createdAt: at(1) });
      expect(await store.read.users.byId(admin.id)).toEqual(admin);
      expect(await store.read.users.byUsername('root')).toEqual(admin);
      expect(await store.read.users.byUsername('ROOT')).toBeNull();
      expect(await store.read.users.byId(9999)).toBeNull();
      expect(await store.read.users.count()).toBe(3);
      expect((await store.read.users.list()).map((u) => u.username)).toEqual(['cca', 'eng1', 'root']);
    });

    it('changes only the fields of a patch, and refuses to update a user that does not exist', async () => {
      const updated = await store.write((tx) => tx.users.update(people.engineerId, { displayName: 'Kim', disabled: true, tokenVersion: 3 }));
      expect(updated).toMatchObject({ username: 'eng1', displayName: 'Kim', role: 'engineer', disabled: true, tokenVersion: 3, passwordHash: 'scrypt$x' });
      expect(await store.write((tx) => tx.users.update(people.engineerId, {}))).toEqual(updated);
      await expect(store.write((tx) => tx.users.update(9999, { displayName: 'x' }))).rejects.toThrow(/vanished/);
    });

    it('counts enabled admins only', async () => {
      const ids = await store.write(async (tx) => {
        const a = await tx.users.insert({ username: 'a1', displayName: 'A1', role: 'admin', companyId: null, passwordHash: 'h', createdAt: T0 });
        const b = await tx.users.insert({ username: 'a2', displayName: 'A2', role: 'admin', companyId: null, passwordHash: 'h', createdAt: T0 });
        return [a.id, b.id] as const;
      });
      expect(await store.read.users.countEnabledAdmins()).toBe(2);
      await store.write((tx) => tx.users.update(ids[1], { disabled: true }));
      expect(await store.read.users.countEnabledAdmins()).toBe(1);
    });

    it('refuses a second user of the same name and a call-center user without a company', async () => {
      await expect(store.write((tx) => tx.users.insert({ username: 'eng1', displayName: 'Again', role: 'engineer', companyId: null, passwordHash: 'h', createdAt: T0 }))).rejects.toThrow();
      await expect(store.write((tx) => tx.users.insert({ username: 'cc2', displayName: 'CC', role: 'callcenter', companyId: null, passwordHash: 'h', createdAt: T0 }))).rejects.toThrow();
      expect(await store.read.users.count()).toBe(2);
    });
  });

  describe('companies', () => {
    it('finds a company by name regardless of case, lists them by name, and refuses a name that differs only in case', async () => {
      const beta = await store.write((tx) => tx.companies.insert({ name: 'beta Academy', reportEmail: 'b@beta.example', createdAt: at(1) }));
      expect(beta).toEqual({ id: beta.id, name: 'beta Academy', reportEmail: 'b@beta.example', createdAt: at(1) });
      expect(await store.read.companies.byName('ALPHA LECTURES')).toMatchObject({ id: people.companyId });
      expect(await store.read.companies.byName('Gamma')).toBeNull();
      await store.write((tx) => tx.companies.insert({ name: 'Zeta', reportEmail: 'z@z.example', createdAt: T0 }));
      expect((await store.read.companies.list()).map((c) => c.name)).toEqual(['Alpha Lectures', 'beta Academy', 'Zeta']);
      await expect(store.write((tx) => tx.companies.insert({ name: 'BETA academy', reportEmail: 'x@x.example', createdAt: T0 }))).rejects.toThrow();
    });

    it('updates a name or an address alone, and deletes', async () => {
      const id = people.companyId;
      expect(await store.write((tx) => tx.companies.update(id, { reportEmail: 'new@alpha.example' }))).toMatchObject({ name: 'Alpha Lectures', reportEmail: 'new@alpha.example' });
      expect(await store.write((tx) => tx.companies.update(id, { name: 'Alpha Online' }))).toMatchObject({ name: 'Alpha Online', reportEmail: 'new@alpha.example' });
      await expect(store.write((tx) => tx.companies.update(9999, { name: 'x' }))).rejects.toThrow(/vanished/);
      const spare = await store.write((tx) => tx.companies.insert({ name: 'Spare', reportEmail: 's@s.example', createdAt: T0 }));
      await store.write((tx) => tx.companies.delete(spare.id));
      expect(await store.read.companies.byId(spare.id)).toBeNull();
    });

    it('counts the users and cases that refer to a company, and will not delete one that is referred to', async () => {
      await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)));
      expect(await store.read.companies.references(people.companyId)).toEqual({ users: 1, cases: 1 });
      await expect(store.write((tx) => tx.companies.delete(people.companyId))).rejects.toThrow();
      expect(await store.read.companies.byId(people.companyId)).not.toBeNull();
    });
  });

  describe('cases', () => {
    it('keeps the intake, the flags and the times exactly as filed', async () => {
      const intake = storedIntake({ urgent: true, pcSpec: { cpu: 'i3', ramGb: 4 } });
      const filed = await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId, { urgent: true, receivedWithinHours: false, nextOpeningAt: at(600), slaStartsAt: at(600), intake })));
      expect(filed).toEqual({
        id: filed.id, companyId: people.companyId, filedBy: people.callcenterId, status: 'received', outcome: null, outcomeNote: null, urgent: true,
        receivedAt: T0, queuedAt: T0, receivedWithinHours: false, nextOpeningAt: at(600), slaStartsAt: at(600), firstContactAt: null, assigneeId: null,
        intake, hasCredentials: false, closedAt: null,
      });
      expect(await store.read.cases.byId(filed.id)).toEqual(filed);
      expect(await store.read.cases.byId(9999)).toBeNull();
    });

    it('lists newest first with every filter, a limit and an offset', async () => {
      const ids = await store.write(async (tx) => {
        const made: number[] = [];
        for (let i = 0; i < 5; i++) made.push((await tx.cases.insert(newCase(people.companyId, people.callcenterId, { receivedAt: at(i * 60) }))).id);
        await tx.cases.update(made[1]!, { status: 'contacted', assigneeId: people.engineerId });
        await tx.cases.update(made[2]!, { status: 'closed', outcome: 'resolved', closedAt: at(500) });
        return made;
      });
      const list = (filter: Partial<Parameters<OpenStore['read']['cases']['list']>[0]>) => store.read.cases.list({ limit: 100, offset: 0, ...filter }).then((r) => r.map((c) => c.id));
      expect(await list({})).toEqual([...ids].reverse());
      expect(await list({ limit: 2, offset: 1 })).toEqual([ids[3], ids[2]]);
      expect(await list({ status: 'contacted' })).toEqual([ids[1]]);
      expect(await list({ assigneeId: people.engineerId })).toEqual([ids[1]]);
      expect(await list({ outcome: 'resolved' })).toEqual([ids[2]]);
      expect(await list({ companyId: people.companyId + 1000 })).toEqual([]);
      // `from` and `to` come as dates or instants with an offset and compare as instants.
      expect(await list({ from: '2026-11-25T11:00:00+09:00', to: at(180) })).toEqual([ids[2], ids[1]]);
      expect((await store.read.cases.listOpen()).map((c) => c.id).sort((a, b) => a - b)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
      expect((await store.read.cases.receivedOrClosedBetween(at(200), at(600))).map((c) => c.id)).toEqual([ids[2], ids[4]]);
    });

    it('updates only the given fields and refuses a case that does not exist', async () => {
      const filed = await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)));
      const updated = await store.write((tx) => tx.cases.update(filed.id, { firstContactAt: at(5), status: 'contacted', outcomeNote: null }));
      expect(updated).toEqual({ ...filed, firstContactAt: at(5), status: 'contacted' });
      await expect(store.write((tx) => tx.cases.update(9999, { status: 'closed' }))).rejects.toThrow(/vanished/);
    });

    it('keeps the sealed credentials apart: only whether there are any shows on the case', async () => {
      const filed = await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)));
      expect(await store.read.cases.sealedCredentials(filed.id)).toBeNull();
      await store.write((tx) => tx.cases.setSealedCredentials(filed.id, 'v1.sealed'));
      expect(await store.read.cases.sealedCredentials(filed.id)).toBe('v1.sealed');
      expect(await store.read.cases.byId(filed.id)).toMatchObject({ hasCredentials: true });
      expect(JSON.stringify(await store.read.cases.list({ limit: 10, offset: 0 }))).not.toContain('v1.sealed');
      expect(await store.read.cases.sealedCredentials(9999)).toBeNull();
    });

    it('records contact attempts in order', async () => {
      const filed = await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)));
      const first = await store.write((tx) => tx.cases.addContact({ caseId: filed.id, engineerId: people.engineerId, at: at(1), reached: false, note: null }));
      await store.write((tx) => tx.cases.addContact({ caseId: filed.id, engineerId: people.engineerId, at: at(2), reached: true, note: 'called back' }));
      expect(first).toEqual({ id: first.id, caseId: filed.id, engineerId: people.engineerId, at: at(1), reached: false, note: null });
      expect(await store.read.cases.contacts(filed.id)).toEqual([first, { id: expect.any(Number), caseId: filed.id, engineerId: people.engineerId, at: at(2), reached: true, note: 'called back' }]);
      expect(await store.read.cases.contacts(9999)).toEqual([]);
    });
  });

  describe('closure days', () => {
    it('adds, replaces, lists in date order and deletes a closure day', async () => {
      await store.write((tx) => tx.closures.upsert({ date: '2026-12-31', reason: 'year end' }, people.engineerId));
      await store.write((tx) => tx.closures.upsert({ date: '2026-12-24', reason: 'holiday' }, people.engineerId));
      await store.write((tx) => tx.closures.upsert({ date: '2026-12-31', reason: 'year-end closing' }, people.engineerId));
      expect(await store.read.closures.list()).toEqual([{ date: '2026-12-24', reason: 'holiday' }, { date: '2026-12-31', reason: 'year-end closing' }]);
      expect(await store.write((tx) => tx.closures.delete('2026-12-24'))).toBe(true);
      expect(await store.write((tx) => tx.closures.delete('2026-12-24'))).toBe(false);
      expect(await store.read.closures.list()).toEqual([{ date: '2026-12-31', reason: 'year-end closing' }]);
    });
  });
});
