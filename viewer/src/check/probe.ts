import type { z } from 'zod';
import type { Probe, ProbeErrorCode, ProbeError } from '../../../shared/playbackCheck/measurements.js';

/** Thrown inside a probe to say why it has no measurement; any other throw counts as `failed`. */
export class ProbeFailure extends Error {
  constructor(
    readonly code: ProbeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

/** Fits a browser's text into the schema's bound (user agents and driver names can be long). */
export const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export const describeError = (error: unknown) => (error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error));

/** Rejects when the signal aborts, with the signal's reason. */
export function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    else signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}

/**
 * A signal for one request inside a probe: aborts with the probe's signal or after `ms`. (Not
 * `AbortSignal.any`: the check must run in browsers older than that, such as Safari 16.)
 */
export function requestSignal(parent: AbortSignal, ms: number): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms / 1000} s`, 'TimeoutError')), ms);
  const follow = () => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', follow);
    },
  };
}

/** Resolves with `work`, or with `fallback` after `ms` (for one call inside a probe). */
export async function within<T>(work: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback()), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function failure(error: unknown, durationMs: number): ProbeError {
  const code: ProbeErrorCode = error instanceof ProbeFailure ? error.code : 'failed';
  return { status: 'error', durationMs, code, reason: clip(error instanceof ProbeFailure ? error.message : describeError(error), 500) };
}

/**
 * Runs one measurement with its own time limit and validates what it returns with the data's
 * schema. Never throws: a timeout, a cancelled check, a browser exception or data that does not
 * fit the schema become the probe's error, and the other probes go on.
 */
export async function runProbe<S extends z.ZodType>(schema: S, timeoutMs: number, parent: AbortSignal | undefined, measure: (signal: AbortSignal) => unknown): Promise<Probe<z.infer<S>>> {
  const t0 = performance.now();
  const elapsed = () => Math.round(performance.now() - t0);
  const controller = new AbortController();
  const cancel = () => controller.abort(new ProbeFailure('aborted', 'the check was cancelled'));
  if (parent?.aborted) return failure(new ProbeFailure('aborted', 'the check was cancelled'), 0);
  parent?.addEventListener('abort', cancel, { once: true });
  const timer = setTimeout(() => controller.abort(new ProbeFailure('timeout', `no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    const data = await Promise.race([measure(controller.signal), whenAborted(controller.signal)]);
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)').slice(0, 5);
      return failure(new ProbeFailure('failed', `the measurement did not fit the schema at ${paths.join(', ')}`), elapsed());
    }
    return { status: 'ok', durationMs: elapsed(), data: parsed.data };
  } catch (error) {
    return failure(error, elapsed());
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', cancel);
    // Tells the measurement to stop whatever it still does (a fetch, a playing video).
    if (!controller.signal.aborted) controller.abort(new ProbeFailure('aborted', 'the probe is over'));
  }
}
