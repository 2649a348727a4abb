import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FlowDefinition } from "./schema.js";
import type { FlowValidationContext } from "./context.js";
import type { FlowError } from "./errors.js";
import { parseFlowYaml } from "./load-yaml.js";
import { parseYamlSource } from "./yaml-source.js";

/**
 * Loads every `*.yaml` / `*.yml` file of a folder (not its subfolders), in name order. A file
 * with errors contributes its errors and no flow; a flow id seen in an earlier file is an error
 * against the later one, which is left out.
 */
export function loadFlowsDir(dir: string, ctx: FlowValidationContext): { flows: FlowDefinition[]; errors: FlowError[] } {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => e.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (e) {
    return { flows: [], errors: [unreadable(dir, e)] };
  }
  const files: FlowFile[] = [];
  const errors: FlowError[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      files.push({ file, text: readFileSync(file, "utf8") });
    } catch (e) {
      errors.push(unreadable(file, e));
    }
  }
  const loaded = parseFlowFiles(files, ctx);
  return { flows: loaded.flows, errors: [...errors, ...loaded.errors] };
}

/** A flow file's name (as its errors name it) and its text. */
export interface FlowFile {
  file: string;
  text: string;
}

/**
 * Flow files already read (a folder's, or sent to the API): a file with errors contributes its
 * errors and no flow; a flow id seen in an earlier file is an error against the later one, which
 * is left out.
 */
export function parseFlowFiles(files: readonly FlowFile[], ctx: FlowValidationContext): { flows: FlowDefinition[]; errors: FlowError[] } {
  const flows: FlowDefinition[] = [];
  const errors: FlowError[] = [];
  const fileOf = new Map<string, string>();
  for (const { file, text } of files) {
    const parsed = parseFlowYaml(text, file, ctx);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const earlier = fileOf.get(parsed.flow.id);
    if (earlier !== undefined) {
      const source = parseYamlSource(text);
      const pos = source.ok ? source.locate(["id"], "value") : null;
      errors.push({ code: "FLOW_ID_DUPLICATE", file, line: pos?.line ?? null, column: pos?.column ?? null, key: "id", message: `flow id "${parsed.flow.id}" is already defined in ${earlier}; flow ids must be unique` });
      continue;
    }
    fileOf.set(parsed.flow.id, file);
    flows.push(parsed.flow);
  }
  return { flows, errors };
}

/**
 * The flows that run: an operator's flow replaces the built-in flow with the same id (in its
 * place, so order stays stable); the operator's other flows follow. Disabling a built-in flow
 * is an operator flow with its id and `enabled: false`.
 */
export function mergeFlowSets<F extends { id: string }>(builtIn: readonly F[], operator: readonly F[]): F[] {
  const byId = new Map(operator.map((f) => [f.id, f]));
  const builtInIds = new Set(builtIn.map((f) => f.id));
  return [...builtIn.map((f) => byId.get(f.id) ?? f), ...operator.filter((f) => !builtInIds.has(f.id))];
}

function unreadable(file: string, e: unknown): FlowError {
  return { code: "FILE_UNREADABLE", file, line: null, column: null, key: "", message: e instanceof Error ? e.message : String(e) };
}
