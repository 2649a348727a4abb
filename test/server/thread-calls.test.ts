import { expect, it } from "vitest";
import { errorToWire, PendingCalls } from "../../src/server/thread-calls.js";

it("pending calls: each answer settles its own request, errors keep a refused window's kind, the rest fail together", async () => {
  const calls = new PendingCalls<string>();
  const sent: number[] = [];
  const a = calls.add((id) => sent.push(id));
  const b = calls.add((id) => sent.push(id));
  const c = calls.add((id) => sent.push(id));
  expect(sent).toEqual([1, 2, 3]);
  expect(calls.settle({ id: 2, ok: true, result: "two" })).toBe(true);
  expect(calls.settle({ id: 2, ok: true, result: "again" })).toBe(false);
  expect(calls.settle({ id: 1, ok: false, error: errorToWire(new RangeError("REPLAY_WINDOW_TOO_LARGE: too many")) })).toBe(true);
  calls.failAll(new Error("thread gone"));
  await expect(b).resolves.toBe("two");
  await expect(a).rejects.toThrow(RangeError);
  await expect(a).rejects.toThrow("REPLAY_WINDOW_TOO_LARGE: too many");
  await expect(c).rejects.toThrow("thread gone");
  expect(calls.size).toBe(0);
  expect(errorToWire("plain")).toEqual({ name: "Error", message: "plain" });
});
