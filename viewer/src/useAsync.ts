import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads something for a page and reloads on demand; keeps the last value while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { value: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ value: T | undefined; error: unknown; loading: boolean }>({ value: undefined, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => alive && setState({ value, error: null, loading: false }),
      (error: unknown) => alive && setState((s) => ({ value: s.value, error, loading: false })),
    );
    return () => {
      alive = false;
    };
    // The caller lists what `load` depends on in `deps`.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
