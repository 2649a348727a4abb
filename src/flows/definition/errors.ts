/** Stable codes of flow definition errors. */
export type FlowErrorCode =
  | "YAML_SYNTAX"
  | "SHAPE_INVALID"
  | "STEP_ID_DUPLICATE"
  | "TRIGGER_UNKNOWN"
  | "ACTION_UNKNOWN"
  | "EXPRESSION_INVALID"
  | "DURATION_INVALID"
  | "FLOW_ID_DUPLICATE"
  | "FILE_UNREADABLE";

export type FlowPath = ReadonlyArray<string | number>;

/** An error found in a flow, before it is placed in a file. */
export interface FlowProblem {
  code: FlowErrorCode;
  path: FlowPath;
  /** "key" points at the key itself (unknown keys); "value" at what the key holds. */
  at: "key" | "value";
  message: string;
}

export interface FlowError {
  code: string;
  file: string;
  line: number | null;
  column: number | null;
  /** Dotted path, e.g. "steps.2.branch.then.0.action"; "" for the whole document. */
  key: string;
  message: string;
}

export const dottedKey = (path: FlowPath): string => path.map(String).join(".");

/** `flows/delay.yaml:12:5 steps.2.action: ACTION_UNKNOWN — no action "x" in the catalog`. */
export function formatFlowError(e: FlowError): string {
  const where = e.line === null ? e.file : `${e.file}:${e.line}${e.column === null ? "" : `:${e.column}`}`;
  return `${where}${e.key ? ` ${e.key}:` : ""} ${e.code} — ${e.message}`;
}
