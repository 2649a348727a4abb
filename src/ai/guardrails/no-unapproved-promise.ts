import { failed, passed, quoteList, type Guardrail } from "./guardrail.js";
import { covers, findPromises } from "./promises.js";

/**
 * Money, exceptions and goods are a human's call: a draft may promise a refund, credit, discount,
 * reship, replacement or exception only when an approved action of that kind is in the context.
 */
export const noUnapprovedPromise: Guardrail = (draft, context) => {
  const approved = context.approvedActions.map((a) => a.kind);
  const unapproved = findPromises(draft.text).filter((p) => !approved.some((a) => covers(a, p.kind)));
  if (unapproved.length === 0) {
    return passed("no-unapproved-promise", approved.length > 0 ? `promises only what is approved (${approved.join(", ")})` : "makes no promise of money, goods or exceptions");
  }
  const kinds = [...new Set(unapproved.map((p) => p.kind))];
  return failed(
    "no-unapproved-promise",
    unapproved.map((p) => p.sentence),
    `promises ${kinds.join(", ")} with no approved action of that kind: ${quoteList([...new Set(unapproved.map((p) => p.sentence))])}`,
  );
};
