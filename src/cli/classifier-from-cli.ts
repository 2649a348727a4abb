import { existsSync } from "node:fs";
import type { Classifier } from "../ai/classify/classifier.js";
import { createClassifier } from "../ai/classify/create-classifier.js";
import type { Redact } from "../ai/classify/llm-classifier.js";
import { loadIntentModel } from "../ai/classify/model-source.js";
import { loadAiConfig } from "../config/load-ai.js";
import type { Env } from "../config/load.js";

export interface ClassifierCliOptions {
  config?: string;
  engine?: string;
  threshold?: string;
}

/**
 * Stand-in until the PII redactor (src/ai/redact.ts) is wired here: with the default offline
 * engine no text leaves the machine; with an LLM engine the message is sent as written.
 */
const passThrough: Redact = (text) => ({ text });

/** The configured classifier for a CLI command, or a thrown error naming every bad key. */
export function classifierFromCli(opts: ClassifierCliOptions, env: Env, redact: Redact = passThrough): Classifier {
  const file = opts.config ?? (existsSync("firebreak.yaml") ? "firebreak.yaml" : undefined);
  const flags: Record<string, unknown> = {};
  if (opts.engine !== undefined) flags.engine = opts.engine;
  if (opts.threshold !== undefined) flags.confidenceThreshold = Number(opts.threshold);
  const r = loadAiConfig({ file, env, flags });
  if (!r.ok) throw new Error(`the ai configuration is not valid:\n  - ${r.errors.join("\n  - ")}`);
  return createClassifier(r.ai, { model: loadIntentModel().model, redact });
}
