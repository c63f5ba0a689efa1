import { jitter } from '../../shared/roundTrips.js';
import { type Check, item, worst } from './types.js';

const PINGS = 20;
const DOWNLOAD_BYTES = 4 * 2 ** 20;

/** §1 check 2.2: the network to the server — latency, jitter, loss and download throughput. */
export const network: Check = async ({ minimum, ping, download }) => {
  const rtts: number[] = [];
  let lost = 0;
  for (let i = 0; i < PINGS; i++) {
    const rtt = await ping();
    if (rtt === null) lost++;
    else rtts.push(rtt);
  }
  const latency = rtts.length ? rtts.reduce((a, b) => a + b, 0) / rtts.length : Infinity;
  const lossPercent = (lost / PINGS) * 100;
  const { bytes, ms } = await download(DOWNLOAD_BYTES);
  const mbps = (bytes * 8) / 1e6 / (ms / 1000);
  const items = [
    item('Latency', `${latency.toFixed(1)} ms`, `≤ ${minimum.maxLatencyMs} ms`, latency <= minimum.maxLatencyMs ? 'pass' : 'warn'),
    item('Jitter', `${(jitter(rtts) ?? 0).toFixed(1)} ms`, null, 'info'),
    item('Loss', `${lossPercent.toFixed(1)} % (${lost} of ${PINGS})`, `≤ ${minimum.maxLossPercent} %`, lossPercent <= minimum.maxLossPercent ? 'pass' : 'fail'),
    item('Download', `${mbps.toFixed(1)} Mbit/s`, `≥ ${minimum.downloadMbps} Mbit/s`, mbps >= minimum.downloadMbps ? 'pass' : 'fail'),
  ];
  return { status: worst(items), summary: `latency ${latency.toFixed(1)} ms, loss ${lossPercent.toFixed(1)} %, download ${mbps.toFixed(1)} Mbit/s`, items };
};
