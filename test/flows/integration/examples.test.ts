import { describe, expect, it } from "vitest";
import { setUpFlows } from "../../../src/flows/flow-setup.js";

describe("the shipped example flows and policy", () => {
  it("load cleanly, as the demo loads them", () => {
    const setup = setUpFlows({ flowsDir: "examples/flows", policyFile: "policy.example.yaml" });
    expect(setup.ok ? setup.engine.flows.map((f) => f.id).sort() : setup.errors).toEqual(["lost-parcel-reship", "review-request"]);
  });
});
