import { tokenize } from "../../text/tokenize.js";
import { declined } from "../draft.js";
import { quotePassages } from "./quote.js";
import { ReplyBuilder } from "./reply-builder.js";
import type { Template } from "./template.js";

/** A passage answers a product question only if it shares this many words with it. */
export const MIN_SHARED_WORDS = 2;

/** Product questions are answered from the product notes, quoted, or not at all. */
export const productQuestion: Template = ({ context, question, signature }) => {
  const q = new Set(tokenize(question));
  const sharedWords = (text: string) => new Set(tokenize(text).filter((t) => q.has(t))).size;
  const relevant = context.passages.filter((p) => sharedWords(`${p.heading} ${p.text}`) >= MIN_SHARED_WORDS);
  const quote = quotePassages(relevant, question, 3);
  if (quote.sentences.length === 0) {
    return declined("no_passages", `no product passage shares ${MIN_SHARED_WORDS} words with the question`);
  }
  const b = new ReplyBuilder(signature).greet(context.facts);
  b.say("Thanks for your question. Here is what our product notes say:").paragraph().quote(quote);
  return { ok: true, draft: b.build() };
};
