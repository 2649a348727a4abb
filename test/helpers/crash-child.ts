import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** One boot of the compiled crash target (src/testing/crash-target.ts) in a process of its own. */
export interface CrashChild {
  proc: ChildProcess;
  port: number;
  bootId: string;
  requeued: number;
  exited: Promise<void>;
  /** The next JSON line from its stdout (the held boot's {"recovered": …}). */
  next(): Promise<Record<string, unknown>>;
  kill9(): Promise<void>;
}

/** Spawns the target with `args` and waits for its first line ({"port", "bootId", …}). */
export async function spawnCrashChild(target: string, args: readonly string[], stderrTail: string[]): Promise<CrashChild> {
  const proc = spawn(process.execPath, [target, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  proc.stderr!.setEncoding("utf8").on("data", (s: string) => {
    stderrTail.push(s);
    if (stderrTail.length > 40) stderrTail.shift();
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const queue: Record<string, unknown>[] = [];
  const waiters: Array<(v: Record<string, unknown>) => void> = [];
  createInterface({ input: proc.stdout! }).on("line", (line) => {
    const v = JSON.parse(line) as Record<string, unknown>;
    const w = waiters.shift();
    if (w) w(v);
    else queue.push(v);
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const v = queue.shift();
      if (v) return resolve(v);
      const timer = setTimeout(() => reject(new Error(`crash target said nothing in 30 s; stderr:\n${stderrTail.join("")}`)), 30_000);
      waiters.push((x) => {
        clearTimeout(timer);
        resolve(x);
      });
      void exited.then(() => reject(new Error(`crash target exited (${proc.exitCode ?? proc.signalCode}); stderr:\n${stderrTail.join("")}`)));
    });
  const first = await next();
  return {
    proc,
    port: Number(first.port),
    bootId: String(first.bootId),
    requeued: Number(first.requeued ?? -1),
    exited,
    next,
    async kill9() {
      proc.kill("SIGKILL");
      await exited;
    },
  };
}
