import { z } from 'zod';

/**
 * `GET /api/ready`: whether this node can serve — its store and (with several servers) Redis
 * answer, and it is not shutting down. 200 when `ready`, 503 otherwise, naming what is not.
 */
export const ReadyResponse = z.object({
  ready: z.boolean(),
  store: z.enum(['ok', 'unreachable']),
  /** `not_used` on one server (no `RA_REDIS_URL`). */
  redis: z.enum(['ok', 'unreachable', 'not_used']),
  /** The node received SIGTERM and is handing its clients to the others. */
  draining: z.boolean(),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
