/** Distinct values per shop, in first-seen order: reads that take many keys ask one shop at a time. */
export function groupByShop<T extends { shop: string }>(items: readonly T[], value: (item: T) => string): Map<string, string[]> {
  const byShop = new Map<string, Set<string>>();
  for (const item of items) {
    const values = byShop.get(item.shop);
    if (values) values.add(value(item));
    else byShop.set(item.shop, new Set([value(item)]));
  }
  return new Map([...byShop].map(([shop, values]) => [shop, [...values]]));
}
