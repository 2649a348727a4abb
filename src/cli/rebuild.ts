import { createHash } from "node:crypto";
import type { Store } from "../store/port.js";
import { openStore } from "../store/open-store.js";
import { storeConfigOf } from "../config/store-config.js";
import { projectBatch } from "../ingest/projector.js";
import { defaultShopSettings } from "../core/settings.js";
import type { Config } from "../config/schema.js";
import { configOrExit } from "./config-from-cli.js";

/** A digest of every journey, to show that a rebuild arrives at exactly the live state. */
export async function journeysDigest(store: Store): Promise<{ count: number; digest: string }> {
  const journeys = await store.listJourneys(undefined, 10_000_000);
  const lines = journeys.map((j) => `${j.shop}\0${j.orderId}\0${JSON.stringify(j)}`).sort();
  return { count: journeys.length, digest: createHash("sha256").update(lines.join("\n")).digest("hex") };
}

/** Drops the projections and folds the whole log again, with rules off (nothing is re-sent). */
export async function rebuildProjections(store: Store, config: Pick<Config, "shops">, onProgress?: (n: number) => void): Promise<number> {
  const settings = new Map(config.shops.map((s) => [s.domain, s.settings]));
  await store.resetProjections();
  let total = 0;
  for (let n = 1; n > 0; ) {
    n = await projectBatch({ store, settingsFor: (shop) => settings.get(shop) ?? defaultShopSettings, rules: [], decide: false }, 500);
    total += n;
    onProgress?.(total);
  }
  return total;
}

export async function rebuildCommand(opts: { config?: string; dataDir?: string }): Promise<void> {
  const config = configOrExit(opts, process.env);
  const store = await openStore(storeConfigOf(config));
  try {
    const before = await journeysDigest(store);
    const events = await rebuildProjections(store, config, (n) => process.stderr.write(`\rfolded ${n} events`));
    const after = await journeysDigest(store);
    process.stderr.write("\n");
    process.stdout.write(`rebuilt ${after.count} journeys from ${events} events\nbefore: ${before.count} journeys, digest ${before.digest}\nafter:  ${after.count} journeys, digest ${after.digest}\n${before.digest === after.digest ? "identical to the live state" : "DIFFERENT from the live state (the projection code changed, or the live state was stale)"}\n`);
  } finally {
    await store.close();
  }
}
