import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordAudit, SYSTEM_ACTOR } from '../../server/audit/trail.js';
import { verifyAuditLog } from '../../server/services/auditLog.js';
import type { OpenStore } from '../../server/store/open.js';
import { openPostgresStore } from '../../server/store/postgres/database.js';
import { PG_MIGRATIONS } from '../../server/store/postgres/migrations.js';
import type { Repositories } from '../../server/store/types.js';
import { T0, seedPeople, type Seeded } from '../support/records.js';
import { STORE_KINDS, useStores } from '../support/stores.js';

const MS = Date.parse(T0);

/** A read-check-write as the services do them: read the user, write the next version, audit it. */
async function bumpTokenVersion(tx: Repositories, userId: number, node: number): Promise<number> {
  const user = await tx.users.byId(userId);
  const next = user!.tokenVersion + 1;
  await tx.users.update(userId, { tokenVersion: next });
  await tx.companies.insert({ name: `Company ${node}-${next}-${Math.random()}`, reportEmail: 'c@c.example', createdAt: T0 });
  await recordAudit(tx, MS + next, { actor: SYSTEM_ACTOR, action: 'test.bumped', details: { node, next } });
  return next;
}

describe.each(STORE_KINDS)('the %s store runs each write as one transaction', (kind) => {
  const stores = useStores(kind);
  let store: OpenStore;
  let people: Seeded;
  beforeEach(async () => {
    store = await stores.fresh();
    people = await seedPeople(store);
  });

  it('returns what the work returns, once committed', async () => {
    expect(await store.write(async (tx) => (await tx.users.count()) * 10)).toBe(20);
  });

  it('leaves nothing of a write whose work fails: no record, no audit entry, the head where it was', async () => {
    const head = await store.read.audit.head();
    await expect(
      store.write(async (tx) => {
        await tx.companies.insert({ name: 'Half Done', reportEmail: 'h@h.example', createdAt: T0 });
        await recordAudit(tx, MS, { actor: SYSTEM_ACTOR, action: 'company.created' });
        throw new Error('refused halfway');
      }),
    ).rejects.toThrow('refused halfway');
    expect(await store.read.companies.byName('Half Done')).toBeNull();
    expect(await store.read.audit.head()).toEqual(head);
    expect(await store.read.audit.query({ afterSeq: 0, limit: 10 })).toEqual([]);
  });

  it('rolls back the statements before one that the database refuses', async () => {
    await expect(
      store.write(async (tx) => {
        await tx.companies.insert({ name: 'Before', reportEmail: 'b@b.example', createdAt: T0 });
        await tx.users.insert({ username: 'eng1', displayName: 'Duplicate', role: 'engineer', companyId: null, passwordHash: 'h', createdAt: T0 });
      }),
    ).rejects.toThrow();
    expect(await store.read.companies.byName('Before')).toBeNull();
    // The store is usable after the failed transaction.
    await store.write((tx) => tx.companies.insert({ name: 'After', reportEmail: 'a@a.example', createdAt: T0 }));
    expect(await store.read.companies.byName('After')).not.toBeNull();
  });

  it('shows reads outside the transaction only what was committed', async () => {
    let seenDuring: unknown = 'not read';
    await store.write(async (tx) => {
      await tx.companies.insert({ name: 'Pending Co', reportEmail: 'p@p.example', createdAt: T0 });
      expect(await tx.companies.byName('Pending Co')).not.toBeNull();
      seenDuring = await store.read.companies.byName('Pending Co');
    });
    expect(seenDuring).toBeNull();
    expect(await store.read.companies.byName('Pending Co')).not.toBeNull();
  });

  it('runs concurrent writes on one instance one after another: no update is lost, one chain', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, () => store.write((tx) => bumpTokenVersion(tx, people.engineerId, 1))));
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await store.read.users.byId(people.engineerId)).toMatchObject({ tokenVersion: 30 });
    expect(await verifyAuditLog(store)).toMatchObject({ ok: true, checkedEntries: 30 });
  });
});

