import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { getIn, isRecord } from "../../core/object-path.js";

/** Checks a request body; returns what is wrong, empty when it is valid. */
export type BodyValidator = (body: unknown) => string[];

export interface KlaviyoValidators {
  events: BodyValidator; // POST /api/events
  profileImport: BodyValidator; // POST /api/profile-import
}

/**
 * Validators built from Klaviyo's own OpenAPI documents (klaviyo/openapi, `openapi/stable/apis/*.json`),
 * parsed JSON passed in so this module does no file I/O. The fake server takes them optionally,
 * which keeps `ajv` out of the runtime dependency tree unless the caller wants validation.
 */
export function klaviyoSchemaValidators(docs: { createEvent: unknown; createOrUpdateProfile: unknown }): KlaviyoValidators {
  return {
    events: openApiRequestValidator(docs.createEvent, "/api/events"),
    profileImport: openApiRequestValidator(docs.createOrUpdateProfile, "/api/profile-import"),
  };
}

/** A validator for the JSON request body of `POST path` as the OpenAPI 3.0 document declares it. */
export function openApiRequestValidator(doc: unknown, path: string): BodyValidator {
  const schemas = getIn(doc, ["components", "schemas"]);
  const ref = getIn(doc, ["paths", path, "post", "requestBody", "content", "application/vnd.api+json", "schema", "$ref"]);
  if (!isRecord(schemas) || typeof ref !== "string" || !ref.startsWith(COMPONENT_PREFIX)) {
    throw new Error(`OpenAPI document has no JSON:API request schema for POST ${path}`);
  }
  const definitions = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, toJsonSchema(schema)]));
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormatsModule.default(ajv);
  const validate: ValidateFunction = ajv.compile({ $ref: `#/definitions/${ref.slice(COMPONENT_PREFIX.length)}`, definitions });
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map(describe));
}

const COMPONENT_PREFIX = "#/components/schemas/";
const ANNOTATIONS = new Set(["description", "example", "nullable"]);

/**
 * OpenAPI 3.0 schema objects are almost JSON Schema: `nullable` becomes a "null" type (or an
 * anyOf beside a `$ref`/`oneOf`, where ajv refuses `nullable`), annotations and `x-` extensions
 * are dropped so ajv's strict mode can catch keywords we do not understand, and refs point at
 * `definitions`.
 */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isRecord(node)) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (ANNOTATIONS.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = value.replace(COMPONENT_PREFIX, "#/definitions/");
    else if (key === "properties" && isRecord(value)) {
      // keys here are property names ("title", "description"…), not keywords
      out.properties = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (key === "enum" || key === "default") out[key] = value;
    else out[key] = toJsonSchema(value);
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || "/";
  const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
  return `${where} ${e.message ?? e.keyword}${extra}`;
}


