// The flow definition format (docs/FLOWS.md): schema, loaders, TypeScript API, JSON Schema.
export * from "./schema.js";
export { FLOW_TRIGGER_TYPES, permissiveFlowContext, type FlowValidationContext } from "./context.js";
export { formatFlowError, type FlowError, type FlowErrorCode } from "./errors.js";
export { parseFlowYaml, type FlowParseResult } from "./load-yaml.js";
export { loadFlowsDir, mergeFlowSets } from "./load-dir.js";
export { defineFlow, DEFINE_FLOW_FILE } from "./define.js";
export { flowJsonSchema, FLOW_SCHEMA_ID } from "./json-schema.js";
export { validateFlow, type FlowValidation } from "./validate.js";
export { forEachStep, childStepLists } from "./walk.js";
