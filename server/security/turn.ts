import { createHmac } from 'node:crypto';
import type { IceServer } from '../../shared/protocol/signal.js';

export interface IceConfig {
  stunUrls: readonly string[];
  turnUrls: readonly string[];
  turnSecret: string | null;
  turnTtlMinutes: number;
}

/**
 * ICE servers for one session. TURN credentials follow coturn's `use-auth-secret` scheme
 * (the TURN REST API): username `<expiry>:<label>`, password base64(HMAC-SHA1(secret, username)),
 * so they expire by themselves and need no state on the TURN server.
 */
export function iceServersFor(config: IceConfig, label: string, nowMs: number): IceServer[] {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length > 0 && config.turnSecret) {
    const expiry = Math.floor(nowMs / 1000) + Math.round(config.turnTtlMinutes * 60);
    const username = `${expiry}:${label}`;
    const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64');
    servers.push({ urls: [...config.turnUrls], username, credential });
  }
  return servers;
}
