import { z } from 'zod';

/** A message in the outbox as admins see it (without its body). */
export const OutboxEntryView = z.object({
  id: z.number().int(),
  kind: z.enum(['report', 'statistics']),
  recipient: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'sent', 'written']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  reference: z.string().nullable(),
});
export type OutboxEntryView = z.infer<typeof OutboxEntryView>;

export const OutboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });
