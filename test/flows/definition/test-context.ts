import { parse } from "@marcbachmann/cel-js";
import { FLOW_TRIGGER_TYPES, type FlowValidationContext } from "../../../src/flows/definition/context.js";

/** The actions docs/FLOWS.md's example uses. */
export const TEST_ACTIONS = ["notify.customer", "alert.team", "review.escalation"] as const;

/** A strict context: a small catalog and a real CEL parser, as the engine will inject. */
export const strictContext: FlowValidationContext = {
  triggerTypes: FLOW_TRIGGER_TYPES,
  knownAction: (id) => (TEST_ACTIONS as readonly string[]).includes(id),
  actionIds: TEST_ACTIONS,
  checkExpression(source) {
    try {
      parse(source);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  },
};
