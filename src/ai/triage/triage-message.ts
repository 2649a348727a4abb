import type { Hold } from "../../core/decision.js";
import type { Journey } from "../../core/journey.js";
import type { ShopSettings } from "../../core/settings.js";
import type { Ticket } from "../../core/ticket.js";
import type { TicketMessage } from "../../core/ticket-payload.js";
import type { TicketTriaged, TriageClassification, TriageDraft } from "../../core/ticket-triage.js";
import type { Classification } from "../classify/classification.js";
import type { Classifier } from "../classify/classifier.js";
import { DraftIntent } from "../drafts/draft-context.js";
import { factsFromJourney } from "../drafts/facts-from-journey.js";
import { produceDraft, type DraftDeps, type DraftEngineChoice } from "../drafts/produce-draft.js";
import { renderOrderNote } from "./order-note.js";
import { redact } from "../redact.js";

export interface TriageDeps {
  classifier: Classifier;
  /** How drafts are written (offline templates or an LLM), and the approved knowledge they cite. */
  drafting: { choice: DraftEngineChoice; deps: DraftDeps };
}

export interface TriageInput {
  ticket: Ticket;
  message: TicketMessage;
  journey: Journey | null;
  holds: readonly Hold[];
  settings: ShopSettings;
  signal?: AbortSignal;
}

/** Sentiment that always puts a person on the ticket, whatever the intent. */
const HUMAN_SENTIMENT = new Set(["threatening", "offensive"]);

const tagOf = (intent: string) => `intent__${intent.replace(/[^a-z0-9]+/gi, "_").toLowerCase()}`;

export function triageClassification(c: Classification): TriageClassification {
  const runnerUp = c.alternatives[0];
  return {
    intent: c.intent,
    confidence: c.confidence,
    runnerUp: runnerUp ? { intent: runnerUp.intent, confidence: runnerUp.confidence } : null,
    sentiment: c.sentiment,
    language: c.language,
    entities: c.entities as Record<string, unknown>,
    handover: c.handover,
    needsHuman: c.needsHuman,
    reasons: c.reasons,
    engine: c.engine,
  };
}

/**
 * Who must take the ticket and why: the classifier's own reasons (low confidence, asks for a
 * person, legal or chargeback threat), the shop's human-only intents (policy), and sentiment.
 */
export function humanReasonsFor(c: TriageClassification, settings: ShopSettings): string[] {
  const reasons = c.needsHuman ? [...c.reasons] : [];
  if (settings.triage.humanIntents.includes(c.intent)) reasons.push(`policy: ${c.intent} is handled by a person (shop settings triage.humanIntents)`);
  for (const s of c.sentiment) if (HUMAN_SENTIMENT.has(s)) reasons.push(`sentiment: ${s}`);
  return [...new Set(reasons)];
}

/**
 * One customer message through triage: classify it, decide whether a person must take it, draft
 * a grounded reply where the intent allows one, and write the internal note. The result is
 * recorded as a `ticket.triaged` event; flows act on it (note, tags, routing, the draft's review).
 */
export async function triageMessage(deps: TriageDeps, input: TriageInput): Promise<Omit<TicketTriaged, "kind">> {
  const { ticket, message, journey, settings } = input;
  const raw = await deps.classifier.classify({ id: message.id, ...(ticket.subject ? { subject: ticket.subject } : {}), text: message.body }, input.signal);
  const classification = triageClassification(raw);
  const humanReasons = humanReasonsFor(classification, settings);
  const draftIntent = DraftIntent.safeParse(classification.intent);
  let draft: TriageDraft | null = null;
  if (draftIntent.success && humanReasons.length === 0) {
    const firstName = ticket.customerName?.split(/\s+/)[0] ?? null;
    const facts = journey ? factsFromJourney(journey, { calendar: settings.calendar, customerFirstName: firstName, holds: input.holds.map((h) => ({ reason: h.reason })) }) : null;
    const outcome = await produceDraft(
      { intent: draftIntent.data, message: message.body, facts, approvedActions: [], ...(ticket.customerName ? { customerNames: ticket.customerName.split(/\s+/) } : {}) },
      deps.drafting.choice,
      deps.drafting.deps,
    );
    draft = outcome.offered
      ? { offered: true, text: outcome.reply, reasons: [], explanation: outcome.explanation }
      : { offered: false, text: null, reasons: outcome.reasons.map((r) => `${r.code}: ${r.detail}`), explanation: outcome.explanation };
  }
  const match = ticket.orders[0] ?? null;
  const note = renderOrderNote({ classification, journey, matchDetail: match?.detail ?? null, holds: input.holds, humanReasons, draft, calendar: settings.calendar });
  return {
    helpdesk: ticket.helpdesk,
    ticketId: ticket.ticketId,
    messageId: message.id,
    redactedMessage: redact([ticket.subject, message.body].filter(Boolean).join("\n"), { names: ticket.customerName ? ticket.customerName.split(/\s+/) : [] }).text,
    orderId: match?.orderId ?? null,
    classification,
    tags: [classification.intent.replace(/[^a-z0-9/_-]+/gi, "_"), tagOf(classification.intent), ...(humanReasons.length ? ["firebreak_needs_human"] : [])],
    note,
    draft,
    humanReasons,
  };
}
