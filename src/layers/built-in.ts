import type { FlowDefinition } from "../flows/definition/schema.js";
import type { Rule } from "../flows/rule.js";
import { deliveryFlows } from "./delivery/flows.js";
import { triageFlows } from "./triage/flows.js";
import { postPurchaseFlows } from "./post-purchase/flows.js";

/** The flows Firebreak ships: what runs unless the operator's flows folder replaces them by id. */
export const builtInFlows: readonly FlowDefinition[] = [...deliveryFlows, ...postPurchaseFlows, ...triageFlows];

/**
 * Code-defined rules that run beside the flows. None ship any more: the delivery automation is
 * flows (src/layers/delivery/flows.ts); the rule contract stays for rules written in TypeScript.
 */
export const builtInRules: readonly Rule[] = [];
