import { TRIGGER_TYPES } from "../engine/triggers.js";

/**
 * What flow validation needs from the rest of the engine, injected so this folder knows no
 * catalog, no CEL library and no connector.
 */
export interface FlowValidationContext {
  /** Event types a trigger (and `wait.for.event`) may name. */
  readonly triggerTypes: readonly string[];
  /** Whether the action catalog has this action id. */
  knownAction(id: string): boolean;
  /** Optional: the catalog's ids, used only to suggest "did you mean" for an unknown action. */
  readonly actionIds?: readonly string[];
  /** An error message for a CEL source that does not compile, or null when it does. */
  checkExpression(source: string): string | null;
}

/** The trigger types docs/FLOWS.md lists: the engine's own list, so load and run agree. */
export const FLOW_TRIGGER_TYPES: readonly string[] = TRIGGER_TYPES;

/** Accepts every action and expression; triggers are checked against the documented list. */
export const permissiveFlowContext: FlowValidationContext = {
  triggerTypes: FLOW_TRIGGER_TYPES,
  knownAction: () => true,
  checkExpression: () => null,
};
