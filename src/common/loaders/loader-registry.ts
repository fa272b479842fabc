import DataLoader from 'dataloader';

/**
 * Per-request DataLoaders. Each feature names and builds its own loaders lazily, so the
 * registry knows no domain; a request never sees another request's cache.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>, options?: DataLoader.Options<K, V, K>): DataLoader<K, V, K> {
    let loader = this.loaders.get(name) as DataLoader<K, V, K> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, K>((keys) => batch(keys), { maxBatchSize: 1000, ...options });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders rows found for `keys` as DataLoader requires: one entry per key, null when absent. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

/** Groups rows under `keys` as DataLoader requires: one (possibly empty) array per key. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}
