import { Bm25Index } from "../../src/ai/knowledge/bm25.js";
import { loadHelpCentre } from "../../src/ai/knowledge/load-help-centre.js";
import type { ScoredPassage } from "../../src/ai/knowledge/passage.js";
import type { Draft } from "../../src/ai/drafts/draft.js";
import type { DraftContext } from "../../src/ai/drafts/draft-context.js";
import type { OrderFacts, ShipmentFacts } from "../../src/ai/drafts/order-facts.js";

export const helpCentre = await loadHelpCentre(new URL("../../examples/help-centre/", import.meta.url).pathname);
export const helpIndex = new Bm25Index(helpCentre);

export function passageById(id: string): ScoredPassage {
  const p = helpCentre.find((x) => x.id === id);
  if (!p) throw new Error(`no passage ${id}`);
  return { ...p, score: 1 };
}

export function shipment(overrides: Partial<ShipmentFacts> = {}): ShipmentFacts {
  return {
    carrier: "UPS",
    trackingNumber: "1Z999AA10123456784",
    trackingUrl: "https://www.ups.com/track?tracknum=1Z999AA10123456784",
    tag: "InTransit",
    subtag: "InTransit_001",
    shippedOn: "2026-02-27",
    deliveredOn: null,
    expectedDelivery: "2026-03-03",
    previousExpectedDelivery: null,
    signals: [],
    ...overrides,
  };
}

export function orderFacts(overrides: Partial<OrderFacts> = {}): OrderFacts {
  return {
    orderName: "#1042",
    customerFirstName: "Maya",
    orderedOn: "2026-02-25",
    financialStatus: "paid",
    fulfillmentStatus: "fulfilled",
    cancelled: false,
    items: [{ title: "Ridgeline Crew Sweater", quantity: 1 }],
    shipments: [shipment()],
    openReturns: [],
    holds: [],
    totals: { total: "142.00", subtotal: "135.05", shipping: "6.95", currency: "USD" },
    ...overrides,
  };
}

export function context(overrides: Partial<DraftContext> = {}): DraftContext {
  return {
    intent: "shipping/status",
    message: "Hi, where is my order #1042?",
    facts: orderFacts(),
    passages: [],
    approvedActions: [],
    ...overrides,
  };
}

export function draft(text: string, overrides: Partial<Draft> = {}): Draft {
  return { engine: "llm", model: "test:model", text, factsUsed: [], passagesUsed: [], ...overrides };
}
