import { join } from "node:path";
import { tmpdir } from "node:os";
import { DEFAULT_DATA_DIR, loadIntentModel } from "../../src/ai/classify/model-source.js";
import type { IntentModel } from "../../src/ai/classify/intent-model.js";

/** The offline model trained in this process from the repo's data (never a stale dist/ file). */
export function trainedModel(): IntentModel {
  const loaded = loadIntentModel({ dataDir: DEFAULT_DATA_DIR, modelFile: join(tmpdir(), "firebreak-no-such-model.json") });
  if (loaded.origin !== "trained") throw new Error("expected an in-process model");
  return loaded.model;
}
