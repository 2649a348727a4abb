import { z } from "zod";

/** One section of approved help content: the unit of retrieval, citation and grounding. */
export const Passage = z.object({
  /** Stable across re-indexing while the file name and heading stay: `returns-policy#return-window`. */
  id: z.string().min(1),
  docId: z.string().min(1),
  docTitle: z.string(),
  heading: z.string(),
  text: z.string(),
});
export type Passage = z.infer<typeof Passage>;

/** A retrieved passage with its relevance score (BM25; higher is better). */
export const ScoredPassage = Passage.extend({ score: z.number() });
export type ScoredPassage = z.infer<typeof ScoredPassage>;
