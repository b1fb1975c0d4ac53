// Which sync stores `npm run bench sync` measures (BENCH_SYNC_STORES).

/**
 * The stores BENCH_SYNC_STORES names (both when unset). A name it does not know, or none at all, stops the
 * bench: before, they were dropped, and with no store left every sync target read as met (the worst of no
 * values is ±Infinity) and the run passed having measured nothing.
 */
export function syncStores(setting: string | undefined): ('sqlite' | 'postgres')[] {
  const names = (setting ?? 'sqlite,postgres').split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = names.filter((name) => name !== 'sqlite' && name !== 'postgres');
  if (unknown.length > 0 || names.length === 0) throw new Error(`BENCH_SYNC_STORES must name sqlite, postgres or both (comma-separated), not "${setting ?? ''}"`);
  return [...new Set(names)].filter((name): name is 'sqlite' | 'postgres' => name === 'sqlite' || name === 'postgres');
}
