import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

/** Incompressible bytes, made once: a throughput test measures the network, not our RNG. */
const BLOCK = randomBytes(64 * 1024);

/** Resolves when the response can take more, or when the client has gone away. */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Streams `bytes` incompressible bytes, honouring back-pressure; never cached. */
export async function sendIncompressible(res: Response, bytes: number): Promise<void> {
  res.setHeader('Content-Type', 'application/octet-stream');
  res.setHeader('Content-Length', String(bytes));
  res.setHeader('Cache-Control', 'no-store');
  for (let sent = 0; sent < bytes; sent += BLOCK.length) {
    // A client that left mid-download gets nothing more (and holds no promise open).
    if (res.destroyed) return;
    const chunk = BLOCK.subarray(0, Math.min(BLOCK.length, bytes - sent));
    if (!res.write(chunk)) await writable(res);
  }
  res.end();
}
