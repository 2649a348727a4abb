import { Policy } from "./schema.js";

/**
 * The policy when the operator has written none: money and promises (refund, reship, credit,
 * discount, retention offer) always wait for a human; no review threshold and no customer tag
 * holds anything else back, so customer notices go out on time until the operator says otherwise.
 */
export const defaultPolicy: Policy = Policy.parse({});
