import { z } from "zod";
import { FlowDefinition } from "./schema.js";

export const FLOW_SCHEMA_ID = "urn:firebreak:schema:flow:1";

/**
 * JSON Schema (draft-07, what editors' YAML plugins understand best) of what an author writes:
 * `enabled` and `conditions` are optional because they have defaults. The schema checks the
 * shape only; unknown actions, trigger types, CEL and durations are checked at load.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(FlowDefinition, { target: "draft-07", io: "input", cycles: "ref", reused: "inline" }) as Record<string, unknown>;
  return { ...schema, $id: FLOW_SCHEMA_ID, title: "Firebreak flow" };
}
