import type { HelpdeskConfig } from "../../config/schema.js";
import { basicAuth, type AccountResult } from "../helpdesk/account.js";
import { zendeskWire } from "./wire.js";

/** Zendesk REST: an OAuth bearer token when configured, else Basic `{email}/token:{api_token}`. */
export function zendeskAccount(cfg: HelpdeskConfig): AccountResult {
  let authorization: string;
  if (cfg.oauthToken) authorization = `Bearer ${cfg.oauthToken}`;
  else if (cfg.email && cfg.apiToken) authorization = basicAuth(`${cfg.email}/token`, cfg.apiToken);
  else return { ok: false, message: "set helpdesk.oauthToken, or helpdesk.email and helpdesk.apiToken, for Zendesk (FIREBREAK_HELPDESK_*)" };
  return { ok: true, account: { kind: "zendesk", baseUrl: cfg.baseUrl ?? `https://${cfg.domain}.zendesk.com`, authorization, wire: zendeskWire({ intentFieldId: cfg.intentFieldId }) } };
}
