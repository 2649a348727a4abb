/**
 * The value for `key`, computed once. For values cheap to compute again and asked for again and
 * again (parsed instants, business-day walks, deadlines): a memo holding `limit` entries starts
 * over, which keeps it bounded without the upkeep of a recency order on every hit.
 */
export function remember<K, V>(memo: Map<K, V>, key: K, limit: number, compute: (key: K) => V): V {
  const known = memo.get(key);
  if (known !== undefined) return known;
  const value = compute(key);
  if (memo.size >= limit) memo.clear();
  memo.set(key, value);
  return value;
}
