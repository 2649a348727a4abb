import type { z } from "zod";

/**
 * Which option of a union a raw value means, so a shape error can be reported against that one
 * option instead of as "matches none of five shapes". `problem` when the value itself is
 * ambiguous (two kinds at once, or none).
 */
export type UnionChoice = { option: number } | { problem: string; key?: string };
export type UnionSelector = (raw: unknown) => UnionChoice;

const selectors = new WeakMap<z.ZodType, UnionSelector>();

export function registerUnionSelector<T extends z.ZodType>(union: T, select: UnionSelector): T {
  selectors.set(union, select);
  return union;
}

export function unionSelectorOf(union: z.ZodType): UnionSelector | undefined {
  return selectors.get(union);
}
