import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyShopifyHmac } from "../../src/connectors/shopify/verify.js";
import { fixtureBytes } from "./fixtures.js";

const body = fixtureBytes("shopify/shopify-dev-2026-07/orders__create.json");
const sign = (secret: string, bytes: Buffer = body) => createHmac("sha256", secret).update(bytes).digest("base64");

describe("verifyShopifyHmac", () => {
  it("accepts the current secret and says which one matched", () => {
    expect(verifyShopifyHmac(body, sign("new-secret"), ["new-secret", "old-secret"])).toEqual({ ok: true, secretIndex: 0 });
  });

  it("accepts the previous secret during a rotation", () => {
    expect(verifyShopifyHmac(body, sign("old-secret"), ["new-secret", "old-secret"])).toEqual({ ok: true, secretIndex: 1 });
  });

  it("rejects a signature made with another secret", () => {
    expect(verifyShopifyHmac(body, sign("attacker"), ["new-secret", "old-secret"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });

  it("rejects a body changed by one byte", () => {
    const tampered = Buffer.from(body);
    tampered[10] = tampered[10]! ^ 0x01;
    expect(verifyShopifyHmac(tampered, sign("new-secret"), ["new-secret"])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });

  it("reports a missing header as missing", () => {
    expect(verifyShopifyHmac(body, undefined, ["s"])).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
    expect(verifyShopifyHmac(body, "  ", ["s"])).toMatchObject({ ok: false, code: "SIGNATURE_MISSING" });
  });

  it("rejects a header that is not base64 of 32 bytes", () => {
    const good = sign("s");
    for (const garbage of ["not base64 at all!", good.slice(0, -4), `${good}AAAA`, Buffer.alloc(16).toString("base64"), good.replace(/.$/, "*"), createHmac("sha256", "s").update(body).digest("hex")]) {
      expect(verifyShopifyHmac(body, garbage, ["s"]), garbage).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    }
  });

  it("never matches an empty secret or an empty list", () => {
    expect(verifyShopifyHmac(body, sign(""), [""])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
    expect(verifyShopifyHmac(body, sign("s"), [])).toMatchObject({ ok: false, code: "SIGNATURE_INVALID" });
  });
});
