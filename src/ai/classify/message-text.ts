import type { ClassifyInput } from "./classification.js";

/** Subject and body as one text: a subject like "Where is my order??" often carries the intent. */
export function messageText(input: ClassifyInput): string {
  const subject = input.subject?.trim();
  return subject ? `${subject}\n${input.text}` : input.text;
}
