import { RemoteControl } from '../../../agent/input/control.js';
import { windowsInput } from '../../../agent/input/windows.js';
import { loadUser32 } from '../../../agent/windows/user32.js';
import type { DisplayInfo } from '../../../shared/protocol/dataChannel.js';
import { callHome } from './link.js';

/** The agent's Windows input back end behind the agent's RemoteControl, driven by the test. */
export async function runInput(port: number): Promise<void> {
  const api = await loadUser32();
  let emit: (event: string, data?: unknown) => void = () => undefined;
  const backend = windowsInput(api, (error) => emit('input-error', error.message));
  // The whole virtual desktop is the shared display here (one monitor under Wine).
  const display: DisplayInfo = { id: '0', name: 'wine', primary: true, x: api.GetSystemMetrics(76), y: api.GetSystemMetrics(77), width: api.GetSystemMetrics(78), height: api.GetSystemMetrics(79) };
  const control = new RemoteControl(backend, () => display);
  const link = await callHome(port, 'input', {
    display: () => display,
    engineer: ({ action }: { action: 'request' | 'release' }) => control.engineer(action),
    toggle: () => control.toggleByUser(),
    stop: () => control.stop(),
    apply: ({ message }) => control.apply(message),
  });
  emit = link.emit;
}
