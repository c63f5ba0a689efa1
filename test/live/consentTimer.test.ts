import { describe, expect, it } from 'vitest';
import { AGENT_ACK_RESULTS } from '../../shared/protocol/ackResults.js';
import type { TestClock } from '../support/clock.js';
import { contactedCase, liveServerPerTest, openSession, type LiveFixture } from '../support/live.js';
import { connectAgent, emit, next, windowsDevice } from '../support/realtime.js';

let f: LiveFixture;
let clock: TestClock;

liveServerPerTest((fixture, testClockOfTest) => {
  f = fixture;
  clock = testClockOfTest;
});

const hello = { device: windowsDevice(), language: 'en', agentVersion: 'test' } as const;

describe('the consent prompt’s time', () => {
  it('is told to the agent as what is left of the server’s consent timer, which runs from the agent’s join', async () => {
    const { sessionId, code } = await openSession(f, await contactedCase(f));
    const { agent } = await connectAgent(f.server.url, { joinCode: code });
    await clock.advance(60_000); // the agent took a minute to report its device
    const first = AGENT_ACK_RESULTS['agent:hello'].parse(await emit(agent, 'agent:hello', hello));
    expect(first.consent).toMatchObject({ answerWithinSeconds: 300, answerWithinMs: 240_000 });
    await clock.advance(30_000); // asked again (after a reconnect): still counted from the join
    const again = AGENT_ACK_RESULTS['agent:hello'].parse(await emit(agent, 'agent:hello', hello));
    expect(again.consent.answerWithinMs).toBe(210_000);
    const ended = next(agent, 'session:ended');
    await clock.advance(210_000);
    expect(await ended).toEqual({ reason: 'consent_timeout' });
    expect((await f.staff.engineer.get(`/api/sessions/${sessionId}`)).body.endReason).toBe('consent_timeout');
  });
});
