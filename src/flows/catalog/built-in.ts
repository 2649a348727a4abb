import { klaviyoActions } from "../../connectors/klaviyo/actions.js";
import { slackActions } from "../../connectors/slack/actions.js";
import { helpdeskActions } from "../../connectors/helpdesk/actions.js";
import { triageActions } from "../../ai/triage/action.js";
import { webhookActions } from "../../connectors/webhook/actions.js";
import { internalActions } from "./internal-actions.js";
import { ActionCatalog } from "./registry.js";

/**
 * Every action Firebreak ships. A composition root like app.ts (it names connectors), so the
 * engine takes an ActionCatalog and never imports this file. Actions are declared whether or not
 * their connector is configured: flows validate against the catalog, and an unconfigured channel
 * fails its sends with a message saying how to turn it on.
 */
export function builtInCatalog(): ActionCatalog {
  return new ActionCatalog().registerAll([...klaviyoActions(), ...slackActions(), ...internalActions(), ...helpdeskActions(), ...triageActions(), ...webhookActions()]);
}
