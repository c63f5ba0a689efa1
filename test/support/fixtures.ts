import { FIRST_LEVEL_CHECKS, type CaseIntakeInput } from '../../shared/schemas/cases.js';
import type { ApiClient } from './api.js';
import { ADMIN, type TestServer } from './server.js';

export async function loginAs(api: ApiClient, username: string, password: string): Promise<string> {
  const res = await api.post<{ token: string }>('/api/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
  return res.body.token;
}

export interface Staff {
  admin: ApiClient;
  engineer: ApiClient;
  engineer2: ApiClient;
  callcenterA: ApiClient;
  callcenterB: ApiClient;
  auditor: ApiClient;
  companyA: number;
  companyB: number;
  ids: Record<'engineer' | 'engineer2' | 'callcenterA' | 'callcenterB' | 'auditor', number>;
}

export const PASSWORD = 'staff-password-1';

/** Two customer companies and one account of every role, each with a logged-in client. */
export async function seedStaff(server: Pick<TestServer, 'api'>): Promise<Staff> {
  const admin = server.api.as(await loginAs(server.api, ADMIN.username, ADMIN.password));
  const companyA = (await admin.post('/api/companies', { name: 'Alpha Lectures', reportEmail: 'reports@alpha.example' })).body.id as number;
  const companyB = (await admin.post('/api/companies', { name: 'Beta Academy', reportEmail: 'reports@beta.example' })).body.id as number;
  const make = async (username: string, role: string, companyId?: number) => {
    const res = await admin.post('/api/users', { username, displayName: `${username} name`, role, companyId, password: PASSWORD });
    if (res.status !== 201) throw new Error(`create ${username}: ${res.text}`);
    return { id: res.body.id as number, api: server.api.as(await loginAs(server.api, username, PASSWORD)) };
  };
  const engineer = await make('eng1', 'engineer');
  const engineer2 = await make('eng2', 'engineer');
  const callcenterA = await make('cca', 'callcenter', companyA);
  const callcenterB = await make('ccb', 'callcenter', companyB);
  const auditor = await make('aud', 'auditor');
  return {
    admin,
    engineer: engineer.api,
    engineer2: engineer2.api,
    callcenterA: callcenterA.api,
    callcenterB: callcenterB.api,
    auditor: auditor.api,
    companyA,
    companyB,
    ids: { engineer: engineer.id, engineer2: engineer2.id, callcenterA: callcenterA.id, callcenterB: callcenterB.id, auditor: auditor.id },
  };
}

/** New tokens for the same staff (for tests that move the clock past the token lifetime). */
export async function relogin(server: TestServer, staff: Staff): Promise<Staff> {
  const as = async (username: string, password = PASSWORD) => server.api.as(await loginAs(server.api, username, password));
  return {
    ...staff,
    admin: await as(ADMIN.username, ADMIN.password),
    engineer: await as('eng1'),
    engineer2: await as('eng2'),
    callcenterA: await as('cca'),
    callcenterB: await as('ccb'),
    auditor: await as('aud'),
  };
}

/** A complete, acceptable second-level request; override what a test is about. */
export function validIntake(overrides: Partial<CaseIntakeInput> = {}): CaseIntakeInput {
  const checks = Object.fromEntries(FIRST_LEVEL_CHECKS.map((c) => [c.key, { done: true, result: `checked ${c.ref}: normal` }]));
  return {
    firstConsultationDate: '2026-11-20',
    requestingAgent: 'Kim Agent',
    customerName: 'Lee Customer',
    contactNumber: '010-1234-5678',
    reachableHours: 'weekdays after 14:00',
    siteUrl: 'https://lectures.alpha.example/course/42',
    symptoms: 'Lecture video stops every 10 seconds and the player shows a black screen after resuming',
    reproducesOnCallCenterPc: false,
    pcSpec: { cpu: 'Intel i3-2100', ramGb: 4, gpu: 'HD Graphics 2000', os: 'Windows 7' },
    firstLevelChecks: checks as CaseIntakeInput['firstLevelChecks'],
    handOverConsent: true,
    urgent: false,
    ...overrides,
  };
}

export async function fileCase(api: ApiClient, overrides: Partial<CaseIntakeInput> = {}): Promise<{ id: number; ref: string }> {
  const res = await api.post('/api/cases', validIntake(overrides));
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${res.text}`);
  return res.body as { id: number; ref: string };
}
