/** What the queue order depends on. */
export interface Queueable {
  id: number;
  urgent: boolean;
  /** When the case entered the queue (receipt, or its reopening). ISO 8601 UTC. */
  queuedAt: string;
}

/**
 * §4: cases are processed in the order received; §4.2: urgent ones (followed up by phone) first.
 * Ties on the same instant fall back to the id, which is assigned in order of receipt.
 */
export function compareQueueOrder(a: Queueable, b: Queueable): number {
  if (a.urgent !== b.urgent) return a.urgent ? -1 : 1;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt < b.queuedAt ? -1 : 1;
  return a.id - b.id;
}

/** The open cases in queue order, each with its 1-based position. */
export function orderQueue<T extends Queueable>(cases: readonly T[]): Array<T & { queuePosition: number }> {
  return [...cases].sort(compareQueueOrder).map((c, i) => ({ ...c, queuePosition: i + 1 }));
}
