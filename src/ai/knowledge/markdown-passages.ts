import type { Passage } from "./passage.js";

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Split one markdown document into passages, one per `##`/`###` section. The `#` title names the
 * document; text before the first section becomes `<doc>#overview`. Ids repeat-proof: a second
 * heading with the same slug gets `-2`.
 */
export function markdownPassages(docId: string, markdown: string): Passage[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  let docTitle = docId;
  const sections: { heading: string; body: string[] }[] = [{ heading: "Overview", body: [] }];
  for (const line of lines) {
    const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (h && h[1] === "#") {
      docTitle = h[2] ?? docId;
    } else if (h) {
      sections.push({ heading: h[2] ?? "", body: [] });
    } else {
      sections.at(-1)?.body.push(line);
    }
  }
  const seen = new Map<string, number>();
  const passages: Passage[] = [];
  for (const s of sections) {
    const text = s.body.join("\n").replace(/\n{3,}/g, "\n\n").trim();
    if (text.length === 0) continue;
    const base = slugify(s.heading) || "section";
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const slug = n === 1 ? base : `${base}-${n}`;
    passages.push({ id: `${docId}#${slug}`, docId, docTitle, heading: s.heading, text });
  }
  return passages;
}
