import { describe, expect, it } from "vitest";
import { parseReplayWindow } from "../../../src/flows/replay/window.js";

describe("the replay window", () => {
  it("takes whole days (UTC) and instants with an offset, both ends included", () => {
    expect(parseReplayWindow("2026-11-02", "2026-11-05")).toEqual({ ok: true, from: "2026-11-02T00:00:00.000Z", to: "2026-11-05T23:59:59.999Z" });
    expect(parseReplayWindow("2026-11-02T09:00:00+02:00", "2026-11-02T10:30Z")).toEqual({ ok: true, from: "2026-11-02T07:00:00.000Z", to: "2026-11-02T10:30:00.000Z" });
    expect(parseReplayWindow("2026-11-02", "2026-11-02")).toMatchObject({ ok: true });
  });

  it("refuses what it would have to guess, naming the flag", () => {
    expect(parseReplayWindow(undefined, "2026-11-05")).toMatchObject({ ok: false, code: "REPLAY_DATE_INVALID", message: expect.stringMatching(/^from is missing/) });
    expect(parseReplayWindow("2026-02-30", "2026-03-01")).toMatchObject({ ok: false, code: "REPLAY_DATE_INVALID", message: expect.stringContaining('from "2026-02-30" is not a date') });
    // A local time without an offset would depend on the machine's zone.
    expect(parseReplayWindow("2026-11-02T09:00:00", "2026-11-05", { from: "--from", to: "--to" })).toMatchObject({ ok: false, message: expect.stringContaining('--from "2026-11-02T09:00:00"') });
    expect(parseReplayWindow("last week", 42)).toMatchObject({ ok: false, message: expect.stringMatching(/from "last week" is not a date.*; to is missing/) });
    expect(parseReplayWindow("2026-11-06", "2026-11-05")).toEqual({ ok: false, code: "REPLAY_WINDOW_EMPTY", message: "from (2026-11-06T00:00:00.000Z) is after to (2026-11-05T23:59:59.999Z)" });
  });
});
