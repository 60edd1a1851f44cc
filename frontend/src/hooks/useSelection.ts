import { useCallback, useMemo, useState } from 'react';
import type { Selection } from '../components/DataTable';

/** Selected row keys (namespace/name) for bulk actions; kept across pages until cleared. */
export function useSelection(): Selection & { clear: () => void; keys: string[] } {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((key: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  const setAll = useCallback((keys: string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const k of keys) {
        if (on) next.add(k);
        else next.delete(k);
      }
      return next;
    });
  }, []);
  const clear = useCallback(() => setSelected(new Set()), []);
  const keys = useMemo(() => [...selected].sort(), [selected]);
  return { selected, toggle, setAll, clear, keys };
}
