import fc from "fast-check";

/**
 * Ways to spoil a real payload, for the fuzz scenario: values of the wrong type or absurd size put
 * anywhere in the document, keys removed, bytes cut or made invalid UTF-8, nesting deeper than any
 * vendor sends. Pure functions over data; fast-check draws which ones apply where.
 */

const deep = (depth: number, kind: "array" | "object"): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { a: v };
  return v;
};

/** A value that no schema expects in that place. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -0, "", " ", "null", "\u0000", "\ud800", "2026-13-45T99:99:99Z", "9".repeat(40), [], {}),
  fc.constant(Number.MAX_SAFE_INTEGER + 2),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constant("x".repeat(100_000)),
  fc.constant(Array.from({ length: 5_000 }, (_, i) => i)),
  fc.constant(Array.from({ length: 2_000 }, () => ({ a: "b" }))),
  // Deep enough to hurt a recursive walk, shallow enough for the test's own serialiser; far deeper
  // bodies are made as bytes (ByteEdit "deep").
  fc.integer({ min: 50, max: 400 }).map((d) => deep(d, "array")),
  fc.integer({ min: 50, max: 400 }).map((d) => deep(d, "object")),
  fc.jsonValue({ maxDepth: 3 }),
);

export type JsonEdit = { at: number; op: "set"; value: unknown } | { at: number; op: "delete" } | { at: number; op: "wrap" };

export const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at: fc.nat(), op: fc.constant("set" as const), value: nastyValue }) },
  { weight: 2, arbitrary: fc.record({ at: fc.nat(), op: fc.constant("delete" as const) }) },
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), op: fc.constant("wrap" as const) }) },
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

function slots(root: unknown, depth = 0, out: Slot[] = []): Slot[] {
  if (depth > 12 || root === null || typeof root !== "object") return out;
  const entries: Array<[string | number, unknown]> = Array.isArray(root) ? root.map((v, i) => [i, v]) : Object.entries(root);
  for (const [key, v] of entries) {
    out.push({ parent: root as Container, key });
    slots(v, depth + 1, out);
  }
  return out;
}

/** Applies edits to a copy of `doc`; `at` picks a slot (any key or index at any depth), modulo their count. */
export function applyEdits(doc: unknown, edits: readonly JsonEdit[]): unknown {
  const copy = structuredClone(doc);
  for (const edit of edits) {
    const all = slots(copy);
    if (all.length === 0) return edit.op === "set" ? edit.value : copy;
    const { parent, key } = all[edit.at % all.length]!;
    const set = (v: unknown) => ((parent as Record<string | number, unknown>)[key] = v);
    // A copy: fast-check hands out one instance of a constant, which must neither be edited later nor nest in itself.
    if (edit.op === "set") set(structuredClone(edit.value));
    else if (edit.op === "wrap") set([(parent as Record<string | number, unknown>)[key]]);
    else if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  }
  return copy;
}

export type ByteEdit = { op: "none" } | { op: "truncate"; at: number } | { op: "invalid-utf8"; at: number; bytes: readonly number[] } | { op: "flip"; at: number; xor: number } | { op: "random"; bytes: Uint8Array } | { op: "empty" } | { op: "deep"; depth: number; open: string } | { op: "oversize"; bytes: number };

export const byteEdit = (bodyLimit: number): fc.Arbitrary<ByteEdit> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant({ op: "none" as const }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("invalid-utf8" as const), at: fc.nat(), bytes: fc.constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xe2, 0x82]) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("random" as const), bytes: fc.uint8Array({ maxLength: 2_000 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: "empty" as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("deep" as const), depth: fc.integer({ min: 1_000, max: 120_000 }), open: fc.constantFrom("[", '{"a":') }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("oversize" as const), bytes: fc.integer({ min: bodyLimit + 1, max: bodyLimit * 2 }) }) },
  );

export function applyBytes(body: Buffer, edit: ByteEdit): Buffer {
  const at = (n: number) => (body.length === 0 ? 0 : n % body.length);
  switch (edit.op) {
    case "none":
      return body;
    case "truncate":
      return body.subarray(0, at(edit.at));
    case "invalid-utf8":
      return Buffer.concat([body.subarray(0, at(edit.at)), Buffer.from(edit.bytes), body.subarray(at(edit.at))]);
    case "flip": {
      const copy = Buffer.from(body);
      if (copy.length > 0) copy[at(edit.at)]! ^= edit.xor;
      return copy;
    }
    case "random":
      return Buffer.from(edit.bytes);
    case "empty":
      return Buffer.alloc(0);
    case "deep": {
      const close = edit.open === "[" ? "]" : "}";
      return Buffer.from(edit.open.repeat(edit.depth) + "1" + close.repeat(edit.depth));
    }
    case "oversize":
      return Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(edit.bytes, "a"), Buffer.from('"}')]);
  }
}

/**
 * fast-check parameters with a short failure report: the seed and path to replay, the first
 * error, and the counterexample cut to a readable length (a 100 kB string would drown the log).
 */
export function fuzzParameters<T>(seed: number, numRuns: number): fc.Parameters<T> {
  return {
    seed,
    numRuns,
    endOnFailure: true,
    reporter(details) {
      if (!details.failed) return;
      const example = JSON.stringify(details.counterexample, (_k, v: unknown) => (typeof v === "string" && v.length > 80 ? `${v.slice(0, 80)}…(${v.length} chars)` : Array.isArray(v) && v.length > 20 ? [...v.slice(0, 20), `…(${v.length} items)`] : v));
      const error = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance);
      throw new Error(`fuzz case failed (seed ${details.seed}, path "${details.counterexamplePath}"):\n${error.slice(0, 2_000)}\ncounterexample: ${(example ?? "").slice(0, 1_500)}`);
    },
  };
}
