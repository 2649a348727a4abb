import { MESSAGE_FIELD } from "../drafts/llm-request.js";
import { redact } from "../redact.js";
import { sharedRun } from "../text/shared-run.js";
import { failed, passed, type Guardrail } from "./guardrail.js";


/** Four of the customer's words in a row inside our prompt means their text was pasted there. */
const PROMPT_RUN_WORDS = 4;

/**
 * What left for the model: no personal data anywhere in the request (emails, phones, cards,
 * addresses, the customer's name), and the customer's text only as quoted data — never inside
 * the system prompt or the instruction, where it would read as ours.
 */
export const llmRequestRedacted: Guardrail = (draft, context) => {
  const req = draft.request;
  if (!req) return passed("llm-request-redacted", `no model call (${draft.engine} engine)`);
  const problems: string[] = [];
  const offending: string[] = [];

  const wire = JSON.stringify({ system: req.system, instruction: req.instruction, data: req.data });
  const names = [context.facts?.customerFirstName ?? ""].filter((n) => n.length > 1);
  const keep = [context.facts?.orderName ?? "", ...(context.facts?.shipments ?? []).flatMap((s) => [s.trackingNumber ?? "", s.trackingUrl ?? ""])];
  const leaked = redact(wire, { names, keep }).found;
  if (leaked.length > 0) {
    offending.push(...leaked.map((f) => f.kind));
    problems.push(`personal data in the request: ${[...new Set(leaked.map((f) => f.kind))].join(", ")}`);
  }

  if (req.data[MESSAGE_FIELD] !== context.message) {
    offending.push(MESSAGE_FIELD);
    problems.push(`data.${MESSAGE_FIELD} is not the redacted customer message`);
  }
  const inPrompt = sharedRun(`${req.system}\n${req.instruction}`, context.message, PROMPT_RUN_WORDS);
  if (inPrompt) {
    offending.push(inPrompt);
    problems.push(`customer text inside the prompt: "${inPrompt}"`);
  }

  return problems.length === 0
    ? passed("llm-request-redacted", "request carries no personal data; the customer message is quoted data only")
    : failed("llm-request-redacted", offending, problems.join("; "));
};
