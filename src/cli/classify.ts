import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { ClassifyInput, type Classification } from "../ai/classify/classification.js";
import type { Classifier } from "../ai/classify/classifier.js";
import { classifierFromCli, type ClassifierCliOptions } from "./classifier-from-cli.js";

/** The documented output line: snake_case keys, the id echoed as the caller sent it. */
export function classificationLine(id: unknown, c: Classification): Record<string, unknown> {
  return {
    id: id ?? null,
    intent: c.intent,
    confidence: c.confidence,
    sentiment: c.sentiment,
    language: c.language,
    entities: { order_numbers: c.entities.orderNumbers, tracking_numbers: c.entities.trackingNumbers, emails: c.entities.emails },
    needs_human: c.needsHuman,
    reasons: c.reasons,
    handover: c.handover,
    engine: c.engine,
  };
}

/**
 * JSON lines in ({"id", "subject"?, "text"}), one JSON line out per input line, in order. A line
 * that is not valid input yields {"id", "error": {code, message}} and the run goes on.
 */
export async function runClassify(io: { input: Readable; output: Writable }, classifier: Classifier): Promise<{ classified: number; invalid: number }> {
  let classified = 0;
  let invalid = 0;
  const write = (obj: unknown) => io.output.write(`${JSON.stringify(obj)}\n`);
  for await (const raw of createInterface({ input: io.input, crlfDelay: Infinity })) {
    if (!raw.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      invalid++;
      write({ id: null, error: { code: "invalid_json", message: "the line is not JSON" } });
      continue;
    }
    const id = typeof json === "object" && json !== null ? (json as { id?: unknown }).id : undefined;
    const parsed = ClassifyInput.safeParse(typeof json === "object" && json !== null ? { ...json, id: id === undefined || id === null ? undefined : String(id) } : json);
    if (!parsed.success) {
      invalid++;
      const issue = parsed.error.issues[0];
      write({ id: id ?? null, error: { code: "invalid_input", message: `${issue?.path.join(".") || "(line)"}: ${issue?.message ?? "invalid"}` } });
      continue;
    }
    write(classificationLine(id, await classifier.classify(parsed.data)));
    classified++;
  }
  return { classified, invalid };
}

export async function classifyCommand(opts: ClassifierCliOptions): Promise<void> {
  const classifier = classifierFromCli(opts, process.env);
  const { invalid } = await runClassify({ input: process.stdin, output: process.stdout }, classifier);
  if (invalid > 0) process.exitCode = 1;
}
