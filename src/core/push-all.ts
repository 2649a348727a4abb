/** Appends `items` to `target` one by one: `push(...items)` passes each as an argument and overflows the stack past about 100,000. */
export function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
