import type { ScoredPassage } from "../../knowledge/passage.js";
import { sentences } from "../../text/sentences.js";
import { tokenize } from "../../text/tokenize.js";

export interface Quote {
  sentences: string[];
  passageIds: string[];
}

/**
 * The sentences of the best passages that answer `query`, verbatim and in their own order: the
 * offline engine states policy only by quoting it. Passages are re-ranked by how many of the
 * query's words they share (ties keep retrieval order), since the template's query is narrower than
 * the retrieval one. The top passage is quoted from its start (it is the answer, and its
 * sentences lean on each other); from the next ones, only sentences sharing two words with the query.
 */
export function quotePassages(passages: readonly ScoredPassage[], query: string, max: number, fromPassages = 2): Quote {
  const q = new Set(tokenize(query));
  const picked: string[] = [];
  const ids: string[] = [];
  const shared = (text: string) => new Set(tokenize(text).filter((t) => q.has(t))).size;
  const ranked = passages
    .map((p, i) => ({ p, i, n: shared(`${p.heading} ${p.text}`) }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.p);
  ranked.slice(0, fromPassages).forEach((p, rank) => {
    const all = sentences(p.text);
    const chosen = (rank === 0 ? all : all.filter((s) => shared(s) >= 2)).slice(0, max - picked.length);
    if (chosen.length > 0) {
      picked.push(...chosen);
      ids.push(p.id);
    }
  });
  return { sentences: picked, passageIds: ids };
}
