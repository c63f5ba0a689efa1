import { KEY_SYSTEM_IDS, KEY_SYSTEMS, type KeySystemId } from '../../../shared/playbackCheck/catalog.js';
import type { DrmInfo, KeySystemSupport } from '../../../shared/playbackCheck/measurements.js';
import { clip, describeError, within } from './probe.js';

/**
 * One request per call. Firefox can leave the promise open while it asks the user to enable DRM;
 * then the key system counts as not available, with that reason.
 */
const REQUEST_MS = 3000;

/** Every init data type some key system uses; each browser keeps those it knows. */
const INIT_DATA_TYPES = ['cenc', 'sinf', 'skd', 'keyids'];
const PROBE_CONTENT_TYPE = 'video/mp4; codecs="avc1.42E01E"';

function configuration(robustness: string | null): MediaKeySystemConfiguration[] {
  return [{ initDataTypes: INIT_DATA_TYPES, videoCapabilities: [{ contentType: PROBE_CONTENT_TYPE, ...(robustness === null ? {} : { robustness }) }] }];
}

/** Resolves null when granted, else with the browser's reason. */
async function request(keySystem: string, robustness: string | null): Promise<string | null> {
  try {
    const access = await within(
      navigator.requestMediaKeySystemAccess(keySystem, configuration(robustness)).then(() => 'granted' as const),
      REQUEST_MS,
      () => 'late' as const,
    );
    return access === 'granted' ? null : `no answer within ${REQUEST_MS / 1000} s (the browser may be asking the user to enable DRM)`;
  } catch (error) {
    return clip(describeError(error), 300);
  }
}

async function keySystemSupport(id: KeySystemId): Promise<KeySystemSupport> {
  const spec = KEY_SYSTEMS[id];
  let reason = 'not tried';
  for (const name of spec.names) {
    const refusal = await request(name, null);
    if (refusal !== null) {
      reason = refusal;
      continue;
    }
    const robustness: string[] = [];
    for (const level of spec.robustness) {
      if ((await request(name, level)) === null) robustness.push(level);
    }
    return { id, keySystem: name, available: true, robustness, reason: null };
  }
  return { id, keySystem: spec.names[0] ?? id, available: false, robustness: [], reason };
}

/** Which DRM key systems the browser grants, with their robustness levels. */
export async function measureDrm(): Promise<DrmInfo> {
  const eme = typeof navigator.requestMediaKeySystemAccess === 'function';
  if (!eme) {
    const reason = window.isSecureContext ? 'this browser has no Encrypted Media Extensions' : 'Encrypted Media Extensions need https';
    return { secureContext: window.isSecureContext, eme, keySystems: KEY_SYSTEM_IDS.map((id) => ({ id, keySystem: KEY_SYSTEMS[id].names[0] ?? id, available: false, robustness: [], reason })) };
  }
  return { secureContext: window.isSecureContext, eme, keySystems: await Promise.all(KEY_SYSTEM_IDS.map(keySystemSupport)) };
}
