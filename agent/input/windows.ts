import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { MouseButton } from '../../shared/protocol/dataChannel.js';
import type { InputBackend } from './backend.js';
import { windowsVirtualKey } from './keys.js';

/**
 * Windows input through SendInput, from a PowerShell process that reads one command per line.
 * UNTESTED on the Linux machines this project is built and tested on: kept as thin as
 * possible — it only translates our commands into SendInput calls.
 */
const HELPER = String.raw`
Add-Type -TypeDefinition @"
using System; using System.Runtime.InteropServices;
public static class RA {
  [StructLayout(LayoutKind.Sequential)] public struct MI { public int dx, dy; public uint data, flags, time; public IntPtr extra; }
  [StructLayout(LayoutKind.Sequential)] public struct KI { public ushort vk, scan; public uint flags, time; public IntPtr extra; }
  [StructLayout(LayoutKind.Explicit)] public struct IN { [FieldOffset(0)] public uint type; [FieldOffset(8)] public MI mi; [FieldOffset(8)] public KI ki; }
  [DllImport("user32.dll")] static extern uint SendInput(uint n, IN[] inputs, int size);
  [DllImport("user32.dll")] public static extern bool SetCursorPos(int x, int y);
  public static void Mouse(uint flags, uint data) { var i = new IN(); i.type = 0; i.mi.flags = flags; i.mi.data = data; SendInput(1, new[]{i}, Marshal.SizeOf(typeof(IN))); }
  public static void Key(ushort vk, bool up) { var i = new IN(); i.type = 1; i.ki.vk = vk; i.ki.flags = up ? 2u : 0u; SendInput(1, new[]{i}, Marshal.SizeOf(typeof(IN))); }
  public static void Text(string s) { foreach (var c in s) { foreach (var up in new[]{false,true}) { var i = new IN(); i.type = 1; i.ki.scan = c; i.ki.flags = 4u | (up ? 2u : 0u); SendInput(1, new[]{i}, Marshal.SizeOf(typeof(IN))); } } }
}
"@
while ($null -ne ($line = [Console]::In.ReadLine())) {
  $p = $line.Split(' ', 2)
  switch ($p[0]) {
    'move' { $xy = $p[1].Split(' '); [RA]::SetCursorPos([int]$xy[0], [int]$xy[1]) | Out-Null }
    'mouse' { $a = $p[1].Split(' '); [RA]::Mouse([uint32]$a[0], [uint32]$a[1]) }
    'key' { $a = $p[1].Split(' '); [RA]::Key([uint16]$a[0], $a[1] -eq 'up') }
    'text' { [RA]::Text([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($p[1]))) }
  }
}`;

const DOWN: Record<MouseButton, number> = { left: 0x2, right: 0x8, middle: 0x20 };
const WHEEL = 0x800;
const HWHEEL = 0x1000;

export function windowsInput(onError: (error: Error) => void = () => undefined): InputBackend {
  let child: ChildProcessWithoutNullStreams | null = null;
  const send = (line: string) => {
    if (!child || child.exitCode !== null) {
      child = spawn('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', HELPER], { stdio: ['pipe', 'pipe', 'pipe'] });
      child.on('error', onError);
    }
    child.stdin.write(`${line}\n`);
  };
  return {
    name: 'SendInput',
    move: (x, y) => send(`move ${Math.round(x)} ${Math.round(y)}`),
    button: (action, button) => send(`mouse ${action === 'down' ? DOWN[button] : DOWN[button] * 2} 0`),
    wheel: (nx, ny) => {
      if (ny) send(`mouse ${WHEEL} ${(-ny * 120) >>> 0}`);
      if (nx) send(`mouse ${HWHEEL} ${(nx * 120) >>> 0}`);
    },
    key: (action, code) => {
      const vk = windowsVirtualKey(code);
      if (vk !== null) send(`key ${vk} ${action}`);
    },
    type: (text) => send(`text ${Buffer.from(text, 'utf8').toString('base64')}`),
    close: () => {
      child?.stdin.end();
      child = null;
    },
  };
}
