import type { Classification, ClassifyInput } from "./classification.js";

/** One interface for every engine: the offline model, an LLM, a test double. */
export interface Classifier {
  readonly engine: string;
  classify(input: ClassifyInput, signal?: AbortSignal): Promise<Classification>;
}
