import type { HelpdeskConfig } from "../../config/schema.js";
import { basicAuth, type AccountResult } from "../helpdesk/account.js";
import { gorgiasWire } from "./wire.js";

/** Gorgias REST: Basic auth with the user's email and an API key. */
export function gorgiasAccount(cfg: HelpdeskConfig): AccountResult {
  if (!cfg.email || !cfg.apiToken) return { ok: false, message: "set helpdesk.email and helpdesk.apiToken (FIREBREAK_HELPDESK_EMAIL, FIREBREAK_HELPDESK_API_TOKEN) for Gorgias" };
  return {
    ok: true,
    account: {
      kind: "gorgias",
      baseUrl: cfg.baseUrl ?? `https://${cfg.domain}.gorgias.com`,
      authorization: basicAuth(cfg.email, cfg.apiToken),
      wire: gorgiasWire({ agentEmail: cfg.email, intentFieldId: cfg.intentFieldId }),
    },
  };
}
