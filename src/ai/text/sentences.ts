/**
 * Split prose into sentences. Decimal points ("$6.95"), abbreviations such as "a.m." and
 * URLs stay inside their sentence; a line break also ends one (greetings, sign-offs, list items).
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const parts = line.match(/(?:https?:\/\/\S+|\d+\.\d+|[ap]\.m\.|[^.!?])+(?:[.!?]+|$)/gi) ?? [];
    for (const p of parts) {
      const s = p.trim();
      if (s.length > 0) out.push(s);
    }
  }
  return out;
}
