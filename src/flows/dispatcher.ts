import type { Clock } from "../core/clock.js";
import type { OutboxAction } from "../core/outbox.js";
import type { Store } from "../store/port.js";
import { nextAttemptDelay, type RetryPolicy } from "./backoff.js";
import type { ChannelRegistry } from "./channel.js";

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  channels: ChannelRegistry;
  /** The retry policy of an action: its catalog action's declared policy, else the configured default. */
  policyFor(action: OutboxAction): RetryPolicy;
  random: () => number;
  bootId: string;
  timeoutMs: number;
  leaseMs: number;
  batch: number;
  onResult?: (action: OutboxAction, outcome: "delivered" | "retry" | "dead" | "deferred", detail: string) => void;
  /** Quiet hours: when an action on a customer-facing channel may go out, or null for now. */
  quietUntil?: (action: OutboxAction, now: Date) => Date | null;
}

/**
 * Claims due outbox actions and delivers them through their channel. Every send carries the
 * action's idempotency key, so a send that succeeded just before a crash and is sent again after
 * recovery is recognised by the receiver (Klaviyo `unique_id`, our key in Slack messages).
 */
export async function dispatchDue(deps: DispatcherDeps): Promise<number> {
  const now = deps.clock.now();
  const claimed = await deps.store.claimOutbox(now.toISOString(), deps.batch, deps.bootId, new Date(now.getTime() + deps.leaseMs).toISOString());
  await Promise.all(claimed.map((a) => deliverOne(deps, a)));
  return claimed.length;
}

async function deliverOne(deps: DispatcherDeps, action: OutboxAction): Promise<void> {
  const quiet = deps.quietUntil?.(action, deps.clock.now()) ?? null;
  if (quiet) {
    const reason = `deferred: quiet hours for ${action.channel} until ${quiet.toISOString()}`;
    await deps.store.deferOutbox(action.id, quiet.toISOString(), reason, deps.clock.now().toISOString());
    deps.onResult?.(action, "deferred", reason);
    return;
  }
  const controller = new AbortController();
  // A TimeoutError reason lets the channel report a timeout, not a shutdown.
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${deps.timeoutMs} ms`, "TimeoutError")), deps.timeoutMs);
  let result;
  try {
    result = await deps.channels.get(action.channel).send(action, { signal: controller.signal });
  } catch (err) {
    // A channel that throws is a bug, not a vendor answer; retry it like a network error.
    result = { ok: false as const, retryable: true, code: "CHANNEL_THREW", error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
  const at = deps.clock.now();
  if (result.ok) {
    await deps.store.markDelivered(action.id, at.toISOString());
    deps.onResult?.(action, "delivered", `HTTP ${result.status}`);
    return;
  }
  const attempt = action.attempts + 1;
  const error = `${result.code}${result.status ? ` (HTTP ${result.status})` : ""}: ${result.error}`;
  const policy = deps.policyFor(action);
  if (!result.retryable || attempt >= policy.maxAttempts) {
    await deps.store.markDead(action.id, error, at.toISOString());
    deps.onResult?.(action, "dead", error);
    return;
  }
  const delay = nextAttemptDelay(result, attempt, policy, deps.random);
  await deps.store.markRetry(action.id, new Date(at.getTime() + delay).toISOString(), error, at.toISOString());
  deps.onResult?.(action, "retry", `${error}; next attempt in ${Math.round(delay / 1000)} s`);
}
