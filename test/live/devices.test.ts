import { afterEach, describe, expect, it } from 'vitest';
import { evaluateDevice } from '../../server/domain/sessions/devicePolicy.js';
import { contactedCase, openSession, startLiveServer, type LiveFixture } from '../support/live.js';
import { closeSockets, connect, connectAgent, emit, next, windowsDevice } from '../support/realtime.js';

let f: LiveFixture | undefined;
afterEach(async () => {
  closeSockets();
  await f?.server.close();
  f = undefined;
});

const DEFAULT = { platforms: ['windows', 'android', 'ios'] as const };

describe('support policy (§3)', () => {
  it.each([
    ['Windows XP', windowsDevice({ osName: 'Microsoft Windows XP Professional', osRelease: '5.1.2600' }), true],
    ['Windows 11 Home', windowsDevice({ osName: 'Microsoft Windows 11 Home', osRelease: '10.0.22631', osEdition: 'Core' }), true],
    ['Android', windowsDevice({ platform: 'android', osName: 'Android', osRelease: '14' }), true],
    ['iOS', windowsDevice({ platform: 'ios', osName: 'iOS', osRelease: '17.4' }), true],
    ['Windows 2000', windowsDevice({ osName: 'Microsoft Windows 2000 Professional', osRelease: '5.0.2195' }), false],
    ['Windows Server 2003', windowsDevice({ osName: 'Microsoft Windows Server 2003', osRelease: '5.2.3790' }), false],
    ['Windows Server 2008 R2', windowsDevice({ osName: 'Microsoft Windows Server 2008 R2 Standard', osRelease: '6.1.7601' }), false],
    ['Linux', windowsDevice({ platform: 'linux', osName: 'Debian GNU/Linux', osRelease: '6.1.0' }), false],
    ['macOS', windowsDevice({ platform: 'macos', osName: 'macOS', osRelease: '14.4' }), false],
  ])('%s → supported: $2', (_name, device, supported) => {
    expect(evaluateDevice(device, DEFAULT).supported).toBe(supported);
  });

  it('is configuration: a lab may allow Linux', () => {
    expect(evaluateDevice(windowsDevice({ platform: 'linux', osName: 'Debian GNU/Linux' }), { platforms: ['windows', 'linux'] }).supported).toBe(true);
  });
});

describe('an unsupported device at join', () => {
  it('is refused with the reason to both sides, and the case is closed as "device not supported"', async () => {
    const live = await startLiveServer(undefined);
    f = live;
    const caseId = await contactedCase(f);
    const { sessionId, code } = await openSession(live, caseId);
    const viewer = await connect(live.server.url, '/staff', { token: live.engineerToken });
    await emit(viewer, 'session:watch', { sessionId });
    const { agent } = await connectAgent(live.server.url, { joinCode: code });
    const viewerEnded = next(viewer, 'session:ended');
    const agentEnded = next(agent, 'session:ended');
    const hello = await emit(agent, 'agent:hello', { device: windowsDevice({ osName: 'Microsoft Windows Server 2008 R2 Standard', osRelease: '6.1.7601' }), language: 'en', agentVersion: 'test' });
    expect(hello).toMatchObject({ ok: false, error: { code: 'DEVICE_NOT_SUPPORTED', message: expect.stringContaining('server edition') } });
    expect(await agentEnded).toEqual({ reason: 'device_not_supported' });
    expect(await viewerEnded).toEqual({ sessionId, reason: 'device_not_supported' });
    const session = await live.staff.engineer.get(`/api/sessions/${sessionId}`);
    expect(session.body).toMatchObject({ status: 'ended', endReason: 'device_not_supported', device: { osName: 'Microsoft Windows Server 2008 R2 Standard' } });
    expect((await live.staff.engineer.get(`/api/cases/${caseId}`)).body).toMatchObject({ status: 'closed', outcome: 'device_not_supported' });
    const refused = (await live.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.device_refused`)).body.entries;
    // Same shape as the session's end: the reason is a code, the policy's words have their own field.
    expect(refused[0].details).toMatchObject({ reason: 'device_not_supported', message: expect.stringContaining('server edition') });
  });

  it('is audited as ended with the reason code, and the policy’s words in a field of their own', async () => {
    const live = await startLiveServer(undefined);
    f = live;
    const { sessionId, code } = await openSession(live, await contactedCase(f));
    const { agent } = await connectAgent(live.server.url, { joinCode: code });
    await emit(agent, 'agent:hello', { device: windowsDevice({ platform: 'macos', osName: 'macOS', osRelease: '14.4' }), language: 'en', agentVersion: 'test' });
    const ended = (await live.staff.auditor.get(`/api/audit?sessionId=${sessionId}&action=session.ended`)).body.entries;
    expect(ended).toHaveLength(1);
    expect(ended[0].details).toMatchObject({ reason: 'device_not_supported', statusBefore: 'waiting', message: 'macOS is not a supported system (supported: windows, android, ios).' });
  });

  it('passes when the lab policy allows it', async () => {
    const live = await startLiveServer(undefined, { RA_SUPPORTED_PLATFORMS: 'windows,linux' });
    f = live;
    const { code } = await openSession(live, await contactedCase(f));
    const { agent } = await connectAgent(live.server.url, { joinCode: code });
    const hello = await emit(agent, 'agent:hello', { device: windowsDevice({ platform: 'linux', osName: 'Debian GNU/Linux', osRelease: '6.1.0' }), language: 'en', agentVersion: 'test' });
    expect(hello.ok).toBe(true);
  });
});
