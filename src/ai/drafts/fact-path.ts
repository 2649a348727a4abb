import type { OrderFacts } from "./order-facts.js";

export type FactValue = string | number | boolean | null;

/**
 * The value at a path such as `shipments[0].expectedDelivery`, or undefined when the facts hold
 * no such path (a model citing a fact that is not there). Objects and arrays are not facts a
 * reply states, so they read as undefined too.
 */
export function factAt(facts: OrderFacts | null, path: string): FactValue | undefined {
  let node: unknown = facts;
  for (const key of path.replace(/\[(\d+)\]/g, ".$1").split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node === null || ["string", "number", "boolean"].includes(typeof node) ? (node as FactValue) : undefined;
}
