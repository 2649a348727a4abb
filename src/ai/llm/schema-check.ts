import { Ajv, type ValidateFunction } from "ajv";
import { llmError } from "./llm-error.js";
import type { LlmError } from "./port.js";

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** The model's answer against the request's JSON Schema; providers return ok only when it passes. */
export function checkAgainstSchema(provider: string, schema: Record<string, unknown>, value: unknown): LlmError | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return undefined;
  const first = validate.errors?.slice(0, 3).map((e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"}`).join("; ");
  return llmError("llm_schema_mismatch", `${provider}: the answer does not match the schema: ${first ?? "invalid"}`, true);
}

/** Parses a JSON string the model wrote, as a typed result. */
export function parseModelJson(provider: string, text: unknown): { ok: true; json: unknown } | { ok: false; error: LlmError } {
  if (typeof text !== "string") return { ok: false, error: llmError("llm_invalid_json", `${provider}: the answer carries no text`, true) };
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch {
    return { ok: false, error: llmError("llm_invalid_json", `${provider}: the answer is not JSON: ${text.slice(0, 80)}`, true) };
  }
}
