import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Ack } from '../../shared/protocol/events.js';
import { parse } from '../../shared/validation.js';
import { toAppError } from '../appErrors.js';

/**
 * Wraps a socket event handler: the payload is parsed with its zod schema, the outcome always
 * goes back as an ack (`{ok:true,…}` or `{ok:false,error}`), a failure is logged once and — since
 * parsing comes first — a malformed payload changes nothing. An event without an ack callback
 * cannot be answered and is dropped (and logged).
 */
export function handler<S extends z.ZodType, R extends object>(
  log: Logger,
  event: string,
  schema: S,
  run: (payload: z.infer<S>) => Promise<R>,
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    if (typeof ack !== 'function') {
      log.warn({ event }, 'socket event without an acknowledgement callback dropped');
      return;
    }
    const reply = ack as (response: Ack<R>) => void;
    Promise.resolve()
      .then(() => run(parse(schema, payload, `${event} payload`)))
      .then(
        (result) => reply({ ok: true, ...result }),
        (error: unknown) => {
          const e = toAppError(error);
          if (e.code === 'INTERNAL') log.error({ err: error, event }, 'socket event failed');
          else log.warn({ event, code: e.code, fields: e.fields ? Object.keys(e.fields) : undefined }, e.message);
          reply({ ok: false, error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}), ...(e.details ? { details: e.details } : {}) } });
        },
      );
  };
}

type PayloadOf<F> = F extends (payload: infer P, ack: infer _A) => void ? P : never;
type AckOf<F> = F extends (payload: infer _P, ack: infer A) => void ? A : never;
/** What an event's ack carries on success, besides `ok: true`. */
type ResultOf<F> = AckOf<F> extends (response: infer R) => void ? (R extends { ok: true } ? Omit<R, 'ok'> : never) : never;

/**
 * A namespace's handlers: one entry per client→server event of its event map (`shared/`), with
 * the schema that parses the payload and the work whose result the ack carries. A missing event,
 * a schema of another shape or a result the ack does not promise fails the type check.
 */
export type HandlerTable<Events> = {
  [E in keyof Events]: { schema: z.ZodType<PayloadOf<Events[E]>>; run: (payload: PayloadOf<Events[E]>) => Promise<ResultOf<Events[E]>> };
};

/** What registering needs of a socket: socket.io's typed `Socket` of any namespace is one. */
interface Listens {
  on(event: string, listener: (payload: unknown, ack: unknown) => void): unknown;
}

/** Registers every handler of the table on the socket, each wrapped by `handler`. */
export function registerHandlers<Events>(socket: Listens, log: Logger, table: HandlerTable<Events>): void {
  for (const event of Object.keys(table) as Array<keyof Events & string>) {
    const { schema, run } = table[event];
    socket.on(event, handler(log, event, schema, run));
  }
}

/** A middleware refusal socket.io can carry to the client: `err.message` and `err.data.code`. */
export function connectError(error: unknown, log: Logger, namespace: string): Error {
  const e = toAppError(error);
  if (e.code === 'INTERNAL') log.error({ err: error, namespace }, 'socket handshake failed');
  else log.warn({ namespace, code: e.code }, e.message);
  return Object.assign(new Error(e.message), { data: { code: e.code, ...(e.details ? { details: e.details } : {}) } });
}
