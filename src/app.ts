import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pino, { type Logger } from "pino";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config/schema.js";
import { systemClock, type Clock } from "./core/clock.js";
import { uuidv7Source, type IdSource } from "./core/ids.js";
import { defaultShopSettings, type ShopSettings } from "./core/settings.js";
import { dispatchChecks } from "./flows/dispatch-checks.js";
import type { Store } from "./store/port.js";
import { openStore } from "./store/open-store.js";
import { storeConfigOf } from "./config/store-config.js";
import { GroupCommitAppender } from "./ingest/group-commit.js";
import { projectBatch } from "./ingest/projector.js";
import { fireDueTimers } from "./flows/timer-runner.js";
import { dispatchDue } from "./flows/dispatcher.js";
import { ChannelRegistry } from "./flows/channel.js";
import { bindChannel, unconfiguredChannel } from "./flows/bind-channel.js";
import { DEFAULT_RETRY_POLICY, RetryPolicy } from "./flows/backoff.js";
import { Worker } from "./flows/worker.js";
import type { Rule } from "./flows/rule.js";
import { Channels } from "./layers/delivery/index.js";
import { builtInFlows, builtInRules } from "./layers/built-in.js";
import { createShopDirectory } from "./connectors/shared/shop-directory.js";
import { shopifyWebhookSource } from "./connectors/shopify/webhook-source.js";
import { easypostWebhookSource } from "./connectors/easypost/webhook-source.js";
import { aftershipWebhookSource } from "./connectors/aftership/webhook-source.js";
import { shippoWebhookSource } from "./connectors/shippo/webhook-source.js";
import { gorgiasWebhookSource } from "./connectors/gorgias/webhook-source.js";
import { zendeskWebhookSource } from "./connectors/zendesk/webhook-source.js";
import { helpdeskShops } from "./connectors/helpdesk/directory.js";
import { createHelpdeskChannels } from "./connectors/helpdesk/channels.js";
import { helpdeskAccounts } from "./connectors/helpdesk/accounts.js";
import { createKlaviyoChannels } from "./connectors/klaviyo/client.js";
import { customerProfileToKlaviyo } from "./connectors/klaviyo/actions.js";
import { createSlackChannel } from "./connectors/slack/client.js";
import { alertTeamToSlack } from "./connectors/slack/actions.js";
import { createWebhookChannel } from "./connectors/webhook/client.js";
import { createServer } from "./server/create-server.js";
import { compiledReplayWorker, threadReplayRunner } from "./server/replay-thread.js";
import { replaySpecOf } from "./server/replay-spec.js";
import { createTriage } from "./ai/triage/create-triage.js";
import { createTriageChannel } from "./ai/triage/triage-channel.js";
import { apiTokenEntries } from "./server/auth.js";
import { createLogger } from "./server/logger.js";
import { setUpFlows } from "./flows/flow-setup.js";
import type { FlowDefinition } from "./flows/definition/schema.js";
import type { FlowEngine } from "./flows/engine/orchestrate.js";

export interface AppOptions {
  config: Config;
  clock?: Clock;
  ids?: IdSource;
  random?: () => number;
  logger?: Logger | false;
  fetch?: typeof globalThis.fetch;
  /** An already open store (tests); otherwise one is opened from config. */
  store?: Store;
  rules?: readonly Rule[];
  /** Rules on (default) or off (rebuild). */
  decide?: boolean;
  /** Built-in flows (the operator's flowsDir overrides them by id). */
  builtInFlows?: readonly FlowDefinition[];
  /**
   * The worker the API's replays run in (replay-worker.js beside the compiled server, by default),
   * or null to run them in this thread. A store handed in (tests) or rules of one's own cannot
   * cross to a thread, so those replay in this thread too.
   */
  replayWorker?: URL | null;
}

export interface App {
  config: Config;
  store: Store;
  server: FastifyInstance;
  worker: Worker;
  /** The flow engine (operator and built-in flows, catalog, policy). */
  flows: FlowEngine;
  /** The group-commit appender every webhook and timer goes through (its stats show group sizes). */
  appender: GroupCommitAppender;
  bootId: string;
  /** The boot recovery pass: must finish before anything is acknowledged or dispatched. */
  recover(): Promise<{ requeued: number }>;
  /** recover(), then listen, then start the background worker. Returns the listening URL. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/** Flows or the policy file did not load: boot stops and every problem is listed. */
export class FlowSetupError extends Error {
  constructor(readonly errors: string[]) {
    super(`flows did not load:\n${errors.map((e) => `  - ${e}`).join("\n")}`);
  }
}

function silentLogger(): Logger {
  return pino({ level: "silent" });
}

/** The one place that picks concrete implementations and wires them together. */
export async function createApp(opts: AppOptions): Promise<App> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const ids = opts.ids ?? uuidv7Source(() => clock.now().getTime());
  const random = opts.random ?? Math.random;
  const logger = opts.logger === false ? silentLogger() : (opts.logger ?? createLogger(config));
  const bootId = `boot-${randomUUID()}`;

