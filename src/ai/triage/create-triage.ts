import type { AiConfig } from "../../config/schema.js";
import type { Clock } from "../../core/clock.js";
import type { Classifier } from "../classify/classifier.js";
import { createClassifier, llmProvider } from "../classify/create-classifier.js";
import { loadIntentModel } from "../classify/model-source.js";
import { Bm25Index } from "../knowledge/bm25.js";
import { loadHelpCentre } from "../knowledge/load-help-centre.js";
import { redact } from "../redact.js";
import type { TriageDeps } from "./triage-message.js";

/**
 * The configured triage engines: the classifier (offline, or an LLM with the offline model behind
 * it) and the drafter (offline templates, or the same LLM), over the approved help content. The
 * offline model loads on the first message, so a process that never triages never trains it.
 */
export async function createTriage(ai: AiConfig, opts: { helpCentreDir: string | null; clock: Clock; fetch?: typeof globalThis.fetch }): Promise<TriageDeps> {
  let classifier: Classifier | null = null;
  const classify: Classifier["classify"] = (input, signal) => {
    classifier ??= createClassifier(ai, { model: loadIntentModel().model, redact: (text) => redact(text), ...(opts.fetch ? { fetch: opts.fetch } : {}) });
    return classifier.classify(input, signal);
  };
  // No help centre: drafts find no passage to cite and decline, so policy questions go to a person.
  const index = new Bm25Index(opts.helpCentreDir === null ? [] : await readHelpCentre(opts.helpCentreDir));
  const provider = llmProvider(ai, opts.fetch);
  return {
    classifier: { engine: ai.engine, classify },
    drafting: { choice: provider ? { engine: "llm", provider } : { engine: "offline" }, deps: { index, clock: opts.clock } },
  };
}

async function readHelpCentre(dir: string) {
  try {
    return await loadHelpCentre(dir);
  } catch (e) {
    throw new Error(`helpCentreDir (FIREBREAK_HELP_CENTRE_DIR): cannot read ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
