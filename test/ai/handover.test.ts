import { describe, expect, it } from "vitest";
import { handoverSignals } from "../../src/ai/classify/handover.js";
import { decideHandover, DEFAULT_HANDOVER_POLICY } from "../../src/ai/classify/decide.js";
import { sentimentOf } from "../../src/ai/classify/sentiment.js";

const kinds = (t: string) => handoverSignals(t).map((s) => s.kind);

describe("handoverSignals", () => {
  it("catches asks for a person", () => {
    expect(handoverSignals("Can I please speak to a real person?")).toEqual([{ kind: "asks_for_human", phrase: "speak to a real person" }]);
    expect(kinds("I need to talk with an agent")).toEqual(["asks_for_human"]);
    expect(kinds("is there a live agent? you are not a bot right")).toEqual(["asks_for_human"]);
    expect(kinds("call me back on my mobile")).toEqual(["asks_for_human"]);
    expect(handoverSignals("get me a manager")).toEqual([{ kind: "asks_for_human", phrase: "get me a manager" }]);
    expect(kinds("please escalate this to a supervisor")).toEqual(["asks_for_human"]);
  });

  it("catches legal and chargeback threats with the phrase that triggered them", () => {
    expect(handoverSignals("I'm forwarding this to my lawyer.")).toEqual([{ kind: "legal_threat", phrase: "my lawyer" }]);
    expect(kinds("refund me or I'll take you to court")).toEqual(["legal_threat"]);
    expect(kinds("I will file a chargeback tomorrow")).toEqual(["chargeback_threat"]);
    expect(kinds("I'm going to dispute the charge with Visa")).toEqual(["chargeback_threat"]);
    expect(kinds("opened a PayPal dispute, and my attorney is cc'd")).toEqual(["legal_threat", "chargeback_threat"]);
  });

  it("stays quiet on ordinary requests", () => {
    for (const t of ["Where is my order #1001?", "I'd like to return the shoes", "Can I change my address?", "Thanks for the courtesy email", "my package is in the charge of the courier"]) {
      expect(kinds(t), t).toEqual([]);
    }
  });
});

describe("decideHandover", () => {
  const base = { intent: "shipping/status" as const, handover: [], sentimentEvidence: [], language: "en" };

  it("sends low confidence to a person and says what it compared", () => {
    const d = decideHandover({ ...base, confidence: 0.41 }, DEFAULT_HANDOVER_POLICY);
    expect(d).toEqual({ needsHuman: true, reasons: ["confidence 0.41 below threshold 0.60 (best guess shipping/status)"] });
  });

  it("keeps a confident ordinary message automatic and says why", () => {
    const d = decideHandover({ ...base, confidence: 0.93 }, DEFAULT_HANDOVER_POLICY);
    expect(d.needsHuman).toBe(false);
    expect(d.reasons).toEqual(["intent shipping/status at 0.93 ≥ threshold 0.60; no handover signal"]);
  });

  it("honours the configured threshold", () => {
    expect(decideHandover({ ...base, confidence: 0.7 }, { ...DEFAULT_HANDOVER_POLICY, confidenceThreshold: 0.8 }).needsHuman).toBe(true);
    expect(decideHandover({ ...base, confidence: 0.7 }, { ...DEFAULT_HANDOVER_POLICY, confidenceThreshold: 0.5 }).needsHuman).toBe(false);
  });

  it("hands over on any signal even at full confidence, listing each", () => {
    const text = "Refund now or my lawyer hears about it and I do a chargeback. Let me speak to a manager";
    const handover = handoverSignals(text);
    const d = decideHandover({ ...base, intent: "refund/request", confidence: 0.99, handover, sentimentEvidence: sentimentOf(text, handover).evidence }, DEFAULT_HANDOVER_POLICY);
    expect(d.needsHuman).toBe(true);
    expect(d.reasons).toEqual(["asks for a human: 'speak to a manager'", "legal threat: 'my lawyer'", "chargeback threat: 'chargeback'"]);
  });

  it("gives disputes, offensive language and unread languages to a person", () => {
    expect(decideHandover({ ...base, intent: "risk/dispute", confidence: 0.95 }, DEFAULT_HANDOVER_POLICY).reasons).toEqual(["intent risk/dispute is handled by a person"]);
    const rude = sentimentOf("you idiots lost my parcel");
    expect(decideHandover({ ...base, confidence: 0.95, sentimentEvidence: rude.evidence }, DEFAULT_HANDOVER_POLICY).reasons).toEqual(["offensive language: 'idiots'"]);
    expect(decideHandover({ ...base, confidence: 0.95, language: "de" }, { ...DEFAULT_HANDOVER_POLICY, languages: ["en"] }).reasons).toEqual(["language de: this engine reads en"]);
  });

  it("explains an out-of-scope rejection", () => {
    const d = decideHandover({ ...base, intent: "other/question", confidence: 0.08, outOfScope: 0.9 }, DEFAULT_HANDOVER_POLICY);
    expect(d).toEqual({ needsHuman: true, reasons: ["out of scope for a store inbox (p 0.90, above every intent)"] });
  });
});
