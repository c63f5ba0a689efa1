/** The optional header's place and kind (PE32 or PE32+), after checking the file is a PE file at all. */
function optionalHeader(exe: Buffer): { at: number; directories: number } {
  if (exe.length < 0x40 || exe.toString('latin1', 0, 2) !== 'MZ') throw new Error('not a PE file (no MZ header)');
  const pe = exe.readUInt32LE(0x3c);
  if (exe.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not a PE file (no PE signature)');
  const at = pe + 24;
  const magic = exe.readUInt16LE(at);
  if (magic !== 0x20b && magic !== 0x10b) throw new Error(`unknown PE optional header magic 0x${magic.toString(16)}`);
  return { at, directories: at + (magic === 0x20b ? 112 : 96) };
}

/** The optional header's Subsystem field: the same offset in PE32 and PE32+. */
const SUBSYSTEM_OFFSET = 68;
export const SUBSYSTEM = { gui: 2, console: 3 } as const;
export type Subsystem = keyof typeof SUBSYSTEM;

export function peSubsystem(exe: Buffer): Subsystem | number {
  const value = exe.readUInt16LE(optionalHeader(exe).at + SUBSYSTEM_OFFSET);
  return value === SUBSYSTEM.gui ? 'gui' : value === SUBSYSTEM.console ? 'console' : value;
}

/**
 * Marks a PE file as a GUI-subsystem program (IMAGE_SUBSYSTEM_WINDOWS_GUI) in place: Windows then
 * gives it no console window, so a user who double-clicks it sees only the agent's own windows.
 * node.exe is a console program; Node runs the same either way (its stdio is then absent, see
 * agent/output.ts). The header checksum is left alone: Windows checks it only for drivers.
 */
export function setPeSubsystem(exe: Buffer, subsystem: Subsystem): void {
  exe.writeUInt16LE(SUBSYSTEM[subsystem], optionalHeader(exe).at + SUBSYSTEM_OFFSET);
}

/**
 * Removes the Authenticode signature from a PE file (node.exe comes signed by the Node.js
 * project). Injecting our blob breaks that signature, and Windows warns louder about a broken
 * signature than about none; our own signature, when configured, is added after injection.
 * Returns the bytes unchanged when there is no signature.
 */
export function stripPeSignature(exe: Buffer): Buffer {
  const { directories } = optionalHeader(exe);
  // Data directory 4 is the certificate table; its address is a file offset, not an RVA.
  const security = directories + 4 * 8;
  const offset = exe.readUInt32LE(security);
  const size = exe.readUInt32LE(security + 4);
  if (size === 0) return exe;
  if (offset + size > exe.length) throw new Error('the certificate table runs past the end of the file');
  const stripped = Buffer.from(exe.subarray(0, offset + size === exe.length ? offset : exe.length));
  stripped.writeUInt32LE(0, security);
  stripped.writeUInt32LE(0, security + 4);
  return stripped;
}

/** Whether a PE file carries a certificate table. */
export function hasPeSignature(exe: Buffer): boolean {
  const { directories } = optionalHeader(exe);
  return exe.readUInt32LE(directories + 4 * 8 + 4) > 0;
}
