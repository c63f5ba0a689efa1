import type { StorageAccess, StorageEstimate, StoreUsable } from '../../../shared/playbackCheck/measurements.js';
import { clip, describeError, within } from './probe.js';

/** The quota and usage the browser gives this site (a RAM disk shows as a tiny quota). */
export async function measureStorage(): Promise<StorageEstimate> {
  const storage = 'storage' in navigator ? navigator.storage : undefined;
  if (!storage?.estimate) return { quotaBytes: null, usageBytes: null, persisted: null };
  const estimate = await storage.estimate();
  const persisted = storage.persisted ? await storage.persisted() : null;
  return { quotaBytes: estimate.quota ?? null, usageBytes: estimate.usage ?? null, persisted };
}

const PROBE_KEY = 'remote-assist-check';

function webStorage(name: 'localStorage' | 'sessionStorage'): StoreUsable {
  try {
    // Reading the property itself throws when the browser blocks storage for the site.
    const store = window[name];
    const value = String(Math.random());
    store.setItem(PROBE_KEY, value);
    const back = store.getItem(PROBE_KEY);
    store.removeItem(PROBE_KEY);
    return back === value ? { usable: true, reason: null } : { usable: false, reason: 'what was written did not read back' };
  } catch (error) {
    return { usable: false, reason: clip(describeError(error), 300) };
  }
}

const IDB_MS = 3000;

/** Opens a throw-away database, writes and reads one record, and deletes the database again. */
function indexedDbRoundTrip(): Promise<void> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(PROBE_KEY, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('probe');
    open.onerror = () => reject(open.error ?? new Error('indexedDB.open failed'));
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('probe', 'readwrite');
      tx.objectStore('probe').put(1, 'key');
      const read = tx.objectStore('probe').get('key');
      tx.oncomplete = () => {
        db.close();
        indexedDB.deleteDatabase(PROBE_KEY);
        if (read.result === 1) resolve();
        else reject(new Error('what was written did not read back'));
      };
      tx.onerror = () => reject(tx.error ?? new Error('the transaction failed'));
    };
  });
}

async function indexedDbUsable(): Promise<StoreUsable> {
  if (typeof indexedDB === 'undefined') return { usable: false, reason: 'no IndexedDB in this browser' };
  try {
    const outcome = await within(
      indexedDbRoundTrip().then(() => 'ok' as const),
      IDB_MS,
      () => 'late' as const,
    );
    return outcome === 'ok' ? { usable: true, reason: null } : { usable: false, reason: `no answer within ${IDB_MS / 1000} s` };
  } catch (error) {
    return { usable: false, reason: clip(describeError(error), 300) };
  }
}

/** Cookies on, and whether localStorage, sessionStorage and IndexedDB really work here. */
export async function measureStorageAccess(): Promise<StorageAccess> {
  return { cookieEnabled: navigator.cookieEnabled, localStorage: webStorage('localStorage'), sessionStorage: webStorage('sessionStorage'), indexedDB: await indexedDbUsable() };
}
