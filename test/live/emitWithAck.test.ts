import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { AGENT_ACK_RESULTS, STAFF_ACK_RESULTS } from '../../shared/protocol/ackResults.js';
import { emitForAck, emitWithAck } from '../../shared/protocol/emitWithAck.js';
import type { AgentClientEvents, AgentServerEvents, RemoteControlOffer, StaffClientEvents, StaffServerEvents } from '../../shared/protocol/events.js';
import type { ConsentRequest, Deadline } from '../../shared/protocol/session.js';
import type { IceServer } from '../../shared/protocol/signal.js';
import { emit, windowsDevice } from '../support/realtime.js';

/**
 * The typed emit-with-ack helper against a real socket.io server on port 0 that answers the
 * agent's events the ways a server can: accept, refuse, answer with a malformed result, or not
 * answer at all. (The product's server never misbehaves on purpose, so this one stands in for it.)
 */
let http: HttpServer;
let server: Server<AgentClientEvents, AgentServerEvents>;
let agent: Socket<AgentServerEvents, AgentClientEvents>;

beforeAll(async () => {
  http = createServer();
  server = new Server(http);
  server.of('/agent').on('connection', (socket) => {
    socket.on('agent:ping', ({ seq }, ack) => ack({ ok: true, seq }));
    socket.on('signal', (_payload, ack) => ack({ ok: false, error: { code: 'SESSION_ENDED', message: 'The session has ended.', details: { reason: 'engineer_ended' } } }));
    // A result that does not match the event map: the helper must not pass it on as typed.
    socket.on('agent:hello', (_payload, ack) => ack({ ok: true, consent: { sessionId: 'seven' } as never }));
    socket.on('agent:stop', () => undefined); // never acknowledged
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  agent = io(`http://127.0.0.1:${port}/agent`, { transports: ['websocket'], reconnection: false, ackTimeout: 300 });
  await new Promise<void>((resolve) => agent.once('connect', () => resolve()));
});

afterAll(async () => {
  agent?.close();
  await server?.close();
});

describe('the typed emit-with-ack helper', () => {
  it('resolves with the accepted result, checked against its schema', async () => {
    const reply = await emitWithAck(agent, AGENT_ACK_RESULTS, 'agent:ping', { seq: 41 });
    expect(reply).toEqual({ seq: 41 });
    expectTypeOf(reply).toEqualTypeOf<{ seq: number }>();
  });

  it('throws a refusal as an AppError with the server’s code and details', async () => {
    const refused = await emitWithAck(agent, AGENT_ACK_RESULTS, 'signal', { to: 'v1', data: { type: 'offer', sdp: 'v=0' } }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'SESSION_ENDED', message: 'The session has ended.', details: { reason: 'engineer_ended' } });
  });

  it('rejects a result that does not match the event map instead of passing it on', async () => {
    await expect(emitWithAck(agent, AGENT_ACK_RESULTS, 'agent:hello', { device: windowsDevice(), language: 'en', agentVersion: 't' })).rejects.toThrow(/sessionId|expected/);
  });

  it('gives up after the socket’s ack timeout when the server never answers', async () => {
    await expect(emitWithAck(agent, AGENT_ACK_RESULTS, 'agent:stop', {})).rejects.toThrow('operation has timed out');
  });

  it('hands a refusal back as the acknowledgement when asked for the envelope', async () => {
    expect(await emitForAck(agent, 'signal', { to: 'v1', data: { type: 'offer', sdp: 'v=0' } })).toMatchObject({ ok: false, error: { code: 'SESSION_ENDED' } });
  });
});

/** Compile-time only: `npm run typecheck` fails if any of these lines type-checks differently. */
export function typeChecks(staff: Socket<StaffServerEvents, StaffClientEvents>): void {
  expectTypeOf(emitWithAck(agent, AGENT_ACK_RESULTS, 'agent:hello', null as never)).resolves.toEqualTypeOf<{ consent: ConsentRequest; remoteControl?: RemoteControlOffer }>();
  expectTypeOf(emitWithAck(agent, AGENT_ACK_RESULTS, 'agent:consent', null as never)).resolves.toEqualTypeOf<{ deadline: Deadline | null; iceServers: IceServer[] }>();
  expectTypeOf(emitWithAck(staff, STAFF_ACK_RESULTS, 'session:extend', { sessionId: 1, minutes: 5, reason: 'more time' })).resolves.toEqualTypeOf<{ requestId: string; expiresInMs: number }>();
  // @ts-expect-error a payload of the wrong shape does not compile
  void emitWithAck(staff, STAFF_ACK_RESULTS, 'session:watch', { session: 1 });
  // @ts-expect-error nor does a payload of the wrong type
  void emitWithAck(agent, AGENT_ACK_RESULTS, 'agent:ping', { seq: 'one' });
  // @ts-expect-error nor an event the client may not send
  void emitWithAck(agent, AGENT_ACK_RESULTS, 'session:ended', { reason: 'expired' });
  // @ts-expect-error nor the other namespace's result schemas
  void emitWithAck(staff, AGENT_ACK_RESULTS, 'session:end', { sessionId: 1 });
  // @ts-expect-error nor a missing payload
  void emitForAck(staff, 'session:end');
  // @ts-expect-error the tests' `emit` checks a typed socket's payloads the same way
  void emit(staff, 'session:extend', { sessionId: 1, minutes: 'five', reason: 'more time' });
}
