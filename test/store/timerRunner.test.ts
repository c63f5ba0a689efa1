import pino from 'pino';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TimerRunner } from '../../server/sessions/timers.js';
import type { OpenStore } from '../../server/store/open.js';
import type { ClaimedTimer } from '../../server/store/types.js';
import { testClock } from '../support/clock.js';
import { newCase, seedPeople, T0 } from '../support/records.js';
import { STORE_KINDS, useStores } from '../support/stores.js';

/** A stored timer whose work fails is tried again until it succeeds: a deadline is never dropped. */
describe.each(STORE_KINDS)('stored timers on the %s store', (kind) => {
  const stores = useStores(kind);
  let store: OpenStore;
  let sessionId: number;
  beforeEach(async () => {
    store = await stores.fresh();
    const people = await seedPeople(store);
    const caseId = (await store.write((tx) => tx.cases.insert(newCase(people.companyId, people.callcenterId)))).id;
    sessionId = (await store.write((tx) => tx.sessions.insert({ caseId, engineerId: people.engineerId, createdAt: T0 }))).id;
  });

  it('fires a deadline whose work keeps failing once it works again, however many tries that took', async () => {
    const clock = testClock(T0);
    const tries: number[] = [];
    const fired: ClaimedTimer[] = [];
    const runner = new TimerRunner({
      store,
      clock,
      logger: pino({ level: 'silent' }),
      nodeId: 'node-1',
      pollMs: 5_000,
      fire: (timer) => {
        tries.push(timer.attempts);
        // The store or Redis away for ten tries (five minutes of 30 s claims), then back.
        if (tries.length <= 10) return Promise.reject(new Error('store away'));
        fired.push(timer);
        return Promise.resolve();
      },
    });
    const key = `session:${sessionId}:deadline`;
    await store.write((tx) => tx.timers.set({ key, sessionId, dueAt: T0 }));
    await runner.start();
    // Claim after claim lapses; PostgreSQL answers in real time, not on the test clock, so time
    // moves on only while the test waits for the firing.
    await vi.waitFor(
      async () => {
        await clock.advance(31_000);
        expect(fired).toHaveLength(1);
      },
      { timeout: 20_000, interval: 20 },
    );
    await runner.stop();
    expect(tries).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(fired.map((t) => t.key)).toEqual([key]);
    expect(await store.read.timers.byKey(key)).toBeNull();
  });
});
