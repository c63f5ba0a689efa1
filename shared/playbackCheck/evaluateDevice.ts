import type { PlaybackCheckItem } from './items.js';
import type { PlaybackMeasurements } from './measurements.js';
import { PLAYBACK_THRESHOLDS as T, SOFTWARE_RENDERER, UNSUPPORTED_BROWSER } from './thresholds.js';
import { Judgement, errorItem, evaluated, round } from './evaluateParts.js';

type M = PlaybackMeasurements;

export function browserItem(probe: M['browser']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('browser', {}, probe);
  const b = probe.data;
  const judgement = new Judgement('info');
  if (UNSUPPORTED_BROWSER.test(b.name)) judgement.add('fail', 'browser_unsupported');
  const device = b.model ? `${b.deviceType}, ${b.model}` : b.deviceType;
  return evaluated('browser', {}, judgement, `${b.name} ${b.version} on ${b.osName} ${b.osVersion} (${device})`.replace(/\s+/g, ' '), b);
}

export function screenItem(probe: M['screen']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('screen', {}, probe);
  const s = probe.data;
  const physicalWidth = Math.round(s.width * s.pixelRatio);
  const physicalHeight = Math.round(s.height * s.pixelRatio);
  const judgement = new Judgement();
  if (Math.min(physicalWidth, physicalHeight) < T.screenShortSidePx.warnBelow) judgement.add('warn', 'screen_small');
  const summary = `${s.width}×${s.height} at ${round(s.pixelRatio, 3)}× (${physicalWidth}×${physicalHeight} physical)`;
  return evaluated('screen', {}, judgement, summary, { width: s.width, height: s.height, pixelRatio: s.pixelRatio, physicalWidth, physicalHeight });
}

export function cpuCoresItem(probe: M['hardware']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('cpu_cores', {}, probe);
  const cores = probe.data.logicalCores;
  const judgement = new Judgement(cores === null ? 'info' : 'pass');
  if (cores === null) judgement.add('info', 'cores_hidden');
  else if (cores < T.logicalCores.failBelow) judgement.add('fail', 'cpu_too_few_cores');
  else if (cores < T.logicalCores.warnBelow) judgement.add('warn', 'cpu_few_cores');
  return evaluated('cpu_cores', {}, judgement, cores === null ? 'not told by the browser' : `${cores} logical cores`, { logicalCores: cores });
}

export function deviceMemoryItem(probe: M['hardware']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('device_memory', {}, probe);
  const gb = probe.data.deviceMemoryGb;
  const judgement = new Judgement(gb === null ? 'info' : 'pass');
  if (gb === null) judgement.add('info', 'memory_hidden');
  else if (gb < T.deviceMemoryGb.failBelow) judgement.add('fail', 'memory_too_low');
  else if (gb < T.deviceMemoryGb.warnBelow) judgement.add('warn', 'memory_low');
  return evaluated('device_memory', {}, judgement, gb === null ? 'not told by the browser' : `${gb} GB`, { deviceMemoryGb: gb });
}

export function gpuItem(probe: M['gpu']): PlaybackCheckItem {
  if (probe.status === 'error') return errorItem('gpu', {}, probe);
  const g = probe.data;
  const software = g.renderer !== null && SOFTWARE_RENDERER.test(g.renderer);
  const judgement = new Judgement();
  if (g.api === 'none') judgement.add('warn', 'no_webgl');
  else if (software) judgement.add('warn', 'software_rendering');
  const summary = g.api === 'none' ? 'no WebGL' : `${g.renderer ?? 'renderer not told'}${software ? ' (software rendering)' : ''}`;
  return evaluated('gpu', {}, judgement, summary, { ...g, software });
}
