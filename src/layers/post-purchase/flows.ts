import type { FlowDefinition } from "../../flows/definition/schema.js";
import { exceptionFlows } from "./exception-flows.js";
import { movementFlows } from "./movement-flows.js";
import { orderFlows } from "./order-flows.js";
import { profileFlows } from "./profile-flows.js";
import { promiseWatchFlow } from "./promise-watch-flow.js";
import { returnFlows } from "./return-flows.js";

/**
 * The post-purchase messages as built-in flows. The delay notice and the team's exception alert
 * live with the delivery automation (src/layers/delivery/flows.ts), which they share holds with.
 */
export const postPurchaseFlows: readonly FlowDefinition[] = [...orderFlows, ...movementFlows, ...exceptionFlows, ...returnFlows, ...profileFlows, promiseWatchFlow];
