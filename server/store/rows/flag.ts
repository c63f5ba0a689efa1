/** A yes/no column as an engine returns it: SQLite has no boolean type (0/1), PostgreSQL has one. */
export type Flag = number | boolean;

export const flag = (v: Flag): boolean => v === true || v === 1;
