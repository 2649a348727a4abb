#!/usr/bin/env node
import { Command } from "commander";
import { flowsCommand } from "./flows.js";
import { REPLAY_MAX_EVENTS } from "../flows/replay/window-size.js";
import { evalCommand } from "./eval-intents.js";

/**
 * A command whose module is imported when it runs: importing every command's (the server's, the
 * demo's) cost each one-shot command most of a second before it started.
 */
const lazy =
  <O>(load: () => Promise<(opts: O) => Promise<void>>) =>
  async (opts: O): Promise<void> =>
    (await load())(opts);

const program = new Command();
program.name("firebreak").description("Self-hosted operations engine for Shopify brands");

program
  .command("demo")
  .description("run the server with an embedded store and a simulated shop sending signed webhooks")
  .option("--speed <factor>", "simulated seconds per real second", "3600")
  .option("--orders-per-day <n>", "simulated order rate", "120")
  .option("--history-days <n>", "days of history replayed at start", "6")
  .option("--seed <n>", "random seed of the simulated shop", "42")
  .action(lazy(async () => (await import("./demo.js")).demoCommand));

program
  .command("serve")
  .description("run the server (real mode): config from firebreak.yaml and FIREBREAK_* environment variables")
  .option("-c, --config <file>", "config file (default ./firebreak.yaml if present)")
  .option("-p, --port <port>", "port (overrides PORT)")
  .option("--data-dir <dir>", "data folder (overrides FIREBREAK_DATA_DIR)")
  .action(lazy(async () => (await import("./serve.js")).serveCommand));

program
  .command("rebuild")
  .description("drop the projections and fold the whole event log again; prints whether the result equals the live state")
  .option("-c, --config <file>", "config file")
  .option("--data-dir <dir>", "data folder")
  .action(lazy(async () => (await import("./rebuild.js")).rebuildCommand));

program.addCommand(flowsCommand());

program
  .command("replay")
  .description("dry run: the stored history of a window through the current (or a changed) set of flows, with a diff against what happened; sends nothing")
  .option("--from <date>", "start of the window: 2026-11-02 (start of the day, UTC) or an instant with its offset")
  .option("--to <date>", "end of the window: 2026-11-05 (end of the day, UTC) or an instant with its offset")
  .option("--flow <id>", "compare only this flow's (or rule's) runs and actions")
  .option("--flows-dir <dir>", "replay through this flows folder instead of the configured one")
  .option("--json", "print the result as JSON")
  .option("--max-events <n>", "refuse a window holding more events than this (a replay holds its window in memory)", String(REPLAY_MAX_EVENTS))
  .option("--threads <n>", "threads to replay on, this one included (default: half the cores)")
  .option("-c, --config <file>", "config file")
  .option("--data-dir <dir>", "data folder")
  .action(lazy(async () => (await import("./replay.js")).replayCommand));

program
  .command("classify")
  .description("classify customer messages: JSON lines {id, subject?, text} on stdin, one JSON line per message on stdout")
  .option("-c, --config <file>", "config file (its ai section)")
  .option("--engine <engine>", "offline | openai | anthropic")
  .option("--threshold <p>", "confidence below which a message goes to a person")
  .action(lazy(async () => (await import("./classify.js")).classifyCommand));

program.addCommand(evalCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`firebreak: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
