/**
 * Removes the Authenticode signature from a PE file (node.exe comes signed by the Node.js
 * project). Injecting our blob breaks that signature, and Windows warns louder about a broken
 * signature than about none; our own signature, when configured, is added after injection.
 * Returns the bytes unchanged when there is no signature.
 */
export function stripPeSignature(exe: Buffer): Buffer {
  if (exe.length < 0x40 || exe.toString('latin1', 0, 2) !== 'MZ') throw new Error('not a PE file (no MZ header)');
  const pe = exe.readUInt32LE(0x3c);
  if (exe.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not a PE file (no PE signature)');
  const optional = pe + 24;
  const magic = exe.readUInt16LE(optional);
  const directories = optional + (magic === 0x20b ? 112 : magic === 0x10b ? 96 : NaN);
  if (Number.isNaN(directories)) throw new Error(`unknown PE optional header magic 0x${magic.toString(16)}`);
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
  const optional = exe.readUInt32LE(0x3c) + 24;
  const directories = optional + (exe.readUInt16LE(optional) === 0x20b ? 112 : 96);
  return exe.readUInt32LE(directories + 4 * 8 + 4) > 0;
}
