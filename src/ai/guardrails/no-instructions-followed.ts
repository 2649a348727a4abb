import { findInstructions } from "../text/instructions.js";
import { sharedRun } from "../text/shared-run.js";
import { failed, passed, type Guardrail } from "./guardrail.js";
import { covers, findPromises, requestedKinds } from "./promises.js";

/** A run of this many words copied from our prompt or the customer's instruction counts as echo. */
export const ECHO_WORDS = 6;

const LEAK = /\bsystem prompt\b|\bmy (instructions|rules|prompt)\b|\bi was (told|instructed)\b|\bas an ai\b|\blanguage model\b|\bdeveloper mode\b|\bignor(e|ing) (my|the|all|previous) (rules|instructions)\b/i;

/**
 * A customer message is data, never instructions. The draft must not grant what the message
 * demanded (a refund, a discount…) without an approved action, must not reveal or paraphrase our
 * prompt, and must not repeat an instruction the message tried to give.
 */
export const noInstructionsFollowed: Guardrail = (draft, context) => {
  const problems: string[] = [];
  const offending: string[] = [];

  const approved = context.approvedActions.map((a) => a.kind);
  const demanded = requestedKinds(context.message);
  for (const p of findPromises(draft.text)) {
    if (demanded.includes(p.kind) && !approved.some((a) => covers(a, p.kind))) {
      offending.push(p.sentence);
      problems.push(`grants the ${p.kind} the customer asked for: "${p.sentence}"`);
    }
  }

  const leak = LEAK.exec(draft.text);
  if (leak) {
    offending.push(leak[0]);
    problems.push(`talks about its own instructions: "${leak[0]}"`);
  }

  const prompt = draft.request ? `${draft.request.system}\n${draft.request.instruction}` : "";
  const fromPrompt = sharedRun(draft.text, prompt, ECHO_WORDS);
  if (fromPrompt) {
    offending.push(fromPrompt);
    problems.push(`repeats our prompt: "${fromPrompt}"`);
  }

  for (const instruction of findInstructions(context.message)) {
    const echoed = sharedRun(draft.text, instruction.sentence, ECHO_WORDS);
    if (echoed) {
      offending.push(echoed);
      problems.push(`repeats the customer's ${instruction.kind} instruction: "${echoed}"`);
    }
  }

  return problems.length === 0
    ? passed("no-instructions-followed", "treats the customer message as data: nothing demanded is granted, nothing of the prompt is echoed")
    : failed("no-instructions-followed", offending, problems.join("; "));
};
