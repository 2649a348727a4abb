import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Bm25Index } from "../../src/ai/knowledge/bm25.js";
import { loadHelpCentre } from "../../src/ai/knowledge/load-help-centre.js";
import { markdownPassages } from "../../src/ai/knowledge/markdown-passages.js";

const passages = await loadHelpCentre(new URL("../../examples/help-centre/", import.meta.url).pathname);
const index = new Bm25Index(passages);

describe("markdown passages", () => {
  it("splits by heading with stable ids, the title naming the document", () => {
    const md = "# Returns & Exchanges\n\nIntro text.\n\n## Return window\n\nYou can return items within 30 days.\n\n## Refunds\n\nTo the original card.\n";
    expect(markdownPassages("returns-policy", md)).toEqual([
      { id: "returns-policy#overview", docId: "returns-policy", docTitle: "Returns & Exchanges", heading: "Overview", text: "Intro text." },
      { id: "returns-policy#return-window", docId: "returns-policy", docTitle: "Returns & Exchanges", heading: "Return window", text: "You can return items within 30 days." },
      { id: "returns-policy#refunds", docId: "returns-policy", docTitle: "Returns & Exchanges", heading: "Refunds", text: "To the original card." },
    ]);
  });

  it("keeps repeated headings apart and skips empty sections", () => {
    const ids = markdownPassages("faq", "## Shipping\nA\n## Shipping\nB\n## Empty\n\n### Gift cards & more\nC").map((p) => p.id);
    expect(ids).toEqual(["faq#shipping", "faq#shipping-2", "faq#gift-cards-and-more"]);
  });

  it("loads every demo help-centre file except the README", () => {
    expect(new Set(passages.map((p) => p.docId))).toEqual(
      new Set(["faq", "product-care", "returns-policy", "shipping-policy", "sizing-guide"]),
    );
    expect(passages.map((p) => p.id)).toContain("returns-policy#return-window");
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
  });
});

describe("BM25 retrieval over the demo help centre", () => {
  const cases: [string, string][] = [
    ["How long do I have to return something?", "returns-policy#return-window"],
    ["How long until my order ships?", "shipping-policy#processing-time"],
    ["How much does standard shipping cost?", "shipping-policy#shipping-methods-and-costs"],
    ["Do you ship to Canada?", "shipping-policy#international-shipping"],
    ["How do I wash my merino sweater?", "product-care#washing-merino-wool"],
    ["Can I put the beanie in the dryer?", "product-care#drying"],
    ["Is the wool itchy?", "product-care#is-merino-wool-itchy"],
    ["What size sweater should I get for a 40 inch chest?", "sizing-guide#sweater-sizes"],
    ["When will I get my refund?", "returns-policy#refunds"],
    ["Is there a fee for return shipping?", "returns-policy#return-shipping-fee"],
    ["My package says delivered but it's not here", "shipping-policy#delays-and-lost-parcels"],
    ["Can I cancel my order?", "faq#can-i-cancel-my-order"],
    ["I want to exchange for a bigger size", "returns-policy#exchanges"],
  ];
  it.each(cases)("%s → %s", (question, expected) => {
    expect(index.search(question, 3)[0]?.id).toBe(expected);
  });

  it("returns nothing for a query that shares no term", () => {
    expect(index.search("zzz qqq", 5)).toEqual([]);
  });

  it("returns at most k results, best first, all with positive scores", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.integer({ min: 0, max: 8 }), (q, k) => {
        const hits = index.search(q, k);
        expect(hits.length).toBeLessThanOrEqual(k);
        for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
        for (const h of hits) expect(h.score).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});
