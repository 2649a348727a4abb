import { z } from "zod";

/**
 * Helpdesk templates render every variable as text ("123", "True", "[]"), and APIs send numbers:
 * these accept both and hand back what the normalizer means.
 */
export const IdLike = z.union([z.string().min(1), z.number().int()]).transform((v) => String(v));
export const TextLike = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === "" ? null : String(v)));
export const BoolLike = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((v) => (typeof v === "boolean" ? v : typeof v === "string" ? ["true", "1", "yes"].includes(v.trim().toLowerCase()) : null));

/** Tags as `["a","b"]`, `[{name:"a"}]` or `"a, b"`. */
export const TagsLike = z
  .union([z.array(z.union([z.string(), z.object({ name: z.string() })])), z.string()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined) return [];
    if (typeof v === "string") return v.split(",").map((s) => s.trim()).filter((s) => s.length > 0 && s !== "[]");
    return v.map((t) => (typeof t === "string" ? t : t.name)).filter((s) => s.length > 0);
  });

/** A list of references as an array or a comma-separated string. */
export const RefsLike = z
  .union([z.array(IdLike), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? [] : typeof v === "string" ? v.split(",").map((s) => s.trim()).filter(Boolean) : v));
