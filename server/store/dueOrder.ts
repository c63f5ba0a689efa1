import type { OutboxRecord, TimerRecord } from './types.js';

/**
 * Due order, ties by key: the order timers were meant to fire in. (SQL's RETURNING gives rows in
 * no particular order, so both stores sort what they claimed with this.)
 */
export function byDue(a: Pick<TimerRecord, 'key' | 'dueAt'>, b: Pick<TimerRecord, 'key' | 'dueAt'>): number {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The outbox's delivery order: by the next attempt's time, then as queued. */
export function byNextAttempt(a: Pick<OutboxRecord, 'id' | 'nextAttemptAt'>, b: Pick<OutboxRecord, 'id' | 'nextAttemptAt'>): number {
  if (a.nextAttemptAt !== b.nextAttemptAt) return a.nextAttemptAt < b.nextAttemptAt ? -1 : 1;
  return a.id - b.id;
}
