import { CaseIntake } from '../../shared/schemas/cases.js';
import type { NewCase, StoredIntake, Store } from '../../server/store/types.js';
import { validIntake } from './fixtures.js';

/** The instant store-level tests start from, and instants `minutes` after it. */
export const T0 = '2026-11-25T01:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** An intake as the store keeps it: parsed like a request, the site credentials left out. */
export function storedIntake(overrides: Parameters<typeof validIntake>[0] = {}): StoredIntake {
  const { siteCredentials: _, ...intake } = CaseIntake.parse(validIntake(overrides));
  return intake;
}

export function newCase(companyId: number, filedBy: number, overrides: Partial<NewCase> = {}): NewCase {
  return {
    companyId,
    filedBy,
    status: 'received',
    urgent: false,
    receivedAt: T0,
    queuedAt: T0,
    receivedWithinHours: true,
    nextOpeningAt: null,
    slaStartsAt: T0,
    intake: storedIntake(),
    ...overrides,
  };
}

export interface Seeded {
  companyId: number;
  callcenterId: number;
  engineerId: number;
}

/** One company with a call-center user, and an engineer. */
export function seedPeople(store: Pick<Store, 'write'>): Promise<Seeded> {
  return store.write(async (tx) => {
    const company = await tx.companies.insert({ name: 'Alpha Lectures', reportEmail: 'reports@alpha.example', createdAt: T0 });
    const user = (username: string, role: 'callcenter' | 'engineer', companyId: number | null) =>
      tx.users.insert({ username, displayName: `${username} name`, role, companyId, passwordHash: 'scrypt$x', createdAt: T0 });
    const callcenter = await user('cca', 'callcenter', company.id);
    const engineer = await user('eng1', 'engineer', null);
    return { companyId: company.id, callcenterId: callcenter.id, engineerId: engineer.id };
  });
}
