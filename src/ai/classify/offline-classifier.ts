import type { Classification, ClassifyInput } from "./classification.js";
import type { Classifier } from "./classifier.js";
import { decideHandover, DEFAULT_HANDOVER_POLICY, type HandoverPolicy } from "./decide.js";
import { extractEntities } from "./entities.js";
import { handoverSignals } from "./handover.js";
import { predict, type IntentModel } from "./intent-model.js";
import { FALLBACK_INTENT, type Intent } from "./intents.js";
import { detectLanguage } from "./language.js";
import { messageText } from "./message-text.js";
import { sentimentOf } from "./sentiment.js";
import { OUT_OF_SCOPE } from "./training-data.js";

/** The model was trained on English only. */
export const OFFLINE_LANGUAGES = ["en"] as const;

/** The built-in engine: no network, no key; a calibrated linear model plus phrase rules. */
export class OfflineClassifier implements Classifier {
  readonly engine: string;
  readonly #policy: HandoverPolicy;

  constructor(
    readonly model: IntentModel,
    policy: Partial<HandoverPolicy> = {},
  ) {
    this.engine = `offline:${model.id}`;
    this.#policy = { ...DEFAULT_HANDOVER_POLICY, languages: [...OFFLINE_LANGUAGES], ...policy };
  }

  classify(input: ClassifyInput): Promise<Classification> {
    return Promise.resolve(this.classifySync(input));
  }

  classifySync(input: ClassifyInput): Classification {
    const text = messageText(input);
    const scores = predict(this.model, text);
    const intents = scores.filter((s) => s.label !== OUT_OF_SCOPE) as Array<{ label: Intent; probability: number }>;
    const top = scores[0]!;
    const outOfScope = top.label === OUT_OF_SCOPE ? top.probability : undefined;
    const intent = outOfScope === undefined ? intents[0]!.label : FALLBACK_INTENT;
    // Out of scope: the confidence is what the best store intent scored, which is low by construction.
    const confidence = intents[0]!.probability;
    const handover = handoverSignals(text);
    const sentiment = sentimentOf(text, handover);
    const language = detectLanguage(text);
    const decision = decideHandover({ intent, confidence, ...(outOfScope === undefined ? {} : { outOfScope }), handover, sentimentEvidence: sentiment.evidence, language }, this.#policy);
    return {
      ...(input.id === undefined ? {} : { id: input.id }),
      intent,
      confidence: round(confidence),
      sentiment: sentiment.flags,
      language,
      entities: extractEntities(text),
      handover,
      needsHuman: decision.needsHuman,
      reasons: decision.reasons,
      engine: this.engine,
      // In scope, the runners-up; out of scope, the three store intents that came closest.
      alternatives: intents.slice(outOfScope === undefined ? 1 : 0, outOfScope === undefined ? 4 : 3).map((s) => ({ intent: s.label, confidence: round(s.probability) })),
    };
  }
}

const round = (p: number) => Math.round(p * 10_000) / 10_000;
