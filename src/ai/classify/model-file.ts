import { z } from "zod";
import type { IntentModel } from "./intent-model.js";
import { INTENTS } from "./intents.js";
import { OUT_OF_SCOPE } from "./training-data.js";

export const MODEL_FILE_VERSION = 1;

/** The model as `npm run build` writes it to dist/: weights as base64 little-endian float32. */
export const IntentModelFile = z.object({
  version: z.literal(MODEL_FILE_VERSION),
  id: z.string(),
  sourceFingerprint: z.string(),
  labels: z.array(z.union([z.enum(INTENTS), z.literal(OUT_OF_SCOPE)])),
  vocab: z.array(z.string()),
  temperature: z.number().positive(),
  weights: z.string(),
  bias: z.array(z.number()),
});
export type IntentModelFile = z.infer<typeof IntentModelFile>;

export function toModelFile(m: IntentModel): IntentModelFile {
  return {
    version: MODEL_FILE_VERSION,
    id: m.id,
    sourceFingerprint: m.sourceFingerprint,
    labels: m.labels,
    vocab: [...m.vocab.keys()],
    temperature: m.temperature,
    weights: Buffer.from(m.linear.weights.buffer, m.linear.weights.byteOffset, m.linear.weights.byteLength).toString("base64"),
    bias: [...m.linear.bias],
  };
}

export type ModelFileResult = { ok: true; model: IntentModel } | { ok: false; reason: string };

export function fromModelFile(json: unknown): ModelFileResult {
  const parsed = IntentModelFile.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `not a model file of version ${MODEL_FILE_VERSION}: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  const f = parsed.data;
  const bytes = Buffer.from(f.weights, "base64");
  const classes = f.labels.length;
  if (bytes.byteLength !== f.vocab.length * classes * 4 || f.bias.length !== classes) return { ok: false, reason: "weights do not match the vocabulary and labels" };
  const weights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return {
    ok: true,
    model: {
      id: f.id,
      labels: f.labels,
      vocab: new Map(f.vocab.map((k, i) => [k, i])),
      linear: { classes, features: f.vocab.length, weights, bias: Float32Array.from(f.bias) },
      temperature: f.temperature,
      sourceFingerprint: f.sourceFingerprint,
    },
  };
}
