import { describe, expect, it } from "vitest";
import { sentimentOf } from "../../src/ai/classify/sentiment.js";
import { handoverSignals } from "../../src/ai/classify/handover.js";

const flags = (t: string) => sentimentOf(t, handoverSignals(t)).flags;

describe("sentimentOf", () => {
  it("flags each kind from what the customer wrote", () => {
    expect(flags("This is unacceptable, I'm so disappointed")).toEqual(["negative"]);
    expect(flags("I need it by Friday for my daughter's party, urgent!")).toEqual(["urgent"]);
    expect(flags("Love it, thank you so much!")).toEqual(["positive"]);
    expect(flags("wtf is this shit")).toEqual(["offensive"]);
    expect(flags("I'll leave a 1-star review everywhere")).toEqual(["threatening"]);
  });

  it("counts a legal or chargeback handover signal as threatening", () => {
    expect(flags("I am filing a chargeback")).toContain("threatening");
    expect(sentimentOf("contacting my solicitor", handoverSignals("contacting my solicitor")).evidence).toContainEqual({ kind: "threatening", phrase: "solicitor" });
  });

  it("lets negative win over a sarcastic or negated positive word", () => {
    expect(flags("Thanks for nothing, worst service ever")).toEqual(["negative"]);
    expect(flags("not happy with this at all")).toEqual(["negative"]);
  });

  it("combines flags in a fixed order", () => {
    expect(flags("Still haven't got my order and I need it today. Unacceptable, idiots")).toEqual(["negative", "urgent", "offensive"]);
  });

  it("leaves a neutral request unflagged", () => {
    expect(flags("Can I change the size of my order to a medium?")).toEqual([]);
  });
});
