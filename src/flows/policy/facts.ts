import { isRecord } from "../../core/object-path.js";
import type { ApprovalFacts } from "./decide.js";

/**
 * The policy's facts read from a run's context (docs/FLOWS.md). `order.total_price` is documented
 * there; `customer.tags`, `customer.lifetime_value` and `order.risk_score` are read when the
 * context carries them and are unknown (null, no tags) until it does.
 */
export function approvalFactsFromContext(ctx: Record<string, unknown>): ApprovalFacts {
  const order = isRecord(ctx.order) ? ctx.order : {};
  const customer = isRecord(ctx.customer) ? ctx.customer : {};
  return {
    orderValue: num(order.total_price),
    customerLifetimeValue: num(customer.lifetime_value ?? customer.total_spent),
    riskScore: num(order.risk_score),
    customerTags: tagsOf(customer.tags),
    triage: triageOf(ctx.triage),
  };
}

/** Shopify money arrives as decimal strings ("404.95"); CEL gives doubles. Anything else is unknown. */
function num(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A list, or Shopify's comma-separated tag string. */
function tagsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((t): t is string => typeof t === "string");
  if (typeof v === "string") return v.split(",").map((t) => t.trim()).filter(Boolean);
  return [];
}

/** `triage` in a ticket.triaged run's context (snake_case, as flows read it). */
function triageOf(v: unknown): ApprovalFacts["triage"] {
  if (!isRecord(v) || !isRecord(v.classification)) return null;
  const c = v.classification;
  const draft = isRecord(v.draft) ? v.draft : null;
  if (typeof c.intent !== "string" || typeof c.confidence !== "number") return null;
  const human = Array.isArray(v.human_reasons) ? v.human_reasons.filter((r): r is string => typeof r === "string") : [];
  return { intent: c.intent, confidence: c.confidence, draftOffered: draft?.offered === true, humanReasons: human };
}
