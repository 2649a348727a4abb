import type { HelpdeskConfig } from "../../config/schema.js";
import { gorgiasAccount } from "../gorgias/account.js";
import { zendeskAccount } from "../zendesk/account.js";
import type { AccountResult } from "./account.js";

const ACCOUNT_OF: Record<HelpdeskConfig["kind"], (cfg: HelpdeskConfig) => AccountResult> = { gorgias: gorgiasAccount, zendesk: zendeskAccount };

/** Each configured shop's helpdesk account, resolved once at boot; null for a shop without one. */
export function helpdeskAccounts(shops: ReadonlyArray<{ domain: string; helpdesk?: HelpdeskConfig | undefined }>): (shop: string) => AccountResult | null {
  const byShop = new Map(shops.flatMap((s) => (s.helpdesk ? [[s.domain, ACCOUNT_OF[s.helpdesk.kind](s.helpdesk)] as const] : [])));
  return (shop) => byShop.get(shop) ?? null;
}
