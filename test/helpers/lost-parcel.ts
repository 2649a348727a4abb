import { afterEach } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../src/connectors/slack/fake-server.js";
import type { Harness } from "./harness.js";
import { easypostHeaders, shopifyHeaders, startHarness } from "./harness.js";
import { easypostBody, fulfillmentBody, orderBody } from "./payloads.js";
import { removeTempFolders, tempFolder } from "./temp-files.js";

/** An operator's flow: a lost parcel on an order of 100 or more asks a person whether to reship. */
export const lostParcelFlow = `
id: lost-parcel-reship
version: 1
description: A lost parcel on a valuable order asks a human whether to reship, then tells the team.
trigger:
  events: [signal.raised]
  filter: 'signal.name == "delivery_exception" && signal.facts.kind == "lost"'
conditions:
  - 'order.total_price >= 100.0'
steps:
  - id: ask
    approval:
      title: 'Reship {{ order.name }} ({{ shipment.tracking_number }})?'
      on_reject:
        - id: tell-declined
          action: alert.team
          input: { text: 'Reship of {{ order.name }} declined' }
  - id: reship
    action: shopify.reship
    input:
      order_id: '{{ order.id }}'
      line_items: [{ line_item_id: '{{ order.line_items[0].id }}', quantity: 1 }]
      reason: lost in transit
  - id: tell-team
    action: alert.team
    input: { text: 'Reshipping {{ order.name }}' }
`;

/** Order #9999 (404.95) ships on Nov 3; the carrier reports it lost on Nov 5; the worker settles at noon. */
export async function loseTheParcel(h: Harness): Promise<void> {
  const inject = (url: string, payload: string, headers: Record<string, string>) => h.app.server.inject({ method: "POST", url, payload, headers });
  const order = orderBody({ createdAt: "2026-11-02T09:00:00.000Z" });
  await inject("/webhooks/shopify", order, shopifyHeaders("orders/create", order));
  const f = fulfillmentBody({ createdAt: "2026-11-03T15:00:00.000Z" });
  await inject("/webhooks/shopify", f, shopifyHeaders("fulfillments/create", f));
  const scan = easypostBody({ eventId: "evt_lost", scans: [
    { at: "2026-11-04T10:00:00.000Z", status: "in_transit", detail: "arrived_at_facility" },
    { at: "2026-11-05T11:00:00.000Z", status: "failure", detail: "lost" },
  ] });
  await inject("/webhooks/tracking/easypost", scan, easypostHeaders(scan));
  h.clock.set("2026-11-05T12:00:00.000Z");
  await h.app.worker.runUntilIdle();
}

/**
 * The app running `lostParcelFlow`, with a fake Slack for its team messages. `start` boots it
 * (options merged over the harness's); after each test both are closed and the flows folder removed.
 */
export function useLostParcelApp(): { start(overrides?: Record<string, unknown>): Promise<Harness>; readonly h: Harness; readonly slack: FakeSlack } {
  let h: Harness | null = null;
  let slack: FakeSlack | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
    await slack?.close();
    slack = null;
    removeTempFolders();
  });
  return {
    async start(overrides = {}) {
      slack = await startFakeSlack();
      h = await startHarness({ flowsDir: tempFolder({ "lost.yaml": lostParcelFlow }), slack: { webhookUrl: slack.url }, ...overrides });
      return h;
    },
    get h() {
      if (h === null) throw new Error("start the app first");
      return h;
    },
    get slack() {
      if (slack === null) throw new Error("start the app first");
      return slack;
    },
  };
}
