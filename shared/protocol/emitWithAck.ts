import type { Socket } from 'socket.io-client';
import { z } from 'zod';
import { ApiErrorBody, AppError } from '../errors.js';

/** Any entry of an event map: a payload (usually one) and the acknowledgement callback last. */
type EventSignature = (...args: never[]) => unknown;

/**
 * What an event is sent with, before its acknowledgement callback: `[payload]` for every
 * event of our maps. An untyped socket (socket.io's default map) takes anything: the `any[]`
 * is socket.io's own answer for such maps, and keeping it lets this type pass straight into
 * socket.io's `emitWithAck` without a cast.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PayloadArgs<F> = F extends EventSignature ? (Parameters<F> extends [...infer Args, infer _Ack] ? Args : any[]) : never;

/** What the server acknowledges an event with: `Ack<T>` for every event of our maps. */
export type AckReply<F> = F extends EventSignature ? (Parameters<F> extends [...infer _Args, (reply: infer R) => void] ? R : unknown) : unknown;

/** The result of an accepted event: its `Ack<T>` success without `ok`. */
export type AckSuccess<F> = Omit<Extract<AckReply<F>, { ok: true }>, 'ok'>;

/**
 * One zod schema per client→server event for what its accepted acknowledgement carries. The
 * mapped type ties each schema to the event map, so a table that no longer matches the map
 * does not compile.
 */
export type AckResultSchemas<E> = { [K in keyof E]-?: z.ZodType<AckSuccess<E[K]>> };

/** Any acknowledgement, as the server sends it (docs/protocol.md, "Acks"). */
export const AckEnvelope = z.discriminatedUnion('ok', [
  z.looseObject({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: ApiErrorBody.shape.error }),
]);
export type AckEnvelope = z.infer<typeof AckEnvelope>;

/**
 * Emits a client→server event with an acknowledgement and resolves with the acknowledgement,
 * checked to be one (accepted or refused). The payload is typed by the socket's event map.
 * The wait is bounded by the socket's `ackTimeout` (every socket of this project is made with
 * one): socket.io then rejects with "operation has timed out" and drops the packet if it was
 * still waiting for a connection, so a request given up on is never sent later.
 */
export async function emitForAck<L extends object, E extends object, K extends keyof E & string>(socket: Socket<L, E>, event: K, ...payload: PayloadArgs<E[K]>): Promise<AckEnvelope> {
  const reply: unknown = await socket.emitWithAck(event, ...payload);
  return AckEnvelope.parse(reply);
}

/**
 * Emits a client→server event and resolves with its result, parsed with the event's schema
 * from `results` — or throws the server's refusal as an `AppError` with its code. Payload and
 * result types come from the socket's event map.
 */
export async function emitWithAck<L extends object, E extends object, K extends keyof E & string>(
  socket: Socket<L, E>,
  results: AckResultSchemas<E>,
  event: K,
  ...payload: PayloadArgs<E[K]>
): Promise<AckSuccess<E[K]>> {
  const ack = await emitForAck(socket, event, ...payload);
  if (!ack.ok) throw new AppError(ack.error.code, ack.error.message, { ...(ack.error.fields ? { fields: ack.error.fields } : {}), ...(ack.error.details ? { details: ack.error.details } : {}) });
  return results[event].parse(ack);
}
