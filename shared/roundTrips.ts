/**
 * Spread of round trips: the mean absolute difference between consecutive ones (RFC 3550 style);
 * null with fewer than two. The agent's network check and the browser's playback check both use it.
 */
export function jitter(rtts: readonly number[]): number | null {
  if (rtts.length < 2) return null;
  let sum = 0;
  for (let i = 1; i < rtts.length; i++) sum += Math.abs(rtts[i]! - rtts[i - 1]!);
  return sum / (rtts.length - 1);
}
