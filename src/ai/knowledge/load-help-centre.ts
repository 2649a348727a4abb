import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { markdownPassages } from "./markdown-passages.js";
import type { Passage } from "./passage.js";

/**
 * Read every markdown file of a help-centre folder (not recursive; README.md is the folder's own
 * notes) into passages, in file-name order so that ids and tie-breaks are reproducible.
 */
export async function loadHelpCentre(dir: string): Promise<Passage[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(".md") && n.toLowerCase() !== "readme.md").sort();
  const passages: Passage[] = [];
  for (const name of names) {
    const markdown = await readFile(join(dir, name), "utf8");
    passages.push(...markdownPassages(basename(name, ".md"), markdown));
  }
  return passages;
}
