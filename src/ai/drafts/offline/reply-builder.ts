import type { Draft } from "../draft.js";
import type { OrderFacts } from "../order-facts.js";
import type { Quote } from "./quote.js";

export const OFFLINE_MODEL = "offline-templates@1";

/**
 * Collects a reply's sentences with the facts and passages each one used, so the explanation
 * lists exactly what the reply states.
 */
export class ReplyBuilder {
  readonly #paragraphs: string[][] = [[]];
  readonly #facts = new Set<string>();
  readonly #passages = new Set<string>();

  constructor(private readonly signature: string) {}

  /** Record that the reply states the fact at `path` and hand back its value. */
  fact<T>(path: string, value: T): T {
    this.#facts.add(path);
    return value;
  }

  say(sentence: string): this {
    this.#paragraphs.at(-1)?.push(sentence);
    return this;
  }

  paragraph(): this {
    if ((this.#paragraphs.at(-1)?.length ?? 0) > 0) this.#paragraphs.push([]);
    return this;
  }

  quote(q: Quote): this {
    for (const s of q.sentences) this.say(s);
    for (const id of q.passageIds) this.#passages.add(id);
    return this;
  }

  /** True while nothing but the greeting has been said. */
  isEmpty(): boolean {
    return this.#paragraphs.flat().length <= 1;
  }

  greet(facts: OrderFacts | null): this {
    const name = facts?.customerFirstName ? this.fact("customerFirstName", facts.customerFirstName) : "there";
    this.say(`Hi ${name},`).paragraph();
    return this;
  }

  build(): Draft {
    this.paragraph().say("If anything else comes up, just reply to this email.").paragraph().say(`Best,\n${this.signature}`);
    const text = this.#paragraphs
      .filter((p) => p.length > 0)
      .map((p) => p.join(" "))
      .join("\n\n");
    return { engine: "offline", model: OFFLINE_MODEL, text, factsUsed: [...this.#facts], passagesUsed: [...this.#passages] };
  }
}
