import { describe, expect, it } from "vitest";
import { parse as losslessParse } from "lossless-json";
import { gidToId, idString, parseJsonLossless } from "../../src/core/lossless-json.js";
import { fixtureBytes, fixtureNames } from "./fixtures.js";
import type { VendorBody } from "./fixtures.js";

function value(raw: string | Buffer): unknown {
  const r = parseJsonLossless(raw);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

// The reference: lossless-json's own parser with the same number rule.
const referenceNumber = (s: string): unknown => (/^-?\d+$/.test(s) && !Number.isSafeInteger(Number(s)) ? s : Number(s));

describe("parseJsonLossless", () => {
  it("keeps Shopify ids above 2^53 exact, as strings", () => {
    const order = value(fixtureBytes("shopify/shopify-dev-2026-07/orders__create.json")) as VendorBody;
    expect(order.id).toBe("820982911946154508");
    expect(order.line_items[0].id).toBe("487817672276298554");
    expect(order.customer.id).toBe("115310627314723954");
    // JSON.parse would have rounded it:
    expect(String(JSON.parse('{"id":820982911946154508}').id)).toBe("820982911946154500");
  });

  it("leaves safe integers and all non-integers as numbers", () => {
    expect(value('{"a":9007199254740991,"b":-9007199254740991,"c":1234567890123456,"d":0.0,"e":89.99,"f":1e3,"g":-0}')).toEqual({
      a: 9007199254740991,
      b: -9007199254740991,
      c: 1234567890123456,
      d: 0,
      e: 89.99,
      f: 1000,
      g: -0,
    });
    expect(value("0.12345678901234567890123")).toBe(0.12345678901234568);
  });

  it("turns unsafe integers into strings wherever a value may sit", () => {
    expect(value("9007199254740992")).toBe("9007199254740992");
    expect(value('[9007199254740993, -9007199254740993,\n 12345678901234567890]')).toEqual(["9007199254740993", "-9007199254740993", "12345678901234567890"]);
    expect(value('{"a":{"b":[1,{"c": 99999999999999999999}]}}')).toEqual({ a: { b: [1, { c: "99999999999999999999" }] } });
  });

  it("never touches digits inside strings, including after escaped quotes", () => {
    expect(value('{"s":"x\\" 12345678901234567890 \\\\","n":12345678901234567890}')).toEqual({ s: 'x" 12345678901234567890 \\', n: "12345678901234567890" });
    expect(value('{"12345678901234567890":1}')).toEqual({ "12345678901234567890": 1 });
  });

  it("does not turn invalid JSON into valid JSON by quoting", () => {
    for (const bad of ["{12345678901234567890:1}", '{"a":1,12345678901234567890:2}', "[012345678901234567890]", "12345678901234567890x", '{"a":12345678901234567890', '{"a":"unterminated']) {
      const r = parseJsonLossless(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.code).toBe("MALFORMED_JSON");
    }
  });

  it("rejects bytes that are not UTF-8", () => {
    const r = parseJsonLossless(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]));
    expect(r).toMatchObject({ ok: false, code: "INVALID_UTF8" });
    expect(value(Buffer.from('{"name":"sécret"}', "utf8"))).toEqual({ name: "sécret" });
  });

  it("agrees with lossless-json on every fixture it is used on", () => {
    const dirs = ["shopify/shopify-dev-2026-07", "shopify/triggerdev-copies-precision-lost", "carriers/easypost", "carriers/aftership", "carriers/shippo"];
    let count = 0;
    for (const dir of dirs) {
      for (const name of fixtureNames(dir)) {
        const bytes = fixtureBytes(`${dir}/${name}`);
        expect(value(bytes), `${dir}/${name}`).toEqual(losslessParse(bytes.toString("utf8"), null, referenceNumber));
        count++;
      }
    }
    expect(count).toBeGreaterThan(40);
  });
});

describe("idString / gidToId", () => {
  it("gives exact id strings or refuses", () => {
    expect(idString(123456)).toBe("123456");
    expect(idString("820982911946154508")).toBe("820982911946154508");
    expect(idString(820982911946154500)).toBeNull(); // a rounded double is not an id
    expect(idString(1.5)).toBeNull();
    expect(idString("")).toBeNull();
    expect(idString(null)).toBeNull();
  });

  it("reads the numeric part of a Shopify gid", () => {
    expect(gidToId("gid://shopify/Order/820982911946154508")).toBe("820982911946154508");
    expect(gidToId("gid://shopify/InventoryLevel/24826418?inventory_item_id=271878346596884015")).toBe("24826418");
    expect(gidToId("gid://shopify/Order/")).toBeNull();
    expect(gidToId("820982911946154508")).toBeNull();
    expect(gidToId(42)).toBeNull();
  });
});
