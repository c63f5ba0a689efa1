import { z } from 'zod';
import { CorruptRowError } from '../corruptRow.js';

/** Where a JSON value was read from, for the error that names it. */
export interface ColumnOf {
  table: string;
  column: string;
  rowKey: number | string;
}

/**
 * Parses a JSON column with its schema: a value that is not JSON, or not of the column's shape,
 * becomes a `CorruptRowError` naming the table, column and row — never a value of the wrong type.
 */
export function parseJsonColumn<S extends z.ZodType>(schema: S, raw: string, where: ColumnOf): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new CorruptRowError(where.table, where.column, where.rowKey, 'is not JSON', { cause: error });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CorruptRowError(where.table, where.column, where.rowKey, `is not what the column holds: ${z.prettifyError(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}
