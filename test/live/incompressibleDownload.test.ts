import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { sendIncompressible } from '../../server/http/incompressible.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A real server whose one route streams `bytes` and records when its handler returns. */
async function downloadServer(bytes: number): Promise<{ port: number; finished: Promise<'returned'> }> {
  let returned!: () => void;
  const finished = new Promise<'returned'>((resolve) => (returned = () => resolve('returned')));
  const app = express();
  app.get('/download', async (_req, res) => {
    await sendIncompressible(res, bytes);
    returned();
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  close = () => new Promise((resolve) => server.close(() => resolve()));
  return { port: (server.address() as AddressInfo).port, finished };
}

describe('an incompressible download', () => {
  it('stops, and lets its handler return, when the client goes away in the middle', async () => {
    const { port, finished } = await downloadServer(64 * 2 ** 20);
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/download' }, (res) => {
        // Read one chunk, then hang up without reading the rest: the server's buffer stays full.
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    const timeout = new Promise<'still writing'>((resolve) => setTimeout(() => resolve('still writing'), 3000));
    expect(await Promise.race([finished, timeout])).toBe('returned');
  });
});
