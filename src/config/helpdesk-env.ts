import type { Env } from "./load.js";

const list = (v: string | undefined): string[] | undefined =>
  v === undefined || v.trim() === "" ? undefined : v.split(",").map((s) => s.trim()).filter(Boolean);

/** The first shop's helpdesk from FIREBREAK_HELPDESK_* (only the variables that are set). */
export function helpdeskFromEnv(env: Env): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (env.FIREBREAK_HELPDESK_KIND) out.kind = env.FIREBREAK_HELPDESK_KIND;
  if (env.FIREBREAK_HELPDESK_DOMAIN) out.domain = env.FIREBREAK_HELPDESK_DOMAIN;
  if (env.FIREBREAK_HELPDESK_EMAIL) out.email = env.FIREBREAK_HELPDESK_EMAIL;
  if (env.FIREBREAK_HELPDESK_API_TOKEN) out.apiToken = env.FIREBREAK_HELPDESK_API_TOKEN;
  if (env.FIREBREAK_HELPDESK_OAUTH_TOKEN) out.oauthToken = env.FIREBREAK_HELPDESK_OAUTH_TOKEN;
  const secrets = list(env.FIREBREAK_HELPDESK_INBOUND_SECRET);
  if (secrets) out.inboundSecrets = secrets;
  if (env.FIREBREAK_HELPDESK_INTENT_FIELD_ID) out.intentFieldId = env.FIREBREAK_HELPDESK_INTENT_FIELD_ID;
  return Object.keys(out).length > 0 ? out : undefined;
}
