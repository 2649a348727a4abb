import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { ActionCategory } from "../catalog/action.js";
import { describeIssues } from "../catalog/issues.js";

/** Money, promises and irreversible remedies: what a human decides unless the operator says otherwise. */
export const DEFAULT_ALWAYS_HUMAN = ["refund", "reship", "credit", "discount", "retention_offer"] as const;

const CATEGORIES = ActionCategory.options;
const ACTION_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/**
 * An action category ("refund") or an action id ("shopify.refund"): ids have a dot, categories do
 * not. A misspelt category must fail loudly — a silently ignored "refunds" would let money move.
 */
const ActionOrCategory = z.string().refine((s) => (CATEGORIES as readonly string[]).includes(s) || ACTION_ID.test(s), {
  error: (issue) => `"${String(issue.input)}" is neither an action category (${CATEGORIES.join(", ")}) nor an action id like "shopify.refund"`,
});

/**
 * The operator's approval policy for actions whose approval is "policy". Keys are snake_case like
 * the flow files; unknown keys are errors (a typo in a safety file must not pass silently).
 */
export const Policy = z.strictObject({
  /** Action ids or categories that always wait for a human. Omitted: the defaults; `[]`: none. */
  always_human: z.array(ActionOrCategory).default([...DEFAULT_ALWAYS_HUMAN]),
  /** At or above any of these, a human approves. Unset thresholds are not checked. */
  review_thresholds: z
    .strictObject({
      order_value: z.number().min(0).optional(),
      customer_lifetime_value: z.number().min(0).optional(),
      risk_score: z.number().min(0).max(1).optional(),
    })
    .default({}),
  /**
   * Draft replies that may go to the customer without a person: off unless intents are listed. A
   * reply is sent automatically only when its intent is listed, the classifier's confidence is at
   * least `min_confidence`, every guardrail passed and nothing asked for a person.
   */
  auto_send_replies: z
    .strictObject({
      intents: z.array(z.string().regex(/^[a-z]+\/[a-z_-]+$/, 'must be an intent like "shipping/status"')).default([]),
      min_confidence: z.number().min(0).max(1).default(0.9),
    })
    .default({ intents: [], min_confidence: 0.9 }),
  /** Customers who never get a "policy" action without a human, e.g. tagged `wholesale` or `vip`. */
  never_automatic_for: z
    .strictObject({
      customer_tags: z.array(z.string().min(1)).default([]),
    })
    .optional(),
});
export type Policy = z.infer<typeof Policy>;

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; code: "POLICY_INVALID"; message: string; errors: string[] };

/**
 * Parses a policy file. Every error names the file, the line and the key (`policy.yaml:4:
 * review_thresholds.risk_score: …`), like the config loader. An empty file is the default policy.
 */
export function parsePolicyYaml(text: string, file: string): PolicyResult {
  const lineCounter = new LineCounter();
  // Plain messages (no code frame); the line comes from the error's offset, like the schema errors'.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return invalid(file, doc.errors.map((e) => `${file}:${lineCounter.linePos(e.pos[0]).line}: ${e.message}`));
  }
  const data: unknown = doc.toJS() ?? {};
  const parsed = Policy.safeParse(data);
  if (parsed.success) return { ok: true, policy: parsed.data };
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | null => {
    // A key that is missing has no node: report the nearest ancestor that exists.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as PropertyKey[], true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  const errors = parsed.error.issues.map((issue) => {
    const line = issue.code === "unrecognized_keys" && issue.keys[0] ? lineOfKey(doc, lineCounter, issue.path, issue.keys[0]) : lineOf(issue.path);
    return `${file}${line !== null ? `:${line}` : ""}: ${describeIssues([issue], data, "policy")}`;
  });
  return invalid(file, errors);
}

/** The line of a key itself (an unknown key's value may be on the next line, or be a block). */
function lineOfKey(doc: ReturnType<typeof parseDocument>, lc: LineCounter, parent: ReadonlyArray<PropertyKey>, key: string): number | null {
  const map = (parent.length === 0 ? doc.contents : doc.getIn(parent as PropertyKey[], true)) as { items?: Array<{ key?: { value?: unknown; range?: [number, number, number] } }> } | null;
  const pair = map?.items?.find((p) => p.key?.value === key);
  return pair?.key?.range ? lc.linePos(pair.key.range[0]).line : null;
}

function invalid(file: string, errors: string[]): PolicyResult {
  return { ok: false, code: "POLICY_INVALID", message: `${file} is not a valid policy:\n  ${errors.join("\n  ")}`, errors };
}
