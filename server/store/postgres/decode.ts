import { z } from 'zod';

/**
 * Reads a JSON document stored as text, checked against the schema of what was written: a row
 * that does not match (edited by hand, or written by a newer version) fails loudly here instead
 * of travelling on with the wrong shape.
 */
export function decodeJson<S extends z.ZodType>(schema: S, text: string, column: string): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`stored ${column} does not have the expected shape: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
