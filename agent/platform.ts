import type { DisplayInfo } from '../shared/protocol/dataChannel.js';
import si from 'systeminformation';
import type { InputBackend } from './input/backend.js';
import { windowsInput } from './input/windows.js';
import { xdotoolInput } from './input/xdotool.js';
import type { CaptureBackend } from './video/capture.js';
import { avfoundationCapture } from './video/otherPlatforms.js';
import { windowsCapture } from './video/windows.js';
import { loadUser32 } from './windows/user32.js';
import { x11Capture } from './video/x11.js';

/** Displays as systeminformation sees them (macOS), for capture back ends without their own list. */
async function siDisplays(): Promise<DisplayInfo[]> {
  const { displays } = await si.graphics();
  return displays.map((d, i) => ({
    id: String(i),
    name: d.model || `display ${i}`,
    width: d.currentResX ?? d.resolutionX ?? 0,
    height: d.currentResY ?? d.resolutionY ?? 0,
    x: d.positionX ?? 0,
    y: d.positionY ?? 0,
    primary: d.main ?? i === 0,
  }));
}

/** A back end, or none (view-only) when it cannot load, e.g. koffi's native module is missing. */
async function orNone(load: () => Promise<InputBackend>, onError: (error: Error) => void): Promise<InputBackend | null> {
  try {
    return await load();
  } catch (error) {
    onError(error instanceof Error ? error : new Error(String(error)));
    return null;
  }
}

/** The capture and input back ends for this OS. */
export async function backendsFor(platform: NodeJS.Platform, onInputError: (error: Error) => void): Promise<{ capture: CaptureBackend; input: InputBackend | null }> {
  switch (platform) {
    case 'win32':
      return { capture: windowsCapture(), input: await orNone(async () => windowsInput(await loadUser32(), onInputError), onInputError) };
    case 'darwin':
      // No input back end on macOS yet: the engineer can watch, not control.
      return { capture: avfoundationCapture(siDisplays), input: null };
    default:
      return { capture: x11Capture(), input: process.env['DISPLAY'] ? xdotoolInput(process.env['DISPLAY'], onInputError) : null };
  }
}
