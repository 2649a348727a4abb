import { createApp } from "../app.js";
import { configOrExit } from "./config-from-cli.js";
import { onShutdown } from "./shutdown.js";

/** `firebreak serve`: real mode — no simulator, config from firebreak.yaml and the environment. */
export async function serveCommand(opts: { config?: string; port?: string; dataDir?: string }): Promise<void> {
  const config = configOrExit(opts, process.env);
  const app = await createApp({ config });
  const url = await app.start();
  process.stdout.write(`firebreak listening on ${url} (store: ${app.store.capabilities.dialect}, shops: ${config.shops.map((s) => s.domain).join(", ")})\n`);
  onShutdown(() => app.close());
}
