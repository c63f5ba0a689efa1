import { z } from 'zod';

/** The operating-system families the support policy knows (§3). */
export const Platform = z.enum(['windows', 'android', 'ios', 'linux', 'macos', 'other']);
export type Platform = z.infer<typeof Platform>;

const text = (max = 200) => z.string().max(max);
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
});
export type DeviceReport = z.infer<typeof DeviceReport>;

/** One line for logs, audit and the engineer's status bar. */
export function deviceSummary(d: DeviceReport): string {
  const ramGb = (d.memoryBytes / 2 ** 30).toFixed(1);
  return `${d.osName} ${d.osRelease}${d.osEdition ? ` (${d.osEdition})` : ''}, ${d.arch}, ${d.cpu.brand}, ${ramGb} GB RAM`;
}
