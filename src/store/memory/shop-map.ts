/**
 * A map keyed by (shop, key), as a map per shop. The in-memory store looks rows up by shop and
 * order (or customer, or tracking number) several times per fold; joining the two into one string
 * made a new string to hash at every lookup, about seven times the cost of two lookups with
 * strings V8 has hashed already.
 */
export class ShopMap<V> {
  readonly #shops = new Map<string, Map<string, V>>();

  get(shop: string, key: string): V | undefined {
    return this.#shops.get(shop)?.get(key);
  }

  has(shop: string, key: string): boolean {
    return this.#shops.get(shop)?.has(key) ?? false;
  }

  set(shop: string, key: string, value: V): void {
    let inShop = this.#shops.get(shop);
    if (inShop === undefined) this.#shops.set(shop, (inShop = new Map()));
    inShop.set(key, value);
  }

  delete(shop: string, key: string): void {
    this.#shops.get(shop)?.delete(key);
  }

  /** The value under (shop, key), made by `create` when there is none. */
  upsert(shop: string, key: string, create: () => V): V {
    let inShop = this.#shops.get(shop);
    if (inShop === undefined) this.#shops.set(shop, (inShop = new Map()));
    let value = inShop.get(key);
    if (value === undefined) inShop.set(key, (value = create()));
    return value;
  }

  get size(): number {
    let n = 0;
    for (const inShop of this.#shops.values()) n += inShop.size;
    return n;
  }

  *values(): IterableIterator<V> {
    for (const inShop of this.#shops.values()) yield* inShop.values();
  }

  clear(): void {
    this.#shops.clear();
  }
}

// Shared makers for `upsert`: a closure written at each call would be a new function each time.
export const newMap = <K, V>(): Map<K, V> => new Map();
export const newSet = <T>(): Set<T> => new Set();
export const newList = <T>(): T[] => [];
