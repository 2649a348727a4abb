import type { HelpdeskConfig } from "../../config/schema.js";

/** The shops that have a helpdesk of one kind, with what the inbound side needs to authenticate them. */
export interface HelpdeskShop {
  shop: string;
  secrets: readonly string[];
  toleranceSeconds: number;
}

export function helpdeskShops(shops: ReadonlyArray<{ domain: string; helpdesk?: HelpdeskConfig | undefined }>, kind: HelpdeskConfig["kind"]): HelpdeskShop[] {
  return shops.flatMap((s) => (s.helpdesk?.kind === kind ? [{ shop: s.domain, secrets: s.helpdesk.inboundSecrets, toleranceSeconds: s.helpdesk.signatureToleranceSeconds }] : []));
}
