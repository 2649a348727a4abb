import { localDate } from "../../core/business-days.js";
import type { Hold } from "../../core/decision.js";
import type { Journey } from "../../core/journey.js";
import type { BusinessCalendar } from "../../core/settings.js";
import type { TriageClassification, TriageDraft } from "../../core/ticket-triage.js";

export interface OrderNoteInput {
  classification: TriageClassification;
  journey: Journey | null;
  /** Why the ticket matched that order ("#1001 in the subject"). */
  matchDetail: string | null;
  holds: readonly Hold[];
  humanReasons: readonly string[];
  draft: TriageDraft | null;
  calendar: BusinessCalendar;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * The internal note an agent reads first: what the message is, and the live order picture they
 * would otherwise open Shopify and the carrier's site for. Plain text: both helpdesks show it as is.
 */
export function renderOrderNote(input: OrderNoteInput): string {
  const c = input.classification;
  const lines: string[] = [];
  const runnerUp = c.runnerUp ? `; runner-up ${c.runnerUp.intent} ${pct(c.runnerUp.confidence)}` : "";
  lines.push(`Firebreak triage: ${c.intent} (${pct(c.confidence)}${runnerUp}) by ${c.engine}`);
  if (c.sentiment.length) lines.push(`Sentiment: ${c.sentiment.join(", ")}`);
  lines.push(...orderLines(input));
  if (input.humanReasons.length) lines.push(`Needs a person: ${input.humanReasons.join("; ")}`);
  else lines.push("No handover signal; routed to the normal queue.");
  if (input.draft) lines.push(input.draft.offered ? "A draft reply waits in the review queue." : `No draft offered: ${input.draft.reasons.join("; ")}`);
  return lines.join("\n");
}

function orderLines(input: OrderNoteInput): string[] {
  const j = input.journey;
  if (!j) return ["Order: none matched (no order number, tracking number or known email in the ticket)."];
  const day = (iso: string | null) => (iso ? localDate(iso, input.calendar) : "unknown");
  const out = [
    `Order ${j.name ?? j.orderId}${input.matchDetail ? ` (matched: ${input.matchDetail})` : ""}: ${j.financialStatus ?? "?"}, ${j.fulfillmentStatus ?? "unfulfilled"}, ${j.totalPrice ?? "?"} ${j.currency ?? ""}`.trimEnd(),
  ];
  if (j.cancelledAt) out.push(`Cancelled ${day(j.cancelledAt)}${j.cancelReason ? ` (${j.cancelReason})` : ""}`);
  if (j.shipments.length === 0) out.push(`Not shipped yet; promised by ${day(j.promisedBy)}.`);
  for (const s of j.shipments) {
    const status = `${s.tag}${s.subtag ? ` / ${s.subtag}` : ""}${s.subtagMessage ? ` ("${s.subtagMessage}")` : ""}`;
    const tracking = s.trackingNumber ? `${s.carrier ?? "carrier"} ${s.trackingNumber}` : "no tracking";
    const expected = s.deliveredAt ? `delivered ${day(s.deliveredAt)}` : `expected by ${day(s.expectedDelivery)}`;
    out.push(`Shipment ${tracking}: ${status}; ${expected}${s.trackingUrl ? `; ${s.trackingUrl}` : ""}`);
  }
  for (const s of j.signals) out.push(`Signal ${s.name}: ${s.detail}`);
  const openReturns = j.returns.filter((r) => !["closed", "declined", "canceled", "cancelled"].includes(r.status.toLowerCase()));
  for (const r of openReturns) out.push(`Return ${r.id}: ${r.status}`);
  for (const h of input.holds) out.push(`Hold on this customer since ${day(h.placedAt)}: ${h.reason} (${h.shipmentKey})`);
  return out;
}
