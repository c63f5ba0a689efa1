import { execFile } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

/**
 * Authenticode signing of the Windows build, configured by environment: a PKCS#12 file
 * (certificate and key) and its password, and optionally an RFC 3161 timestamp server so the
 * signature outlives the certificate. Without `RA_SIGN_PKCS12` the build does not sign.
 */
const SigningEnv = z.object({
  RA_SIGN_PKCS12: z.string().min(1),
  RA_SIGN_PASSWORD: z.string().default(''),
  RA_SIGN_TIMESTAMP_URL: z.url().optional(),
  RA_SIGN_TOOL: z.string().min(1).default('osslsigncode'),
});
export type SigningConfig = z.infer<typeof SigningEnv>;

export function signingConfig(env: NodeJS.ProcessEnv): SigningConfig | null {
  if (!env['RA_SIGN_PKCS12']) return null;
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('RA_SIGN_') && v));
  return SigningEnv.parse(present);
}

/** Signs `exe` in place with osslsigncode (Debian package `osslsigncode`). */
export async function signExecutable(exe: string, config: SigningConfig): Promise<void> {
  // The password goes through a private file, not the command line other users can read.
  const secretDir = mkdtempSync(join(tmpdir(), 'ra-sign-'));
  const passFile = join(secretDir, 'pass');
  const signed = `${exe}.signed`;
  try {
    writeFileSync(passFile, config.RA_SIGN_PASSWORD, { mode: 0o600 });
    const timestamp = config.RA_SIGN_TIMESTAMP_URL ? ['-ts', config.RA_SIGN_TIMESTAMP_URL] : [];
    await run(config.RA_SIGN_TOOL, ['sign', '-pkcs12', config.RA_SIGN_PKCS12, '-readpass', passFile, '-h', 'sha256', '-n', 'RemoteAssist Support', ...timestamp, '-in', exe, '-out', signed]);
    renameSync(signed, exe);
  } finally {
    rmSync(secretDir, { recursive: true, force: true });
    rmSync(signed, { force: true });
  }
}
