import type { HelpdeskWire } from "./wire.js";

/** One shop's helpdesk as the outbound side needs it. `authorization` is a secret: never logged. */
export interface HelpdeskAccount {
  kind: "gorgias" | "zendesk";
  baseUrl: string;
  authorization: string;
  wire: HelpdeskWire;
}

export type AccountResult = { ok: true; account: HelpdeskAccount } | { ok: false; message: string };

export const basicAuth = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
