import type { AiConfig } from "../../config/schema.js";
import { AnthropicProvider } from "../llm/anthropic-provider.js";
import { OpenAiProvider } from "../llm/openai-provider.js";
import type { LlmProvider } from "../llm/port.js";
import type { Classifier } from "./classifier.js";
import type { IntentModel } from "./intent-model.js";
import { LlmClassifier, type Redact } from "./llm-classifier.js";
import { OfflineClassifier } from "./offline-classifier.js";

export const DEFAULT_LLM_MODELS = { openai: "gpt-4o-mini", anthropic: "claude-haiku-4-5" } as const;

export interface ClassifierDeps {
  /** The offline model: the engine itself, or the fallback behind an LLM. */
  model: IntentModel;
  redact: Redact;
  fetch?: typeof globalThis.fetch;
}

/** The configured engine; an LLM engine always has the offline one behind it. */
export function createClassifier(ai: AiConfig, deps: ClassifierDeps): Classifier {
  const offline = new OfflineClassifier(deps.model, { confidenceThreshold: ai.confidenceThreshold });
  const provider = llmProvider(ai, deps.fetch);
  return provider ? new LlmClassifier(provider, offline, deps.redact, { confidenceThreshold: ai.confidenceThreshold }) : offline;
}

export function llmProvider(ai: AiConfig, fetch: typeof globalThis.fetch | undefined): LlmProvider | undefined {
  const common = { timeoutMs: ai.timeoutMs, ...(fetch ? { fetch } : {}) };
  if (ai.engine === "openai" && ai.openai.apiKey) {
    return new OpenAiProvider({ apiKey: ai.openai.apiKey, baseUrl: ai.openai.baseUrl, model: ai.model ?? DEFAULT_LLM_MODELS.openai, ...common });
  }
  if (ai.engine === "anthropic" && ai.anthropic.apiKey) {
    return new AnthropicProvider({ apiKey: ai.anthropic.apiKey, baseUrl: ai.anthropic.baseUrl, model: ai.model ?? DEFAULT_LLM_MODELS.anthropic, ...common });
  }
  return undefined;
}
