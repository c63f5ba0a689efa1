import { z } from 'zod';

/** The operating-system families the support policy knows (§3). */
export const Platform = z.enum(['windows', 'android', 'ios', 'linux', 'macos', 'other']);
export type Platform = z.infer<typeof Platform>;

const text = (max = 200) => z.string().max(max);

/**
 * What joined the session on the end user's side: the RemoteAssist agent program, or the join
 * page (`/join`) in a browser — view only, no input, no diagnostics (docs/protocol.md).
 */
export const AgentKind = z.enum(['agent', 'browser']);
export type AgentKind = z.infer<typeof AgentKind>;

/**
 * The browser a browser session runs in, as the join page measured it (Client Hints where the
 * browser has them, else its User-Agent string). Untrusted text, shown as text only.
 */
export const BrowserDevice = z.strictObject({
  name: text(100),
  version: text(50),
  engine: text(100),
  userAgent: text(1000),
  deviceType: z.enum(['desktop', 'mobile', 'tablet', 'tv', 'unknown']),
  model: text(100),
  /** Whether name and OS came from User-Agent Client Hints or the UA string. */
  source: z.enum(['client_hints', 'user_agent']),
  /** Whether the page can share the screen here (a desktop browser with getDisplayMedia). */
  canShareScreen: z.boolean(),
});
export type BrowserDevice = z.infer<typeof BrowserDevice>;
const bytes = z.number().int().min(0).max(2 ** 53);

/**
 * What the agent reports of its device at join (systeminformation on the end user's PC). Strings
 * here come from the user's machine: the viewer renders them as text, never as HTML.
 */
export const DeviceReport = z.strictObject({
  platform: Platform,
  /** e.g. "Microsoft Windows 10 Pro", "Debian GNU/Linux". */
  osName: text(),
  /** Kernel or OS release, e.g. "10.0.19045" or "6.1.0-18-amd64". */
  osRelease: text(100),
  /** Edition or distribution codename, e.g. "Professional", "bookworm"; empty when unknown. */
  osEdition: text(100),
  arch: text(50),
  hostname: text(255),
  cpu: z.strictObject({ brand: text(), cores: z.number().int().min(0).max(4096), speedGHz: z.number().min(0).max(100) }),
  memoryBytes: bytes,
  gpus: z.array(z.strictObject({ model: text(), vramMB: z.number().min(0).max(1_000_000).nullable() })).max(16),
  disks: z.array(z.strictObject({ mount: text(), sizeBytes: bytes, freeBytes: bytes })).max(64),
  displays: z.array(z.strictObject({ id: text(50), width: z.number().int().min(0).max(100_000), height: z.number().int().min(0).max(100_000), primary: z.boolean() })).max(16),
  /** Present when the report came from the join page in a browser: which browser it is. */
  browser: BrowserDevice.optional(),
});
export type DeviceReport = z.infer<typeof DeviceReport>;

/** One line for logs, audit and the engineer's status bar. */
export function deviceSummary(d: DeviceReport): string {
  const ramGb = (d.memoryBytes / 2 ** 30).toFixed(1);
  if (d.browser) {
    const b = d.browser;
    const memory = d.memoryBytes > 0 ? `, ${ramGb} GB RAM` : '';
    return `Browser ${b.name} ${b.version} on ${d.osName} ${d.osRelease} (${b.deviceType}${b.model ? `, ${b.model}` : ''}), ${d.cpu.cores || '?'} cores${memory}, view only`;
  }
  return `${d.osName} ${d.osRelease}${d.osEdition ? ` (${d.osEdition})` : ''}, ${d.arch}, ${d.cpu.brand}, ${ramGb} GB RAM`;
}
