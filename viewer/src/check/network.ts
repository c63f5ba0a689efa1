import { CHECK_DOWNLOAD_MAX_BYTES, CheckPingResponse } from '../../../shared/playbackCheck/endpoints.js';
import type { LatencyInfo, PingSample, ThroughputInfo } from '../../../shared/playbackCheck/measurements.js';
import { get, type CheckServer } from './http.js';
import { ProbeFailure, requestSignal } from './probe.js';

const PINGS = 10;
const PING_TIMEOUT_MS = 2000;

async function ping(server: CheckServer, signal: AbortSignal): Promise<PingSample> {
  const sentAtMs = Date.now();
  const t0 = performance.now();
  const request = requestSignal(signal, PING_TIMEOUT_MS);
  try {
    const res = await get(server, '/api/check/ping', request.signal, { authenticated: true });
    const body = CheckPingResponse.safeParse(await res.json());
    if (!body.success) throw new ProbeFailure('failed', 'the server did not answer the ping with its time');
    return { sentAtMs, rttMs: performance.now() - t0, serverTimeMs: body.data.serverTimeMs };
  } finally {
    request.dispose();
  }
}

/**
 * Round trips to the server, one after another. The first, which may open the connection, is not
 * counted; a refusal stops the probe, a ping without an answer in 2 s counts as lost.
 */
export async function measureLatency(server: CheckServer, signal: AbortSignal): Promise<LatencyInfo> {
  await ping(server, signal);
  const samples: PingSample[] = [];
  for (let i = 0; i < PINGS; i++) {
    try {
      samples.push(await ping(server, signal));
    } catch (error) {
      if (error instanceof ProbeFailure || signal.aborted) throw error;
      // No answer in time or a dropped connection: a lost ping, which the evaluation counts.
    }
  }
  return { sent: PINGS, samples };
}

const WARM_UP_BYTES = 256 * 1024;
const MIN_MEASURE_BYTES = 2 ** 20;
/** The measurement download is sized to last about this long at the warm-up's rate. */
const TARGET_MS = 2000;

async function download(server: CheckServer, bytes: number, signal: AbortSignal): Promise<{ bytes: number; ms: number }> {
  const t0 = performance.now();
  const res = await get(server, `/api/check/download?bytes=${bytes}`, signal, { authenticated: true });
  if (!res.body) throw new ProbeFailure('unavailable', 'this browser cannot stream a response body');
  const reader = res.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
  }
  return { bytes: received, ms: performance.now() - t0 };
}

/** Download throughput: a small warm-up, then a download sized to take ~2 s (1–16 MiB). */
export async function measureThroughput(server: CheckServer, signal: AbortSignal): Promise<ThroughputInfo> {
  const warmUp = await download(server, WARM_UP_BYTES, signal);
  const bytesPerMs = warmUp.bytes / Math.max(warmUp.ms, 1);
  const size = Math.round(Math.min(CHECK_DOWNLOAD_MAX_BYTES, Math.max(MIN_MEASURE_BYTES, bytesPerMs * TARGET_MS)));
  const measured = await download(server, size, signal);
  return { downloads: [warmUp, measured] };
}
