import { readFileSync } from "node:fs";
import { Command } from "commander";
import { z } from "zod";
import type { Classifier } from "../ai/classify/classifier.js";
import { evaluateIntents, formatEvaluation, type IntentEvaluation } from "../ai/classify/evaluate.js";
import { classifierFromCli, type ClassifierCliOptions } from "./classifier-from-cli.js";

const EvalLine = z.object({ text: z.string().min(1), intent: z.string().min(1), subject: z.string().optional() });

export type EvalFileResult = { ok: true; evaluation: IntentEvaluation } | { ok: false; errors: string[] };

/** Classifies every labeled line of a JSONL file and scores the predictions against the labels. */
export async function evaluateFile(text: string, classifier: Classifier): Promise<EvalFileResult> {
  const errors: string[] = [];
  const rows: Array<z.infer<typeof EvalLine>> = [];
  text.split("\n").forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      errors.push(`line ${i + 1}: not JSON`);
      return;
    }
    const parsed = EvalLine.safeParse(json);
    if (parsed.success) rows.push(parsed.data);
    else errors.push(`line ${i + 1}: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? "invalid"}`);
  });
  if (errors.length) return { ok: false, errors };
  const pairs: Array<{ gold: string; predicted: string }> = [];
  for (const r of rows) pairs.push({ gold: r.intent, predicted: (await classifier.classify({ text: r.text, ...(r.subject ? { subject: r.subject } : {}) })).intent });
  return { ok: true, evaluation: evaluateIntents(pairs) };
}

/** `firebreak eval intents FILE.jsonl`. */
export function evalCommand(): Command {
  const cmd = new Command("eval").description("measure the classifier against labeled data");
  cmd
    .command("intents <file>")
    .description("per-intent precision, recall and F1, macro-F1 and the confusion pairs for a JSONL file of {text, intent}")
    .option("-c, --config <file>", "config file (its ai section)")
    .option("--engine <engine>", "offline | openai | anthropic")
    .option("--threshold <p>", "confidence threshold")
    .option("--json", "print the result as JSON")
    .action(async (file: string, opts: ClassifierCliOptions & { json?: boolean }) => {
      const result = await evaluateFile(readFileSync(file, "utf8"), classifierFromCli(opts, process.env));
      if (!result.ok) {
        for (const e of result.errors) process.stderr.write(`${file}: ${e}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(result.evaluation, null, 2)}\n` : formatEvaluation(result.evaluation));
    });
  return cmd;
}
