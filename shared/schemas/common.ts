import { z } from 'zod';

/** A positive integer id, also accepted as a decimal string (path and query parameters). */
export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export type Id = z.infer<typeof Id>;

/** A calendar date `YYYY-MM-DD` (local to the HelpDesk's time zone). */
export const IsoDate = z.iso.date();

/** An instant as ISO 8601 with offset. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** A one-line human text: trimmed, not empty, bounded. */
export function line(max: number) {
  return z.string().trim().min(1).max(max);
}

/** `{ id }` path parameters. */
export const IdParams = z.object({ id: Id });

/** The body of a request that carries nothing but its token (e.g. the join page's last stop). */
export const EmptyBody = z.strictObject({});
