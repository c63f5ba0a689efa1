/**
 * A stored value that does not hold what its column should — a row edited or damaged outside the
 * server. Every store implementation throws it instead of handing a wrongly typed value on.
 */
export class CorruptRowError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    /** The row's key (its id, or the audit entry's sequence number). */
    readonly rowKey: number | string,
    problem: string,
    options: { cause?: unknown } = {},
  ) {
    super(`Corrupt row in the store: ${table}.${column} of ${rowKey} ${problem}`, options);
    this.name = 'CorruptRowError';
  }
}
