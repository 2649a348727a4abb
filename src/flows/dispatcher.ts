import type { Clock } from "../core/clock.js";
import type { QuietDeferral } from "./quiet-window.js";
import type { OutboxAction } from "../core/outbox.js";
import type { Store } from "../store/port.js";
import { nextAttemptDelay, type RetryPolicy } from "./backoff.js";
import type { ChannelRegistry } from "./channel.js";
import type { SendGuard } from "./send-guard.js";

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
  onResult?: (action: OutboxAction, outcome: "delivered" | "retry" | "dead" | "deferred" | "skipped", detail: string) => void;
  /** Quiet hours: when an action on a customer-facing channel may go out and why, or null for now. */
  quietUntil?: (action: OutboxAction, now: Date) => Promise<QuietDeferral | null>;
  /** Send-time truth: re-checks live state just before an action leaves; a skip is final and recorded with its reason. */
  guard?: SendGuard;
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
  const quiet = (await deps.quietUntil?.(action, deps.clock.now())) ?? null;
  if (quiet) {
    const reason = `deferred: ${quiet.why} for ${action.channel} until ${quiet.until.toISOString()}`;
    await deps.store.deferOutbox(action.id, quiet.until.toISOString(), reason, deps.clock.now().toISOString());
    deps.onResult?.(action, "deferred", reason);
    return;
  }
  if (await refusedByGuard(deps, action)) return;
  const channel = deps.channels.get(action.channel);
  const wait = channel.reserve?.(deps.clock.now()) ?? 0;
  if (wait > 0) {
    // The connector's own pacing (the vendor's rate limit): not an attempt, just not yet.
    const until = new Date(deps.clock.now().getTime() + wait);
    const reason = `deferred: ${action.channel} paced to its rate limit until ${until.toISOString()}`;
    await deps.store.deferOutbox(action.id, until.toISOString(), reason, deps.clock.now().toISOString());
    deps.onResult?.(action, "deferred", reason);
    return;
  }
  const controller = new AbortController();
  // A TimeoutError reason lets the channel report a timeout, not a shutdown.
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${deps.timeoutMs} ms`, "TimeoutError")), deps.timeoutMs);
  let result;
  try {
    result = await channel.send(action, { signal: controller.signal });
  } catch (err) {
    // A channel that throws is a bug, not a vendor answer; retry it like a network error.
    result = { ok: false as const, retryable: true, code: "CHANNEL_THREW", error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
  const at = deps.clock.now();
  if (result.ok) {
    await deps.store.markDelivered(action.id, at.toISOString());
    await deps.guard?.delivered(action, at);
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

/** Asks the guard; a skip or deferral is recorded here and the action does not go out now. */
async function refusedByGuard(deps: DispatcherDeps, action: OutboxAction): Promise<boolean> {
  if (!deps.guard) return false;
  const now = deps.clock.now();
  const verdict = await deps.guard.check(action, now);
  if (verdict.action === "send") return false;
  if (verdict.action === "defer") {
    await deps.store.deferOutbox(action.id, verdict.until.toISOString(), verdict.reason, now.toISOString());
    deps.onResult?.(action, "deferred", verdict.reason);
    return true;
  }
  const reason = `${verdict.code}: ${verdict.reason}`;
  await deps.store.markSkipped(action.id, reason, now.toISOString());
  deps.onResult?.(action, "skipped", reason);
  return true;
}