  // Flows load before the store opens: a malformed flow stops the boot with nothing left open.
  const flowSetup = setUpFlows({
    flowsDir: config.flowsDir,
    policyFile: config.policyFile,
    builtIn: opts.builtInFlows ?? builtInFlows,
    disabled: new Map(config.shops.map((s) => [s.domain, new Set(s.disabledFlows)])),
  });
  if (!flowSetup.ok) throw new FlowSetupError(flowSetup.errors);
  const flows = flowSetup.engine;
  const store =
    opts.store ??
    (await openStore(storeConfigOf(config)));

  const settingsByShop = new Map<string, ShopSettings>(config.shops.map((s) => [s.domain, s.settings]));
  const settingsFor = (shop: string) => settingsByShop.get(shop) ?? defaultShopSettings;

  const replayWorker = opts.replayWorker === undefined ? compiledReplayWorker() : opts.replayWorker;
  const replayRunner =
    replayWorker && !opts.store && !opts.rules
      ? threadReplayRunner(replaySpecOf(config, flowSetup), {
          workerUrl: replayWorker,
          onThread: (e) =>
            e.kind === "started" ? logger.info("replay thread started") : logger[e.why === "failed" ? "warn" : "info"]({ why: e.why, exitCode: e.exitCode }, "replay thread ended"),
        })
      : undefined;

  let worker: Worker | null = null;
  const appender = new GroupCommitAppender(store, { onStored: () => worker?.wake() });

  const channels = buildChannels(config, opts.fetch, clock);
  const triage = await createTriage(config.ai, { helpCentreDir: config.helpCentreDir ?? (existsSync(DEMO_HELP_CENTRE) ? DEMO_HELP_CENTRE : null), clock, ...(opts.fetch ? { fetch: opts.fetch } : {}) });
  channels.register(createTriageChannel({ store, triage, settingsFor, append: (d) => appender.append(d), clock, ids }));
  const policy = RetryPolicy.parse({ maxAttempts: config.dispatcher.maxAttempts, baseMs: config.dispatcher.baseMs, maxMs: config.dispatcher.maxMs });
  // An action that declares its own retry policy (not the library default) keeps it; the rest use the configured one.
  const retryByChannel = new Map(flowSetup.catalog.list().filter((a) => a.retry !== DEFAULT_RETRY_POLICY).map((a) => [a.channel, a.retry] as const));
  // The built-in delivery automation runs as flows; the rule contract remains for code-defined rules.
  const rules = opts.rules ?? builtInRules;

