import { AppError } from '../../../shared/errors.js';
import type { Deadline } from '../../../shared/protocol/session.js';

/** The time-limit policy (§6): 1 h by default, more only by extension consent, 6 h in all. */
export interface TimePolicy {
  defaultMinutes: number;
  maxTotalMinutes: number;
  /** Warn both sides when this many minutes are left, e.g. [10, 1]. */
  warningMinutes: readonly number[];
}

const MINUTE = 60_000;

export function deadlineAfter(startMs: number, grantedMinutes: number): number {
  return startMs + grantedMinutes * MINUTE;
}

/** How many more minutes an extension may still grant without passing the cap. */
export function maxGrantableMinutes(grantedMinutes: number, policy: Pick<TimePolicy, 'maxTotalMinutes'>): number {
  return Math.max(0, policy.maxTotalMinutes - grantedMinutes);
}

/**
 * Checks an extension request against the cap. A request that would pass it is refused, and the
 * refusal names the most that can still be granted.
 */
export function checkExtension(grantedMinutes: number, requestedMinutes: number, policy: Pick<TimePolicy, 'maxTotalMinutes'>): number {
  const most = maxGrantableMinutes(grantedMinutes, policy);
  if (requestedMinutes > most) {
    throw new AppError(
      'EXTENSION_TOO_LONG',
      most > 0
        ? `At most ${formatMinutes(most)} more can be granted: the session may not exceed ${formatMinutes(policy.maxTotalMinutes)} in all.`
        : `The session already has the maximum of ${formatMinutes(policy.maxTotalMinutes)}.`,
      { details: { maxGrantableMinutes: most, grantedMinutes, maxTotalMinutes: policy.maxTotalMinutes } },
    );
  }
  return grantedMinutes + requestedMinutes;
}

/**
 * Which "minutes left" warnings to send for a deadline, and when. Marks still ahead are scheduled
 * at their time. Of the marks already passed (after a restart or an extension) only the most
 * urgent is sent, at once; the others are skipped, since a "10 minutes left" warning with two
 * minutes left would mislead.
 */
export function warningPlan(
  deadlineMs: number,
  policy: Pick<TimePolicy, 'warningMinutes'>,
  alreadySent: readonly number[],
  nowMs: number,
): { schedule: Array<{ minutesLeft: number; atMs: number }>; skip: number[] } {
  if (deadlineMs <= nowMs) return { schedule: [], skip: [] };
  const open = policy.warningMinutes.filter((m) => !alreadySent.includes(m)).sort((a, b) => b - a);
  const future = open.filter((m) => deadlineMs - m * MINUTE > nowMs);
  const passed = open.filter((m) => deadlineMs - m * MINUTE <= nowMs);
  const mostUrgent = passed.at(-1);
  const schedule = future.map((m) => ({ minutesLeft: m, atMs: deadlineMs - m * MINUTE }));
  if (mostUrgent !== undefined) schedule.push({ minutesLeft: mostUrgent, atMs: nowMs });
  return { schedule, skip: passed.filter((m) => m !== mostUrgent) };
}

/**
 * The marks a warning sent with `minutesLeft` left settles: its own and every earlier (larger)
 * one, which would only mislead from now on.
 */
export function warningsCoveredBy(minutesLeft: number, policy: Pick<TimePolicy, 'warningMinutes'>): number[] {
  return policy.warningMinutes.filter((m) => m >= minutesLeft);
}

/**
 * Whether the warning for `minutesLeft` is moot because a more urgent one, not sent yet, is due
 * too — after a restart, or when the warnings' timers fire late: only the most urgent goes out.
 */
export function warningSupersededBy(minutesLeft: number, deadlineMs: number, policy: Pick<TimePolicy, 'warningMinutes'>, alreadySent: readonly number[], nowMs: number): boolean {
  return policy.warningMinutes.some((m) => m < minutesLeft && !alreadySent.includes(m) && deadlineMs - m * MINUTE <= nowMs);
}

export function deadlineView(deadlineMs: number, grantedMinutes: number, policy: Pick<TimePolicy, 'maxTotalMinutes'>, nowMs: number): Deadline {
  return {
    endsAt: new Date(deadlineMs).toISOString(),
    remainingMs: Math.max(0, deadlineMs - nowMs),
    grantedMinutes,
    maxTotalMinutes: policy.maxTotalMinutes,
  };
}

export function formatMinutes(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60} h`;
  return Number.isInteger(minutes) ? `${minutes} min` : `${minutes.toFixed(2)} min`;
}
