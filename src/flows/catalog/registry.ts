import { z } from "zod";
import type { ActionCategory, ActionDefinition, ApprovalMode, ChannelKind, PayloadContext, PayloadResult } from "./action.js";
import { describeIssues } from "./issues.js";
import { keyTemplateProblem } from "./key-template.js";

/** Lower-case dotted words: "notify.customer", "shopify.refund". Policy files tell ids from categories by the dot. */
const ACTION_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export type InputValidation =
  | { ok: true; input: Record<string, unknown> }
  | { ok: false; code: "ACTION_UNKNOWN" | "ACTION_INPUT_INVALID"; message: string };

/** One action as `firebreak flows actions` and editors see it. */
export interface ActionDescription {
  id: string;
  description: string;
  category: ActionCategory;
  channel: string;
  /** JSON Schema (draft 2020-12) of the input a step writes. */
  input: Record<string, unknown>;
  idempotencyKey: string;
  irreversible: boolean;
  approval: ApprovalMode;
  customerFacing: boolean;
  channelKind: ChannelKind | null;
}

/**
 * The actions flows may name. Connectors and the flows layer register theirs at boot; the engine
 * looks actions up by id and never learns which vendor is behind a channel.
 */
export class ActionCatalog {
  readonly #actions = new Map<string, ActionDefinition>();

  /** Throws on a bad or duplicate definition: that is a wiring mistake at boot, not a runtime condition. */
  register(def: ActionDefinition): this {
    if (!ACTION_ID.test(def.id)) throw new Error(`action id "${def.id}" must be lower-case dotted words, like "notify.customer"`);
    if (this.#actions.has(def.id)) throw new Error(`action "${def.id}" is already registered`);
    const problem = keyTemplateProblem(def.idempotencyKey);
    if (problem) throw new Error(`action "${def.id}": idempotency key template "${def.idempotencyKey}" ${problem}`);
    this.#actions.set(def.id, def);
    return this;
  }

  registerAll(defs: Iterable<ActionDefinition>): this {
    for (const def of defs) this.register(def);
    return this;
  }

  get(id: string): ActionDefinition | undefined {
    return this.#actions.get(id);
  }

  has(id: string): boolean {
    return this.#actions.has(id);
  }

  /** In registration order. */
  list(): ActionDefinition[] {
    return [...this.#actions.values()];
  }

  ids(): string[] {
    return [...this.#actions.keys()].sort();
  }

  /** Sorted by id, plain JSON: what the CLI prints and an editor's schema store reads. */
  describe(): ActionDescription[] {
    return this.list()
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((a) => ({
        id: a.id,
        description: a.description,
        category: a.category,
        channel: a.channel,
        // "input" mode: defaults are optional to the author; refinements have no JSON Schema form.
        input: z.toJSONSchema(a.input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
        idempotencyKey: a.idempotencyKey,
        irreversible: a.irreversible,
        approval: a.approval,
        customerFacing: a.customerFacing,
        channelKind: a.channelKind ?? null,
      }));
  }

  /** The rendered input checked against the action's schema; the parsed value (defaults applied) on success. */
  validateInput(id: string, input: unknown): InputValidation {
    const def = this.#actions.get(id);
    if (!def) return unknownAction(id, this.ids());
    const parsed = def.input.safeParse(input);
    if (parsed.success) return { ok: true, input: parsed.data };
    return { ok: false, code: "ACTION_INPUT_INVALID", message: `${id}: ${describeIssues(parsed.error.issues, input)}` };
  }

  /**
   * The outbox payload for a validated input: the action's own builder (a connector filling in the
   * customer's identity, the time, its dedupe id), else the input itself.
   */
  buildPayload(id: string, input: Record<string, unknown>, ctx: PayloadContext): PayloadResult | { ok: false; code: "ACTION_UNKNOWN"; message: string } {
    const def = this.#actions.get(id);
    if (!def) return unknownAction(id, this.ids());
    return def.toPayload ? def.toPayload(input, ctx) : { ok: true, payload: input };
  }
}

function unknownAction(id: string, known: string[]) {
  return { ok: false as const, code: "ACTION_UNKNOWN" as const, message: `no action "${id}" in the catalog (known: ${known.join(", ") || "none"})` };
}