describe('the postgres store shared by several nodes', () => {
  const stores = useStores('postgres');
  let nodes: OpenStore[];
  let people: Seeded;
  const external: Client[] = [];
  beforeEach(async () => {
    nodes = [await stores.fresh()];
    for (let i = 1; i < 3; i++) nodes.push(await stores.another());
    people = await seedPeople(nodes[0]!);
  });
  afterEach(async () => {
    await Promise.all(external.splice(0).map((c) => c.end()));
  });

  it('loses no write and keeps one chain that verifies when three nodes write at once', async () => {
    const perNode = 20;
    const results = await Promise.all(nodes.flatMap((node, n) => Array.from({ length: perNode }, () => node.write((tx) => bumpTokenVersion(tx, people.engineerId, n)))));
    const total = perNode * nodes.length;
    expect([...results].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const node of nodes) expect(await node.read.users.byId(people.engineerId)).toMatchObject({ tokenVersion: total });
    expect((await nodes[2]!.read.companies.list()).length).toBe(total + 1);
    const seqs: number[] = [];
    for await (const e of nodes[1]!.read.audit.all()) seqs.push(e.seq);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const node of nodes) expect(await verifyAuditLog(node)).toMatchObject({ ok: true, checkedEntries: total, headSeq: total });
  });

  it('verifies the chain intact on one node while the others append', async () => {
    await nodes[0]!.write(async (tx) => {
      for (let i = 0; i < 1050; i++) await recordAudit(tx, MS + i, { actor: SYSTEM_ACTOR, action: 'before' });
    });
    const appending = Promise.all(nodes.slice(1).flatMap((node) => Array.from({ length: 15 }, () => node.write((tx) => recordAudit(tx, MS, { actor: SYSTEM_ACTOR, action: 'during' })))));
    const verifications = [];
    for (let i = 0; i < 4; i++) verifications.push(await verifyAuditLog(nodes[0]!));
    await appending;
    expect(verifications.map((v) => v.ok)).toEqual([true, true, true, true]);
    expect(await verifyAuditLog(nodes[0]!)).toMatchObject({ ok: true, checkedEntries: 1080 });
  });

  /** A connection of someone else's (a tool, an operator) that writes without the store's lock. */
  async function outsider(): Promise<Client> {
    const client = new Client({ connectionString: stores.url() });
    await client.connect();
    external.push(client);
    return client;
  }

  it('runs a transaction again when a writer outside the store changed what it read, and then sees the change', async () => {
    const other = await outsider();
    let attempts = 0;
    const result = await nodes[0]!.write(async (tx) => {
      attempts++;
      const user = await tx.users.byId(people.engineerId);
      if (attempts === 1) await other.query('UPDATE users SET token_version = 100 WHERE id = $1', [people.engineerId]);
      return tx.users.update(people.engineerId, { tokenVersion: user!.tokenVersion + 1 });
    });
    expect(attempts).toBe(2);
    expect(result.tokenVersion).toBe(101);
  });

  it('gives up with the serialisation failure after five attempts', async () => {
    const other = await outsider();
    let attempts = 0;
    await expect(
      nodes[0]!.write(async (tx) => {
        attempts++;
        const user = await tx.users.byId(people.engineerId);
        await other.query('UPDATE users SET token_version = token_version + 1 WHERE id = $1', [people.engineerId]);
        return tx.users.update(people.engineerId, { tokenVersion: user!.tokenVersion + 1 });
      }),
    ).rejects.toMatchObject({ code: '40001' });
    expect(attempts).toBe(5);
    expect(await nodes[0]!.read.users.byId(people.engineerId)).toMatchObject({ tokenVersion: 5 });
  });

  it('frees the write lock for the other nodes when a node stalls inside a transaction', async () => {
    const stalling = await openPostgresStore(stores.url(), { stalledTransactionMs: 1000 });
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const stalled = stalling.write(async (tx) => {
      await tx.companies.insert({ name: 'Never Committed', reportEmail: 'n@n.example', createdAt: T0 });
      holding();
      await released;
      return tx.users.count();
    });
    try {
      await held;
      const started = Date.now();
      await nodes[1]!.write((tx) => tx.companies.insert({ name: 'Other Node', reportEmail: 'o@o.example', createdAt: T0 }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      release();
      await expect(stalled).rejects.toThrow();
      expect(await nodes[0]!.read.companies.byName('Never Committed')).toBeNull();
      expect(await nodes[0]!.read.companies.byName('Other Node')).not.toBeNull();
    } finally {
      release();
      // Its failure is what the test asserts above; here it is only waited for, so the pool can close.
      await stalled.catch(() => undefined);
      await stalling.close();
    }
  });

  it('migrates once when several nodes start on an empty database at the same time', async () => {
    const url = await stores.emptyDatabase();
    const starting = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore(url)));
    try {
      const client = new Client({ connectionString: url });
      await client.connect();
      external.push(client);
      const rows = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows;
      // Every migration recorded once, none twice.
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      await Promise.all(starting.map((s, i) => s.write((tx) => tx.companies.insert({ name: `Node ${i}`, reportEmail: 'n@n.example', createdAt: T0 }))));
      expect(await starting[0]!.read.companies.list()).toHaveLength(4);
    } finally {
      await Promise.all(starting.map((s) => s.close()));
    }
  });
});
