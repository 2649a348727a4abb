/** The delivery layer: its channels and its built-in flows (src/layers/delivery/flows.ts). */
export { Channels } from "./channels.js";
export { deliveryFlows } from "./flows.js";