  // Quiet hours and the send guard, sharing one read of each claimed action's journey.
  const checks = dispatchChecks({ store, settingsFor, channel: Channels.notifyCustomer });
  worker = new Worker(
    {
      project: async () => {
        const n = await projectBatch({ store, settingsFor, rules, flows, decide: opts.decide ?? true });
        if (n > 0) worker?.wakeDispatch();
        return n;
      },
      fireTimers: () => fireDueTimers({ store, clock, ids, append: (d) => appender.append(d) }),
      dispatch: () =>
        dispatchDue({
          store,
          clock,
          channels,
          policyFor: (a) => retryByChannel.get(a.channel) ?? policy,
          random,
          bootId,
          timeoutMs: config.dispatcher.timeoutMs,
          leaseMs: config.dispatcher.leaseMs,
          batch: config.dispatcher.batch,
          ...checks,
          onResult: (a, outcome, detail) => logger.info({ action: a.id, channel: a.channel, key: a.idempotencyKey, outcome, detail }, "outbox"),
        }),
    },
    { onError: (step, err) => logger.error({ step, err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) }, "worker step failed") },
  );

  let ready = false;
  const shops = createShopDirectory(config.shops);
  const server = createServer({
    store,
    apiTokens: apiTokenEntries(config.apiToken, config.apiTokens),
    authRateLimit: config.authRateLimit,
    shops: config.shops.map((s) => s.domain),
    bodyLimitBytes: config.bodyLimitBytes,
    webhookRoutes: [
      { path: "/webhooks/shopify", source: shopifyWebhookSource(shops) },
      { path: "/webhooks/tracking/easypost", source: easypostWebhookSource(shops, config.tracking.easypostSecrets) },
      { path: "/webhooks/tracking/aftership", source: aftershipWebhookSource(shops, config.tracking.aftershipSecrets) },
      { path: "/webhooks/tracking/shippo", source: shippoWebhookSource(shops) },
      { path: "/webhooks/helpdesk/gorgias", source: gorgiasWebhookSource(helpdeskShops(config.shops, "gorgias")) },
      { path: "/webhooks/helpdesk/zendesk", source: zendeskWebhookSource(helpdeskShops(config.shops, "zendesk"), () => clock.now()) },
    ],
    ingest: { clock, ids, append: (d) => appender.append(d) },
    isReady: () => ready,
    now: () => clock.now(),
    logger,
    runs: { engine: flows, rules, settingsFor, runner: replayRunner, catalog: flowSetup.catalog, onEnqueued: () => worker?.wakeDispatch() },
    onIngest: (path, result) => {
      if (result.kind === "rejected") logger.warn({ path, code: result.code, message: result.message }, "webhook rejected");
      else logger.debug({ path, kind: result.kind, event: result.eventId }, "webhook accepted");
    },
  });

  const recover = async () => {
    const requeued = await store.recoverInFlight(bootId, clock.now().toISOString());
    ready = true;
    logger.info({ bootId, requeued }, "recovery pass complete");
    return { requeued };
  };

  return {
    config,
    store,
    server,
    worker,
    flows,
    appender,
    bootId,
    recover,
    async start() {
      await recover();
      const url = await server.listen({ host: config.host, port: config.port });
      worker!.start();
      return url;
    },
    async close() {
      await worker!.stop();
      await server.close();
      await replayRunner?.close();
      if (!opts.store) await store.close();
    },
  };
}

function buildChannels(config: Config, fetchImpl: typeof globalThis.fetch | undefined, clock: Clock): ChannelRegistry {
  const registry = new ChannelRegistry();
  const common = { timeoutMs: config.dispatcher.timeoutMs, clock, ...(fetchImpl ? { fetch: fetchImpl } : {}) };
  if (config.klaviyo.apiKey) {
    const k = createKlaviyoChannels({ apiKey: config.klaviyo.apiKey, baseUrl: config.klaviyo.baseUrl, revision: config.klaviyo.revision, ...common });
    registry.register(bindChannel(Channels.notifyCustomer, k.event));
    registry.register(bindChannel(Channels.customerProfile, k.profile, customerProfileToKlaviyo));
  } else {
    registry.register(unconfiguredChannel(Channels.notifyCustomer, "set FIREBREAK_KLAVIYO_API_KEY (klaviyo.apiKey)"));
    registry.register(unconfiguredChannel(Channels.customerProfile, "set FIREBREAK_KLAVIYO_API_KEY (klaviyo.apiKey)"));
  }
  if (config.slack.webhookUrl) {
    const slack = createSlackChannel({ webhookUrl: config.slack.webhookUrl, ...common });
    registry.register(bindChannel(Channels.alertTeam, slack, (p) => alertTeamToSlack(p) as unknown as Record<string, unknown>));
  } else {
    registry.register(unconfiguredChannel(Channels.alertTeam, "set FIREBREAK_SLACK_WEBHOOK_URL (slack.webhookUrl)"));
  }
  for (const channel of createHelpdeskChannels({ accountFor: helpdeskAccounts(config.shops), ...common })) registry.register(channel);
  if (config.webhook.url && config.webhook.secret) {
    registry.register(bindChannel(Channels.webhookSend, createWebhookChannel({ url: config.webhook.url, secret: config.webhook.secret, ...common })));
  } else {
    registry.register(unconfiguredChannel(Channels.webhookSend, "set FIREBREAK_WEBHOOK_URL and FIREBREAK_WEBHOOK_SECRET (webhook.url, webhook.secret)"));
  }
  return registry;
}

/** The demo store's help centre, shipped with the package. */
const DEMO_HELP_CENTRE = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "help-centre");

export const defaultDataFile = (dataDir: string) => join(dataDir, "firebreak.db");
