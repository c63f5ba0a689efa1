import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIAGNOSTIC_CHECK_IDS } from '../../shared/protocol/diagnostics.js';
import { consent, startAgent } from '../support/agentProcess.js';
import { loginAs, PASSWORD, seedStaff } from '../support/fixtures.js';
import { contactedCase, openSession } from '../support/live.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { startXvfb, type XDisplay } from '../support/xvfb.js';

// The server is away for longer than the agent's 15 s request timeout, on a busy 2-core box.
vi.setConfig({ testTimeout: 180_000 });

let x: XDisplay;
const dataDir = mkdtempSync(join(tmpdir(), 'ra-reports-'));
const servers: TestServer[] = [];

beforeAll(async () => {
  x = await startXvfb(1024, 768);
}, 60_000);
afterAll(async () => {
  for (const s of servers) await s.close();
  rmSync(dataDir, { recursive: true, force: true });
  await x?.stop();
});

const ENV = { RA_SUPPORTED_PLATFORMS: 'windows,linux', RA_DISCONNECT_GRACE_MINUTES: '5', RA_TOKEN_TTL_MINUTES: String(24 * 60) };

describe('the agent’s reports while the server is away', () => {
  it('are kept and sent after the reconnect, in order: every automatic diagnostic run reaches the audit log exactly once', async () => {
    const first = await startTestServer({ dataDir, env: ENV });
    servers.push(first);
    const staff = await seedStaff(first);
    const f = { server: first, staff, engineerToken: await loginAs(first.api, 'eng1', PASSWORD) };
    const { code, sessionId } = await openSession(f, await contactedCase(f));
    const agent = startAgent(['--server', first.url, '--lang', 'en', code], x.env);
    try {
      await consent(agent);
      await agent.waitFor('Commands');
      // The server goes away while the automatic diagnostics run…
      await first.stop();
      const log = () => readFileSync(join(agent.logDir, readdirSync(agent.logDir)[0]!), 'utf8');
      await vi.waitFor(() => expect(log().match(/action diagnostic_run/g)).toHaveLength(DIAGNOSTIC_CHECK_IDS.length), { timeout: 90_000, interval: 500 });
      // …and stays away past the 15 s in which a report used to be given up.
      await new Promise((r) => setTimeout(r, 17_000));
      const port = new URL(first.url).port;
      const again = await startTestServer({ dataDir, clock: first.clock, env: { ...ENV, RA_PORT: port } });
      servers.push(again);
      await agent.waitFor('Connected again.', 30_000);
      const runs = async () => (await staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.diagnostic_run&limit=100`)).body.entries as Array<{ details: { check: string } }>;
      await vi.waitFor(async () => expect(await runs()).toHaveLength(DIAGNOSTIC_CHECK_IDS.length), { timeout: 20_000, interval: 500 });
      await new Promise((r) => setTimeout(r, 1000)); // nothing more arrives
      // In the order they were run (the audit log lists by sequence), each once.
      expect((await runs()).map((e) => e.details.check)).toEqual([...DIAGNOSTIC_CHECK_IDS]);
      expect(log()).not.toContain('report refused');
    } finally {
      agent.child.kill('SIGKILL');
    }
  });
});
